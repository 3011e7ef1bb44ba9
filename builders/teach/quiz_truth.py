"""What the data makes true, for the quiz: so that a wrong option is never right.

A multiple-choice question asks for one end of a supported claim: "Which of these is a listed
risk of X?". Another option is *true by the data* when a claim of the same relation (of any
status: a weak claim still makes an option arguable) joins the subject, or one of its relatives,
to the option or one of its relatives; and, for a relation whose claims chain (``transitive`` or
``sequence`` in ``schema.yaml``), when a chain of such claims does.

A node's *relatives* are the nodes it shares a name with (a label or an alias) and those a
``family`` relation (``is_a``, ``form_of``, ``builds_on``, ``located_in``, and a therapy's drugs,
devices and steps) joins it to, up or down, at any distance: what is said of opioids is said of
morphine, what is said of chronic pain may be said of one of its forms, a risk of morphine is a
risk of the therapies that use it. And what a chaining relation (``causes``) leads on to from an
answer is an answer too: a consequence of a listed risk is a risk.

A node's *siblings* are of its kind and have something in common with it through a ``shared``
relation: two therapies that use the same drug or device, two drugs of one class. What the data says of one
may hold for the other (a risk listed for oral opioids may be a risk of an opioid pump), so on
both ends of a question a sibling of an answer is an answer too.

For a ``sequence`` (steps of care: "comes before"), an option that the data neither puts before
nor after the subject is not safe either: it may belong to the same course of care. Its wrong
options are only the steps that supported claims put on the *other* side of the subject.

Examples
--------
>>> truth = Truth(G)
>>> "opioids" in truth.relatives("morphine")
True
>>> before = truth.answers("specialist-follow-up", "precedes", forward=False)
>>> {"dose-adjustment", "intrathecal-trial"} <= before
True
>>> truth.other_side("specialist-follow-up", "precedes", forward=False)
frozenset()
>>> sorted(truth.siblings("ketamine-infusion"))
['iv-infusion-therapy']
>>> "overdose" in truth.answers("intrathecal-pump", "has_risk")   # listed for oral opioids
True
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

import networkx as nx


def names_of(data: dict) -> frozenset[str]:
    """A node's names, ignoring case: its label and its aliases.

    >>> sorted(names_of({"label": "Pain pump", "aliases": ["IDDS", "pain pump"]}))
    ['idds', 'pain pump']
    """
    return frozenset(n.casefold().strip() for n in (data["label"], *data.get("aliases", ())) if n.strip())


class Truth:
    """The claims of a graph indexed for the quiz's questions: relatives, chains and sides.

    Built once per graph (a few passes over its claims); each answer set is cached.
    """

    def __init__(self, G: nx.MultiDiGraph):
        self.G = G
        self.relations = G.graph["schema"].relations
        self._names = {n: names_of(d) for n, d in G.nodes(data=True)}
        self._by_name: dict[str, set[str]] = defaultdict(set)
        for node, names in self._names.items():
            for name in names:
                self._by_name[name].add(node)
        self._up: dict[str, set[str]] = defaultdict(set)
        self._down: dict[str, set[str]] = defaultdict(set)
        self._shares: dict[str, set[str]] = defaultdict(set)
        self._shared_by: dict[str, set[str]] = defaultdict(set)
        #: Per relation: successors and predecessors by any claim, and by supported claims only.
        self._next: dict[tuple[str, bool, bool], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for u, v, d in G.edges(data=True):
            relation = self.relations.get(d["relation"])
            if relation is not None and relation.family:
                self._up[u].add(v)
                self._down[v].add(u)
            if relation is not None and relation.shared:
                self._shares[u].add(v)
                self._shared_by[v].add(u)
            for trusted in {False, d["status"] == "supported"}:
                self._next[(d["relation"], True, trusted)][u].add(v)
                self._next[(d["relation"], False, trusted)][v].add(u)
        self.relatives = lru_cache(maxsize=None)(self._relatives)
        self.siblings = lru_cache(maxsize=None)(self._siblings)
        self.answers = lru_cache(maxsize=4096)(self._answers)
        self.other_side = lru_cache(maxsize=4096)(self._other_side)
        self.near = lru_cache(maxsize=4096)(self._near)

    def same_name(self, node: str) -> set[str]:
        """The nodes that share a label or an alias with ``node`` (itself included)."""
        return set().union({node}, *(self._by_name[name] for name in self._names[node]))

    def _walk(self, start: set[str], step: dict[str, set[str]]) -> set[str]:
        seen, frontier = set(), set(start)
        while frontier:
            frontier = set().union(*(step.get(n, ()) for n in frontier)) - seen
            seen |= frontier
        return seen

    def _relatives(self, node: str) -> frozenset[str]:
        """The node, the nodes that share a name with it, and their family up and down."""
        named = self.same_name(node)
        family = named | self._walk(named, self._up) | self._walk(named, self._down)
        return frozenset(family.union(*(self.same_name(n) for n in family)))

    def _siblings(self, node: str) -> frozenset[str]:
        """The nodes of the same kind that share something with ``node`` through ``shared``
        relations, at any distance up (a drug, its class): other therapies that use one of its
        drugs, other drugs of its class."""
        kind = self.G.nodes[node]["kind"]
        common = self._walk({node}, self._shares)
        return frozenset(n for n in self._walk(common, self._shared_by) - {node} if self.G.nodes[n]["kind"] == kind)

    def _expand(self, nodes) -> set[str]:
        """The nodes' relatives, the relatives of their siblings and the siblings of their
        relatives (both ways round, so that the two ends of a question are treated alike)."""
        found: set[str] = set()
        for node in nodes:
            family = self.relatives(node)
            found |= family.union(*(self.relatives(s) for s in self.siblings(node)),
                                  *(self.siblings(r) for r in family))
        return found

    def _answers(self, subject: str, relation: str, forward: bool = True) -> frozenset[str]:
        """Every node that answers "subject --relation--> ?" (``forward``) or "? --relation--> subject"
        by the data: its claims of any status, relatives on both ends, chains where they chain, and
        what a chain leads on to from the claim's target (a consequence of a listed risk is a risk
        too; a listed risk of something that leads to X carries the risk of X too)."""
        step = self._next[(relation, forward, False)]
        chains = relation in self.relations and self.relations[relation].chains
        start = self._expand({subject})
        if not forward:
            start |= self._consequences(start, forward=False)
        found: set[str] = set()
        frontier = start
        while frontier:
            reached = self._expand(set().union(*(step.get(n, ()) for n in frontier))) - found
            found |= reached
            frontier = reached if chains else set()
        if forward:
            found |= self._consequences(found, forward=True)
        return frozenset(found)

    def _consequences(self, nodes: set[str], forward: bool) -> set[str]:
        """What the relations that chain lead on to from ``nodes`` (``forward``), or from what they
        lead to ``nodes`` (backwards), at any distance, with relatives at each step."""
        steps = [self._next[(r.id, forward, False)] for r in self.relations.values() if r.chains]
        seen, frontier = set(), set(nodes)
        while frontier:
            frontier = self._expand(set().union(*(s.get(n, ()) for s in steps for n in frontier))) - seen - nodes
            seen |= frontier
        return seen

    def _other_side(self, subject: str, relation: str, forward: bool = True) -> frozenset[str]:
        """For a sequence: the nodes supported claims put on the other side of ``subject`` (before
        it, when the question asks what comes after), and that no claim puts on the asked side."""
        behind = self._walk({subject}, self._next[(relation, not forward, True)])
        return frozenset(behind - self.answers(subject, relation, forward) - {subject})

    def joined(self, node: str, skip: str | None = None) -> set[str]:
        """The nodes a claim of any relation (but ``skip``) joins to ``node``, and the node itself."""
        G = self.G
        found = {node}
        for a, b, d in list(G.out_edges(node, data=True)) + list(G.in_edges(node, data=True)):
            if d["relation"] != skip:
                found.add(b if a == node else a)
        return found

    def _near(self, subject: str, relation: str, kind: str, forward: bool = True) -> frozenset[str]:
        """What is too close to a question to be a safe wrong option of ``kind``: the subject's
        relatives, the answers of that kind, and every node a claim of any relation joins to one
        of them (a cause or a warning sign of a listed risk, what a step of the therapy prevents)."""
        answers = {a for a in self.answers(subject, relation, forward) if self.G.nodes[a]["kind"] == kind}
        return frozenset(set().union(*(self.joined(n) for n in self.relatives(subject) | answers)))

    def distinct(self, node: str, others) -> bool:
        """Whether ``node`` shares no name with any of ``others`` (so no two options read alike)."""
        return all(not self._names[node] & self._names[o] for o in others)
