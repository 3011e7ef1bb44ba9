"""Views of the graph: what one screen shows after filters, a focus and the node budget.

A :class:`ViewSpec` says what to show (hashable, so views can be cached); :func:`make_view`
answers with a :class:`View`, the nodes and claims to draw and how many each filter removed.

Examples
--------
>>> view = make_view(G, ViewSpec(focus="intrathecal-pump"))
>>> "intrathecal-pump" in view.nodes and len(view.nodes) > 5
True
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Iterable, Iterator

import networkx as nx

from .queries import sources_of


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


def _kept(G: nx.MultiDiGraph, filters: Filters) -> tuple[set, set | None, FilterReport]:
    """The nodes and claims (``(u, v, key)``) that pass the filters, and what each filter removed.

    The work behind :func:`make_view`, on plain lists and sets rather
    than on a networkx view (iterating a filtered view calls two Python filters per claim: 0.25 s
    at 30,000 claims). Returns ``edges=None`` when no filter is set: every claim is kept.
    """
    nodes = set(G.nodes)
    if filters == Filters():
        total = (len(nodes), _claim_count(G))
        return nodes, None, FilterReport(total=total, kept=total)
    edges = _claims(G)
    report = FilterReport(total=(len(nodes), len(edges)))
    node_data = G.nodes

    def step(name: str, keep_node, keep_edge) -> None:
        nonlocal nodes, edges
        before = (len(nodes), len(edges))
        nodes = {n for n in nodes if keep_node(n)}
        edges = [e for e in edges if e[0] in nodes and e[1] in nodes and keep_edge(e)]
        report.removed[name] = (before[0] - len(nodes), before[1] - len(edges))

    if filters.kinds:
        step("kind", lambda n: node_data[n]["kind"] in filters.kinds, lambda e: True)
    if filters.relations:
        step("relation", lambda n: True, lambda e: e[3]["relation"] in filters.relations)
    if filters.sources:
        cited_edges = {e[:3] for e in edges if sources_of(e[3]) & filters.sources}
        cited_nodes = {n for n in nodes if sources_of(node_data[n]) & filters.sources}
        cited_nodes |= {u for u, _, _ in cited_edges} | {v for _, v, _ in cited_edges}
        step("source", lambda n: n in cited_nodes, lambda e: e[:3] in cited_edges)
    if filters.statuses:
        step("status", lambda n: node_data[n]["status"] in filters.statuses,
             lambda e: e[3]["status"] in filters.statuses)
    report.kept = (len(nodes), len(edges))
    return nodes, {(u, v, k) for u, v, k, _ in edges}, report


#: Default most nodes a view sends to the browser (level of detail).
DEFAULT_NODE_BUDGET = 300


@dataclass(frozen=True)
class ViewSpec:
    """Everything that defines one view of the graph; hashable, so views can be cached.

    ``fade`` keeps the nodes outside the focus visible but faded instead of hiding them.
    ``paths`` are node sequences (a path finder's answer); with ``path_only`` the view shows just
    them, hop by hop, and the claims ``highlight_edges`` names between them. ``hidden`` nodes
    are left out of the view whatever else it shows (a predict step's answer, until it is
    revealed).
    """

    focus: str | None = None
    depth: int = 1
    fade: bool = False
    filters: Filters = Filters()
    highlight_nodes: tuple[str, ...] = ()
    highlight_edges: tuple[str, ...] = ()
    max_nodes: int = DEFAULT_NODE_BUDGET
    paths: tuple[tuple[str, ...], ...] = ()
    path_only: bool = False
    hidden: tuple[str, ...] = ()


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
    if spec.path_only and spec.paths:
        return _path_view(G, spec)
    nodes, edges, report = _kept(G, spec.filters)
    if spec.hidden:
        nodes = nodes - set(spec.hidden)
    faded: set[str] = set()
    if spec.focus is not None and spec.focus in nodes:
        hops = _hops(G, spec.focus, spec.depth, nodes, edges)
        if spec.fade:
            faded = nodes - hops.keys()
            candidates = nodes
        else:
            candidates = hops.keys()
        rank = lambda n: (hops.get(n, spec.depth + 1), -degree[n], n)  # noqa: E731
    else:
        candidates = nodes
        rank = lambda n: (-degree[n], n)  # noqa: E731
    available = len(candidates)
    if len(candidates) > spec.max_nodes:
        degree = dict(G.degree(candidates))  # in one pass: a third of the cost of G.degree(n) per node
        # The ranks are all different (the id breaks ties): the same nodes as sorting them all.
        keep = set(heapq.nsmallest(spec.max_nodes, candidates, key=rank))
    else:
        keep = set(candidates)
    view_nodes = sorted(keep, key=lambda n: (G.nodes[n]["kind"], n))
    return View(view_nodes, _edges_among(G, keep, edges), faded & keep, report, available)


def _path_view(G: nx.MultiDiGraph, spec: ViewSpec) -> View:
    """Just the paths: their nodes, and the claims the spec highlights between them."""
    keep = {n for path in spec.paths for n in path if n in G}
    claims = set(spec.highlight_edges)
    edges = {(u, v, k) for u in keep for v, keys in G.succ[u].items() if v in keep for k in keys if k in claims}
    total = (G.number_of_nodes(), G.number_of_edges())
    return View(sorted(keep, key=lambda n: (G.nodes[n]["kind"], n)), _edges_among(G, keep, edges), set(),
                FilterReport(total=total, kept=(len(keep), len(edges))), len(keep))


def _adjacency(G: nx.MultiDiGraph) -> dict:
    """The graph's out-adjacency as plain dicts: ``{u: {v: {key: attributes}}}``.

    ``G.edges(...)`` and ``G.number_of_edges()`` walk the same dicts through networkx's view
    objects, at two to three times the cost; with 30,000 claims that was a third of a
    Streamlit rerun. ``_succ`` is networkx's own storage (read only here); a graph view
    without it falls back to the public ``G.succ``.
    """
    return getattr(G, "_succ", None) or G.succ


def _claims(G: nx.MultiDiGraph) -> list[tuple[str, str, str, dict]]:
    """Every claim as ``(u, v, key, attributes)``, in the order ``G.edges`` gives them."""
    return [(u, v, k, d) for u, nbrs in _adjacency(G).items() for v, keys in nbrs.items() for k, d in keys.items()]


def _claim_count(G: nx.MultiDiGraph) -> int:
    """``G.number_of_edges()`` without the degree view it goes through."""
    return sum(len(keys) for nbrs in _adjacency(G).values() for keys in nbrs.values())


def _hops(G: nx.MultiDiGraph, start: str, depth: int, nodes: set, edges: set | None) -> dict[str, int]:
    """Hops from ``start`` to every node within ``depth``, ignoring direction, over kept claims only.

    A breadth-first search on the adjacency dicts, the same answer as
    ``nx.single_source_shortest_path_length`` on the undirected filtered view, without its
    per-claim filter calls.
    """
    hops = {start: 0}
    frontier = [start]
    for distance in range(1, depth + 1):
        following = []
        for u in frontier:
            for v in _neighbours(G, u, nodes, edges):
                if v not in hops:
                    hops[v] = distance
                    following.append(v)
        frontier = following
    return hops


def _neighbours(G: nx.MultiDiGraph, u: str, nodes: set, edges: set | None) -> Iterator[str]:
    """The kept nodes that a kept claim joins to ``u``, in either direction (repeats possible)."""
    for v, keys in G.succ[u].items():
        if v in nodes and (edges is None or any((u, v, k) in edges for k in keys)):
            yield v
    for v, keys in G.pred[u].items():
        if v in nodes and (edges is None or any((v, u, k) in edges for k in keys)):
            yield v


def _edges_among(G: nx.MultiDiGraph, keep: set, edges: set | None) -> list[tuple[str, str, str]]:
    """The kept claims between nodes of ``keep``, in the graph's edge order.

    Walks only the adjacency of the kept nodes, so a 300-node view of a 100,000-claim graph
    looks at a few thousand claims, not all of them.
    """
    found = []
    succ = G.succ
    for u in G:  # the graph's node order, so the claims come in the order G.edges gives them
        if u not in keep:
            continue
        for v, keys in succ[u].items():
            if v in keep:
                found.extend((u, v, k) for k in keys if edges is None or (u, v, k) in edges)
    return found
