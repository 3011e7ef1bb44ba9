"""Node positions, computed once on the server so the browser draws with physics off.

Positions are computed for the whole graph and reused by every view of it, so the graph does
not jump when a filter or the focus changes: a view only shows or hides nodes that already
have their place. Layouts use python-igraph, which is fast enough for tens of thousands of
nodes, and are deterministic for a seed.

Examples
--------
>>> import networkx as nx
>>> path = nx.path_graph(4, create_using=nx.MultiDiGraph)
>>> sorted(positions(path)) == [0, 1, 2, 3] and positions(path) == positions(path)
True
"""

from __future__ import annotations

import math
import random

import igraph
import networkx as nx

#: Up to this many nodes (0.6 s for the curated 129), Davidson-Harel (it spreads a hub-heavy graph like the curated one most
#: evenly, so labels overlap least); above, Fruchterman-Reingold
#: on a grid, and the Large Graph Layout for very large graphs (1.5 s at 10,000 nodes where
#: Fruchterman-Reingold and DrL take 8 s or more on the 2-core development machine).
SMALL_GRAPH_LIMIT = 200
LARGE_GRAPH_LIMIT = 3000
#: Average distance between neighbouring nodes on the canvas, in pixels.
SPACING = 170.0


def positions(G: nx.Graph, seed: int = 7) -> dict:
    """Map every node of ``G`` to an ``(x, y)`` position in canvas pixels.

    Parameters
    ----------
    G : networkx graph
        Edge direction and parallel edges are ignored.
    seed : int
        The same graph and seed always give the same positions.
    """
    nodes = list(G.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = {tuple(sorted((index[u], index[v]))) for u, v in G.edges() if u != v}
    graph = igraph.Graph(n=n, edges=sorted(pairs))
    rng = random.Random(seed)
    initial = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(n)]
    # igraph draws from a global random generator; give it ours and put the default back.
    igraph.set_random_number_generator(random.Random(seed))
    try:
        if n <= SMALL_GRAPH_LIMIT:
            layout = _components_side_by_side(graph, initial)
        elif n <= LARGE_GRAPH_LIMIT:
            layout = graph.layout_fruchterman_reingold(seed=initial, niter=300, grid="auto")
        else:
            layout = graph.layout_lgl()
    finally:
        igraph.set_random_number_generator(random)
    return _scaled(nodes, list(layout.coords), graph)


def _components_side_by_side(graph: igraph.Graph, initial) -> igraph.Layout:
    """Davidson-Harel per connected component, components packed in rows (largest first)."""
    coords = [[0.0, 0.0] for _ in range(graph.vcount())]
    components = sorted(graph.connected_components(), key=len, reverse=True)
    x_offset, y_offset, row_height = 0.0, 0.0, 0.0
    row_width = None
    for members in components:
        sub = graph.induced_subgraph(members)
        if len(members) == 1:
            local = [[0.0, 0.0]]
        else:
            local = list(sub.layout_davidson_harel(seed=[initial[m] for m in members]).coords)
        xs, ys = [p[0] for p in local], [p[1] for p in local]
        width, height = max(xs) - min(xs) + 1.5, max(ys) - min(ys) + 1.5
        if row_width is None:
            row_width = max(width, 6.0)
        if x_offset and x_offset + width > row_width:
            x_offset, y_offset, row_height = 0.0, y_offset + row_height, 0.0
        for member, (x, y) in zip(members, local):
            coords[member] = [x - min(xs) + x_offset, y - min(ys) + y_offset]
        x_offset += width
        row_height = max(row_height, height)
    return igraph.Layout(coords)


def _scaled(nodes, coords, graph: igraph.Graph) -> dict:
    """Scale layout units so that an average edge is about :data:`SPACING` pixels long."""
    lengths = [math.dist(coords[e.source], coords[e.target]) for e in graph.es]
    typical = sorted(lengths)[len(lengths) // 2] if lengths else 1.0
    factor = SPACING / (typical or 1.0)
    cx = sum(p[0] for p in coords) / len(coords)
    cy = sum(p[1] for p in coords) / len(coords)
    return {node: (round((x - cx) * factor, 1), round((y - cy) * factor, 1)) for node, (x, y) in zip(nodes, coords)}
