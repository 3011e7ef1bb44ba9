"""The graph and the queries on it.

:func:`build_graph` turns a :class:`~builders.model.Dataset` into a networkx ``MultiDiGraph``:
nodes carry their attributes, and each edge is keyed by its claim id and carries the claim, its
citations and its evidence status. The query functions take that graph and return plain data or
graph views, so the app, the exports and the command line all answer questions the same way.

Examples
--------
>>> from builders.load import load_dataset
>>> G = build_graph(load_dataset().dataset)
>>> G.nodes["intrathecal-pump"]["kind"]
'therapy'
>>> len(neighbourhood(G, "intrathecal-pump", depth=1)) > 5
True
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

import networkx as nx

from .evidence import statuses
from .model import Dataset


def build_graph(dataset: Dataset) -> nx.MultiDiGraph:
    """Build the graph of a dataset; ``G.graph`` holds the schema, sources and corrections."""
    status = statuses(dataset)
    G = nx.MultiDiGraph(schema=dataset.schema, sources=dataset.sources)
    for node in dataset.nodes.values():
        G.add_node(node.id, label=node.label, kind=node.kind, aliases=list(node.aliases),
                   description=node.description, status=status[node.id],
                   citations=[c.as_dict() for c in dataset.citations_of(node.id)],
                   corrections=[correction_dict(dataset, c.id) for c in dataset.corrections_of(node.id)])
    for edge in dataset.edges.values():
        corrections = [correction_dict(dataset, c.id) for c in dataset.corrections_of(edge.id)]
        G.add_edge(edge.source, edge.target, key=edge.id, id=edge.id, relation=edge.relation,
                   claim=edge.claim, qualifier=edge.qualifier, status=status[edge.id],
                   citations=[c.as_dict() for c in dataset.citations_of(edge.id)],
                   correction=corrections[0] if corrections else None, corrections=corrections)
    return G


def correction_dict(dataset: Dataset, correction_id: str) -> dict:
    correction = dataset.corrections[correction_id]
    return {"id": correction.id, "correction": correction.correction,
            "citations": [c.as_dict() for c in dataset.citations_of(correction.id)]}


# --------------------------------------------------------------------------- lookups

def edge_by_id(G: nx.MultiDiGraph) -> dict[str, tuple[str, str, dict]]:
    """Map claim id to ``(source, target, attributes)``."""
    return {key: (u, v, data) for u, v, key, data in G.edges(keys=True, data=True)}


def sources_of(data: dict) -> set[str]:
    """The ids of the sources cited by a node's or edge's attribute dict."""
    return {c["source"] for c in data.get("citations", [])}


# --------------------------------------------------------------------------- queries

def neighbourhood(G: nx.MultiDiGraph, node: str, depth: int = 1) -> set[str]:
    """The nodes within ``depth`` hops of ``node``, ignoring edge direction.

    Raises ``KeyError`` when the node is not in the graph.
    """
    if node not in G:
        raise KeyError(node)
    return set(nx.single_source_shortest_path_length(G.to_undirected(as_view=True), node, cutoff=depth))


def shortest_paths(G: nx.MultiDiGraph, source: str, target: str, limit: int = 5) -> list[list[dict]]:
    """Up to ``limit`` shortest paths between two nodes, ignoring direction.

    Each path is a list of hops; a hop is the attribute dict of one claim plus ``from`` and
    ``to`` (the nodes in the order walked). Where several claims join the same two nodes, the
    hop uses the best-supported one. Returns ``[]`` when the nodes are not connected.
    """
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


_STATUS_RANK = {"supported": 0, "weak": 1, "contradicted": 2}


def _best_claim(G: nx.MultiDiGraph, a: str, b: str) -> dict:
    candidates = [dict(d, source=a, target=b) for d in (G.get_edge_data(a, b) or {}).values()]
    candidates += [dict(d, source=b, target=a) for d in (G.get_edge_data(b, a) or {}).values()]
    best = min(candidates, key=lambda d: (_STATUS_RANK.get(d["status"], 3), d["id"]))
    return dict(best, **{"from": a, "to": b})


def claims_by_source(G: nx.MultiDiGraph, source_id: str) -> list[dict]:
    """Every claim a source is cited for, with ``source``/``target`` node ids."""
    return [dict(d, source=u, target=v) for u, v, d in G.edges(data=True) if source_id in sources_of(d)]


@dataclass(frozen=True)
class Filters:
    """What a view keeps. An empty set means "no restriction"."""

    kinds: frozenset[str] = frozenset()
    relations: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()

    @classmethod
    def of(cls, kinds: Iterable[str] = (), relations: Iterable[str] = (), sources: Iterable[str] = (),
           statuses: Iterable[str] = ()) -> "Filters":
        return cls(frozenset(kinds), frozenset(relations), frozenset(sources), frozenset(statuses))


@dataclass
class FilterReport:
    """How many nodes and claims each filter removed, in the order they were applied."""

    removed: dict[str, tuple[int, int]] = field(default_factory=dict)
    total: tuple[int, int] = (0, 0)
    kept: tuple[int, int] = (0, 0)


def filter_graph(G: nx.MultiDiGraph, filters: Filters) -> tuple[nx.MultiDiGraph, FilterReport]:
    """Apply filters; returns a subgraph view and what each filter removed.

    - ``kinds`` keeps nodes of those kinds (and the claims between them);
    - ``relations`` keeps claims of those relations;
    - ``statuses`` keeps nodes and claims with those evidence statuses;
    - ``sources`` keeps what those sources are cited for ("only what this source says"): their
      claims, the nodes they cite, and the ends of their claims.

    A claim is kept only when both its ends are kept. Nodes left without claims stay visible.
    """
    report = FilterReport(total=(G.number_of_nodes(), G.number_of_edges()))
    nodes = set(G.nodes)
    edges = {(u, v, k) for u, v, k in G.edges(keys=True)}

    def step(name: str, keep_node, keep_edge) -> None:
        nonlocal nodes, edges
        before = (len(nodes), len(edges))
        nodes = {n for n in nodes if keep_node(n)}
        edges = {(u, v, k) for u, v, k in edges if u in nodes and v in nodes and keep_edge(u, v, k)}
        report.removed[name] = (before[0] - len(nodes), before[1] - len(edges))

    if filters.kinds:
        step("kind", lambda n: G.nodes[n]["kind"] in filters.kinds, lambda u, v, k: True)
    if filters.relations:
        step("relation", lambda n: True, lambda u, v, k: G.edges[u, v, k]["relation"] in filters.relations)
    if filters.sources:
        cited_edges = {(u, v, k) for u, v, k in edges if sources_of(G.edges[u, v, k]) & filters.sources}
        cited_nodes = {n for n in nodes if sources_of(G.nodes[n]) & filters.sources}
        cited_nodes |= {u for u, _, _ in cited_edges} | {v for _, v, _ in cited_edges}
        step("source", lambda n: n in cited_nodes, lambda u, v, k: (u, v, k) in cited_edges)
    if filters.statuses:
        step("status", lambda n: G.nodes[n]["status"] in filters.statuses,
             lambda u, v, k: G.edges[u, v, k]["status"] in filters.statuses)
    report.kept = (len(nodes), len(edges))
    view = nx.subgraph_view(G, filter_node=lambda n: n in nodes, filter_edge=lambda u, v, k: (u, v, k) in edges)
    return view, report


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


# --------------------------------------------------------------------------- views

#: Default most nodes a view sends to the browser (level of detail).
DEFAULT_NODE_BUDGET = 300


@dataclass(frozen=True)
class ViewSpec:
    """Everything that defines one view of the graph; hashable, so views can be cached.

    ``fade`` keeps the nodes outside the focus visible but faded instead of hiding them.
    """

    focus: str | None = None
    depth: int = 1
    fade: bool = False
    filters: Filters = Filters()
    highlight_nodes: tuple[str, ...] = ()
    highlight_edges: tuple[str, ...] = ()
    max_nodes: int = DEFAULT_NODE_BUDGET


@dataclass
class View:
    """The nodes and claims a view shows, and how it got there."""

    nodes: list[str]
    edges: list[tuple[str, str, str]]
    faded: set[str]
    report: FilterReport
    #: Nodes the view would show without the node budget.
    available: int

    @property
    def truncated(self) -> bool:
        return len(self.nodes) < self.available


def make_view(G: nx.MultiDiGraph, spec: ViewSpec) -> View:
    """Apply filters, focus and the node budget; the result lists what to draw.

    Over budget, the view keeps the focus and its nearest neighbours (by hops, then degree),
    or without a focus the nodes of highest degree.
    """
    filtered, report = filter_graph(G, spec.filters)
    faded: set[str] = set()
    if spec.focus is not None and spec.focus in filtered:
        hops = nx.single_source_shortest_path_length(filtered.to_undirected(as_view=True), spec.focus,
                                                     cutoff=spec.depth)
        if spec.fade:
            faded = set(filtered.nodes) - set(hops)
            candidates = list(filtered.nodes)
        else:
            candidates = list(hops)
        rank = lambda n: (hops.get(n, spec.depth + 1), -G.degree(n), n)  # noqa: E731
    else:
        candidates = list(filtered.nodes)
        rank = lambda n: (-G.degree(n), n)  # noqa: E731
    available = len(candidates)
    if len(candidates) > spec.max_nodes:
        candidates = sorted(candidates, key=rank)[:spec.max_nodes]
    keep = set(candidates)
    edges = [(u, v, k) for u, v, k in filtered.edges(keys=True) if u in keep and v in keep]
    nodes = sorted(keep, key=lambda n: (G.nodes[n]["kind"], n))
    return View(nodes, edges, faded & keep, report, available)
