"""An oracle for quiz questions, written apart from the quiz's own code: is a wrong option in fact
right by the data?

It reads the graph with networkx alone. A node's relatives are the nodes sharing a name (label or
alias, ignoring case) with it, and the ancestors and descendants of those in the graph of
``family`` claims. An option answers "subject --relation--> ?" when a claim of that relation (any
status) leads from a relative of the subject to a relative of the option (asking for a claim's
source, the option and the subject swap places: one definition, read both ways); for a relation that
chains (``transitive`` or ``sequence``), when a path of such claims does, each hop starting
anywhere among the relatives of where the last one ended. What a chaining relation leads on to
from the target end counts too (a consequence of a listed risk; the risk of something that leads
to X). For a ``sequence``, a wrong option must also be shown wrong: supported claims put it on
the other side of the subject.

Siblings are of one kind and share a descendant in the graph of ``shared`` claims (two therapies using one drug, two
drugs of one class): on either end of a claim, the relatives of a node's siblings and the
siblings of its relatives count as the node itself. And but for a
``sequence``, an option is arguable when a claim of any relation joins it to a relative of the
subject or to an answer of its kind (a cause or a warning sign of a listed risk).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx


def _names(data: dict) -> set[str]:
    return {n.casefold().strip() for n in [data["label"], *data["aliases"]] if n.strip()}


@dataclass
class Oracle:
    G: nx.MultiDiGraph
    names: dict = field(init=False)
    family: nx.DiGraph = field(init=False)
    claims: dict = field(init=False)
    supported: dict = field(init=False)

    def __post_init__(self):
        G, relations = self.G, self.G.graph["schema"].relations
        self.names = {n: _names(d) for n, d in G.nodes(data=True)}
        self.family, self.shared, self.any_claim = nx.DiGraph(), nx.DiGraph(), nx.Graph()
        self.family.add_nodes_from(G)
        self.shared.add_nodes_from(G)
        self.any_claim.add_nodes_from(G)
        self.claims, self.supported = defaultdict(nx.DiGraph), defaultdict(nx.DiGraph)
        for u, v, d in G.edges(data=True):
            if relations[d["relation"]].family:
                self.family.add_edge(u, v)
            if relations[d["relation"]].shared:
                self.shared.add_edge(u, v)
            self.any_claim.add_edge(u, v)
            self.claims[d["relation"]].add_edge(u, v)
            if d["status"] == "supported":
                self.supported[d["relation"]].add_edge(u, v)
        self._relatives: dict[str, set[str]] = {}
        self._hops: dict[str, nx.DiGraph] = {}
        self._near: dict[str, set[str]] = {}
        self._answers: dict[tuple[str, str], set[str]] = {}

    def same_name(self, node: str) -> set[str]:
        return {m for m, names in self.names.items() if names & self.names[node]} | {node}

    def relatives(self, node: str) -> set[str]:
        if node not in self._relatives:
            found = set()
            for m in self.same_name(node):
                found |= {m} | nx.ancestors(self.family, m) | nx.descendants(self.family, m)
            self._relatives[node] = found.union(*(self.same_name(m) for m in found))
        return self._relatives[node]

    def siblings(self, node: str) -> set[str]:
        """The nodes of its kind sharing a descendant with ``node`` in the graph of ``shared`` claims."""
        common = nx.descendants(self.shared, node)
        kind = self.G.nodes[node]["kind"]
        return {n for n in set().union(*(nx.ancestors(self.shared, c) for c in common)) - {node}
                if self.G.nodes[n]["kind"] == kind}

    def near(self, node: str) -> set[str]:
        """The node's relatives, its siblings' relatives and its relatives' siblings."""
        if node not in self._near:
            family = self.relatives(node)
            self._near[node] = family.union(*(self.relatives(s) for s in self.siblings(node)),
                                            *(self.siblings(r) for r in family))
        return self._near[node]

    def _lead(self) -> nx.DiGraph:
        """x -> every relative of a node one claim of a chaining relation beyond x."""
        if not hasattr(self, "_lead_graph"):
            relations = self.G.graph["schema"].relations
            self._lead_graph = nx.DiGraph()
            for relation, graph in self.claims.items():
                if relations[relation].transitive or relations[relation].sequence:
                    for x, y in graph.edges:
                        self._lead_graph.add_edges_from((x, r) for r in self.relatives(y))
        return self._lead_graph

    def answers(self, subject: str, relation: str) -> set[str]:
        """Every node the data makes an answer to "subject --relation--> ?", by the rules in the
        module's docstring."""
        if (subject, relation) in self._answers:
            return self._answers[(subject, relation)]
        spec = self.G.graph["schema"].relations[relation]
        if relation not in self._hops:  # x -> every relative of a node one claim beyond x
            self._hops[relation] = nx.DiGraph()
            for x, y in self.claims[relation].edges:
                self._hops[relation].add_edges_from((x, r) for r in self.near(y))
        hops = self._hops[relation]
        found = set()
        for start in self.near(subject):
            if start in hops:
                found |= nx.descendants(hops, start) if spec.transitive or spec.sequence else set(hops[start])
        lead = self._lead()  # and what the answers lead on to
        found |= set().union(*(nx.descendants(lead, f) for f in found if f in lead))
        self._answers[(subject, relation)] = found
        return found

    def true(self, source: str, relation: str, target: str) -> bool:
        """Whether "source --relation--> target" is true by the data."""
        return target in self.answers(source, relation)

    def second_answer(self, question) -> str | None:
        """Why a wrong option of a multiple-choice question is right too, or ``None``."""
        forward = question.id.endswith(":forward")
        relation, subject = question.relation, question.subject

        def holds(option: str) -> bool:
            return self.true(subject, relation, option) if forward else self.true(option, relation, subject)

        if not holds(question.answer):
            return f"the answer {question.answer} is not an answer by the data"
        spec = self.G.graph["schema"].relations[relation]
        kind = self.G.nodes[question.answer]["kind"]
        answers = {o for o in self.G if self.G.nodes[o]["kind"] == kind and holds(o)} if not spec.sequence else set()
        joined = set().union(*(self.any_claim[n] for n in self.relatives(subject) | answers))
        for option in question.options:
            if option == question.answer:
                continue
            if holds(option):
                return f"{option} answers it too"
            if option in self.relatives(subject) or self.names[option] & self.names[question.answer]:
                return f"{option} is a relative of the subject or shares a name with the answer"
            if not spec.sequence and option in joined:
                return f"{option} is joined by a claim to the subject's family or to an answer"
            if spec.sequence:
                graph = self.supported[relation]
                behind = (nx.ancestors if forward else nx.descendants)(graph, subject) if subject in graph else set()
                if option not in behind:
                    return f"{option} is not shown to be on the other side of {subject}"
        return None
