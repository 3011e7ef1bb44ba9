"""Questions asked of the graph: claims by id, paths between nodes, what a source is cited for,
which sources a set of nodes and claims cites, and counts.

Examples
--------
>>> hops = shortest_paths(G, "morphine", "intrathecal-pump")[0]
>>> [hop["from"] for hop in hops], len(hops)
(['morphine'], 1)
"""

from __future__ import annotations

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
