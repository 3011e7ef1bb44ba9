"""Questions asked of the graph: claims by id, paths between nodes, what a source is cited for,
which sources a set of nodes and claims cites, and counts.

Examples
--------
>>> hops = shortest_paths(G, "morphine", "intrathecal-pump")[0]
>>> [hop["from"] for hop in hops], len(hops)
(['morphine'], 1)
"""

from __future__ import annotations

import heapq
from collections import Counter
from typing import Iterable

import networkx as nx

from ..data.model import STATUS_RANK


def edge_by_id(G: nx.MultiDiGraph) -> dict[str, tuple[str, str, dict]]:
    """Map claim id to ``(source, target, attributes)``."""
    return {key: (u, v, data) for u, v, key, data in G.edges(keys=True, data=True)}


def claim(G: nx.MultiDiGraph, claim_id: str) -> dict:
    """A claim's attributes with its ``source`` and ``target``; ``KeyError`` when it is not in ``G``.

    >>> claim(G, "e-pe-risk-infection")["target"]
    'infection'
    """
    u, v = G.graph.get("claim_ends", {}).get(claim_id, (None, None))
    if u is None or not G.has_edge(u, v, claim_id):
        raise KeyError(claim_id)
    return dict(G.edges[u, v, claim_id], source=u, target=v)


def sources_of(data: dict) -> set[str]:
    """The ids of the sources cited by a node's or edge's attribute dict."""
    return {c["source"] for c in data.get("citations", [])}


def cited_sources(G: nx.MultiDiGraph, nodes: Iterable[str], claims: Iterable[dict]) -> list[str]:
    """The ids of every source cited by some nodes and claims (attribute dicts), their
    corrections included, sorted by title: what a reference list of them names."""
    used: set[str] = set()
    for n in nodes:
        used.update(sources_of(G.nodes[n]))
    for data in claims:
        used.update(sources_of(data))
        for correction in data.get("corrections", []):
            used.update(sources_of(correction))
    sources = G.graph["sources"]
    return sorted((s for s in used if s in sources), key=lambda s: (sources[s].title.casefold(), s))


def shortest_paths(G: nx.MultiDiGraph, source: str, target: str, limit: int = 5) -> list[list[dict]]:
    """Up to ``limit`` shortest paths between two nodes, ignoring direction.

    Each path is a list of hops; a hop is the attribute dict of one claim plus ``from`` and
    ``to`` (the nodes in the order walked). Where several claims join the same two nodes, the
    hop uses the best-supported one. Returns ``[]`` when the nodes are not connected, or are one
    node (a path of no step says nothing).
    """
    if source == target:
        return []
    undirected = G.to_undirected(as_view=True)
    try:
        node_paths = nx.all_shortest_paths(undirected, source, target)
        result = []
        for nodes in node_paths:
            result.append([_best_claim(G, a, b) for a, b in zip(nodes, nodes[1:])])
            if len(result) >= limit:
                break
        return result
    except nx.NetworkXNoPath:
        return []


def _best_claim(G: nx.MultiDiGraph, a: str, b: str) -> dict:
    candidates = [dict(d, source=a, target=b) for d in (G.get_edge_data(a, b) or {}).values()]
    candidates += [dict(d, source=b, target=a) for d in (G.get_edge_data(b, a) or {}).values()]
    best = min(candidates, key=lambda d: (STATUS_RANK.get(d["status"], 3), d["id"]))
    return dict(best, **{"from": a, "to": b})


def path_reading(G: nx.MultiDiGraph, path: list[dict]) -> list[str]:
    """A path as sentences, one per hop, with the direction of each claim kept; where two hops
    both point at the node between them, a note that they only share it.

    Walking a path ignores the claims' direction, so "oral opioids treat chronic pain" and
    "an intrathecal pump treats chronic pain" make a path from one therapy to the other. That is
    not a cause: both relate to chronic pain, which the note says.

    >>> hops = shortest_paths(G, "oral-opioids", "intrathecal-pump")[0]
    >>> any("both" in line for line in path_reading(G, hops)) or len(hops) == 1
    True
    """
    relations, label = G.graph["schema"].relations, (lambda n: G.nodes[n]["label"])
    lines = []
    for number, hop in enumerate(path, 1):
        relation = relations[hop["relation"]]
        reading = relation.label if hop["from"] == hop["source"] else relation.inverse
        lines.append(f"{number}. {label(hop['from'])} — {reading} — {label(hop['to'])}")
    for before, after in zip(path, path[1:]):
        middle = before["to"]
        into = before["target"] == middle and after["target"] == middle
        out = before["source"] == middle and after["source"] == middle
        a, b, m = label(before["from"]), label(after["to"]), label(middle)
        if into:
            lines.append(f"Note: {a} and {b} both relate to {m}; sharing it does not make one lead to the other.")
        elif out:
            lines.append(f"Note: {m} has a claim about {a} and one about {b}; that does not make one lead to the other.")
    return lines


def claims_by_source(G: nx.MultiDiGraph, source_id: str) -> list[dict]:
    """Every claim a source is cited for, with ``source``/``target`` node ids."""
    return [dict(d, source=u, target=v) for u, v, d in G.edges(data=True) if source_id in sources_of(d)]


def counts(G: nx.MultiDiGraph) -> dict[str, Counter]:
    """Counts by node kind, relation, status and citing source, for stats and the app."""
    result = {"nodes by kind": Counter(), "nodes by status": Counter(), "claims by relation": Counter(),
              "claims by status": Counter(), "citations by source": Counter(),
              "sources by reliability": Counter(s.reliability for s in G.graph["sources"].values())}
    for _, data in G.nodes(data=True):
        result["nodes by kind"][data["kind"]] += 1
        result["nodes by status"][data["status"]] += 1
        result["citations by source"].update(c["source"] for c in data["citations"])
    for _, _, data in G.edges(data=True):
        result["claims by relation"][data["relation"]] += 1
        result["claims by status"][data["status"]] += 1
        result["citations by source"].update(c["source"] for c in data["citations"])
    return result


# --------------------------------------------------------------------------- search by name

#: How well a name matches a query, best first: the whole name, its start, the start of one of
#: its words, or inside a word. A name that does not contain the query does not match at all.
EXACT, PREFIX, WORD_PREFIX, INSIDE = range(4)


def match_rank(name: str, query: str) -> int | None:
    """How ``name`` matches ``query`` (both case-folded): a rank of :data:`EXACT` ... :data:`INSIDE`,
    or ``None`` when the name does not contain the query.

    >>> [match_rank(n, "ket") for n in ("ket", "ketamine", "oral ketamine", "sketch", "refill error")]
    [0, 1, 2, 3, None]
    """
    at = name.find(query)
    if at < 0 or not query:
        return None
    if name == query:
        return EXACT
    if at == 0:
        return PREFIX
    while at >= 0:
        if not name[at - 1].isalnum():
            return WORD_PREFIX
        at = name.find(query, at + 1)
    return INSIDE


class NameIndex:
    """Every node's label and aliases, case-folded once, to rank nodes by how well they match.

    >>> index = NameIndex(G)
    >>> [G.nodes[n]["label"] for n, _ in index.rank("ketamine")][:2]
    ['Ketamine', 'Ketamine infusion']
    >>> all("ketamine" in name.casefold() for _, name in index.rank("ketamine"))
    True
    """

    def __init__(self, G: nx.MultiDiGraph):
        self.entries = [(node, d["label"], tuple(d["aliases"]),
                         " ".join(d["label"].casefold().split()),
                         tuple(" ".join(a.casefold().split()) for a in d["aliases"]))
                        for node, d in G.nodes(data=True)]

    def rank(self, query: str, limit: int = 8) -> list[tuple[str, str]]:
        """The best ``limit`` nodes for a query as ``(node, the name that matched)``: by rank, the
        label before an alias at the same rank, then shorter names first, then by label."""
        query = " ".join(query.casefold().split())
        found = []
        for node, label, aliases, folded, folded_aliases in self.entries:
            best = None
            for name, shown, is_alias in [(folded, label, 0)] + [(a, s, 1) for a, s in zip(folded_aliases, aliases)]:
                rank = match_rank(name, query)
                if rank is not None and (best is None or (rank, is_alias) < best[:2]):
                    best = (rank, is_alias, shown)
            if best is not None:
                found.append((best[0], best[1], len(label), label.casefold(), node, best[2]))
        return [(node, shown) for *_, node, shown in heapq.nsmallest(limit, found)]
