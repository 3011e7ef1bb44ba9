"""Node positions that explain the graph: therapies head columns, kinds sit in bands.

The layout reads like the comparison of therapies. Each node of an *anchor* kind (the
therapies, ``anchor: true`` in ``schema.yaml``) heads a column, and every other node joins the
column of the anchor it is nearest to (fewest claims away; on a tie, the one it shares most claims
with). Down each column the kinds follow in bands in the schema's reading order (``band``): the
therapy at the top, what it treats, the drugs and how they act, routes and devices, the steps and
people of care, what can go wrong, and the figures. Within a band a column's nodes fill a grid,
steps of care in the order the ``precedes`` claims give them, other nodes busiest first. So a
student finds an intrathecal pump's risks under the pump, always in the same order, and a teacher
can say "the risks are the red triangles below each therapy". The columns' widths are chosen so
that they end at about the same depth: the layout fills a screen-shaped rectangle.

Why not a spring embedding: springs place each node where its claims pull it, which differs from
graph to graph and from view to view, piles hubs' neighbours on top of each other, and leaves no
room for labels. A grid of slots leaves room for every label at a known place, and the same reading
order holds for the whole graph, a focus, a filter and a tour step.

- :func:`positions` lays out a whole graph once (cached by the app).
- :func:`view_positions` lays out one view: a view of the whole graph keeps the whole graph's
  positions; a focus, a filter or a tour step gets its own compact layout in the same reading order;
  a path is drawn hop by hop from left to right. The same view always gets the same positions.

Examples
--------
>>> pos = positions(G)
>>> pump_risks = [v for _, v, d in G.out_edges("intrathecal-pump", data=True) if d["relation"] == "has_risk"]
>>> pos["intrathecal-pump"][1] < min(pos[n][1] for n in pump_risks)       # the therapy heads its column
True
>>> positions(G) == pos
True
"""

from __future__ import annotations

import math
from collections import defaultdict, deque

import networkx as nx

#: One grid slot, in canvas units (pixels at zoom 1): a node and, beside it, its label. Slots are
#: wide and low because labels are: zoomed out to fit a screen, a short label still fits beside
#: its node on one line.
SLOT_W, SLOT_H = 300.0, 56.0
#: Gaps between bands and between columns, in slots.
BAND_GAP, COLUMN_GAP = 0.3, 0.35
#: The layout's shape, width over height, near a laptop screen's or a projector's.
ASPECT = 1.5
#: A cluster heads a column of its own when it has at least this many nodes, and this share of
#: the view's; smaller ones go to the strip below the columns.
MIN_CLUSTER, BIG_SHARE = 4, 0.05
#: A path is drawn with this much room per hop (its claim's relation is written beside it).
HOP_W, PATH_H = 260.0, 150.0


def positions(G: nx.Graph, seed: int = 7) -> dict:
    """Map every node of ``G`` to an ``(x, y)`` position in canvas pixels.

    Parameters
    ----------
    G : networkx graph
        Edge direction and parallel edges are ignored. ``G.graph["schema"]`` (when there is one)
        gives each kind's band and the anchor kinds.
    seed : int
        Kept for callers of the earlier force layouts; the layout is deterministic without it.
    """
    return arrange(G, list(G.nodes))


def view_positions(G: nx.Graph, view, spec, whole: dict) -> dict:
    """Positions for one view (see the module's description); ``whole`` is :func:`positions` of ``G``."""
    if getattr(spec, "paths", ()) and getattr(spec, "path_only", False):
        return path_positions(spec.paths)
    if view.faded or len(view.nodes) == G.number_of_nodes():
        return {n: whole[n] for n in view.nodes if n in whole}
    return arrange(G, view.nodes)


def arrange(G: nx.Graph, nodes) -> dict:
    """Columns by anchor, bands by kind, a grid in each cell; centred on ``(0, 0)``.

    The big clusters are the columns. The small ones (a therapy with only a few nodes of its
    own) and the nodes that reach no anchor follow as narrow columns in the room the big columns
    leave below them, so that every therapy heads its own nodes and has room for its label.
    """
    nodes = sorted(nodes, key=str)
    if not nodes:
        return {}
    kinds = getattr(G.graph.get("schema"), "node_kinds", {}) or {}
    adjacency = _adjacency(G, set(nodes))
    band = {n: kinds[G.nodes[n]["kind"]].band if G.nodes[n].get("kind") in kinds else 99 for n in nodes}
    big, small = _columns(G, nodes, adjacency, kinds)
    # The strip below the columns makes the whole taller: try wider columns until the whole is
    # nearest the wanted shape.
    blocks = [_block(G, cluster, band, adjacency) for cluster in small]
    tries = [_stacked(G, big, blocks, band, adjacency, ASPECT * stretch) for stretch in (1.0, 1.3, 1.7, 2.2)]
    return _centred(min(tries, key=lambda placed: abs(math.log(_shape(placed) / ASPECT))))


def _block(G: nx.Graph, cluster: list, band: dict, adjacency: dict) -> tuple[dict, float, float]:
    """A small cluster as a narrow column of its own: positions from its top left, width, depth."""
    found, wide = _grid(G, [cluster], band, adjacency, most=2, least=2)
    return found, wide, max(y for _, y in found.values()) / SLOT_H + 0.5 + BAND_GAP


def _stacked(G: nx.Graph, big: list[list], small: list[tuple], band: dict, adjacency: dict, aspect: float) -> dict:
    """The big clusters as columns, then each small cluster's block (:func:`_block`) in the
    lowest free place under them (skyline packing), so that short columns leave no hole."""
    placed, width = _grid(G, big, band, adjacency, aspect=aspect) if big else ({}, 0.0)
    # The skyline: (left, right, top) in slots and rows, one piece per big column.
    sky = _skyline(placed, big) if big else []
    if not width:
        width = max(2.0, math.ceil(math.sqrt(sum(len(b[0]) for b in small) * aspect * SLOT_H / SLOT_W)))
        sky = [(0.0, width, 0.0)]
    for found, wide, deep in small:
        left, top = _lowest(sky, wide + COLUMN_GAP, width)
        placed.update({n: (x + left * SLOT_W, y + top * SLOT_H) for n, (x, y) in found.items()})
        sky = _raise(sky, left, left + wide + COLUMN_GAP, top + deep)
    return placed


def _skyline(placed: dict, columns: list[list]) -> list[tuple[float, float, float]]:
    """Where each column ends: (left, right, bottom), in slots and rows, ready for more below."""
    pieces = []
    for column in columns:
        xs = [placed[n][0] / SLOT_W for n in column]
        bottom = max(placed[n][1] for n in column) / SLOT_H + 0.5 + 1 + BAND_GAP
        pieces.append((min(xs) - 0.5, max(xs) + 0.5 + COLUMN_GAP, bottom))
    return pieces


def _lowest(sky: list, wide: float, width: float) -> tuple[float, float]:
    """The left edge and top, in slots and rows, of the lowest place ``wide`` slots wide."""
    starts = sorted({piece[0] for piece in sky} | {piece[1] for piece in sky})
    best = None
    for left in starts:
        if left + wide > max(width, wide) + 1e-9:
            continue
        top = max((t for a, b, t in sky if a < left + wide - 1e-9 and b > left + 1e-9), default=0.0)
        if best is None or (top, left) < (best[1], best[0]):
            best = (left, top)
    return best or (0.0, max(t for _, _, t in sky))


def _raise(sky: list, left: float, right: float, top: float) -> list:
    """The skyline with [left, right] raised to ``top``."""
    pieces = []
    for a, b, t in sky:
        if b <= left or a >= right:
            pieces.append((a, b, t))
            continue
        if a < left:
            pieces.append((a, left, t))
        if b > right:
            pieces.append((right, b, t))
    return sorted(pieces + [(left, right, top)])


def _shape(placed: dict) -> float:
    """Width over height of a layout, counting a slot around each node."""
    xs, ys = [p[0] for p in placed.values()], [p[1] for p in placed.values()]
    return (max(xs) - min(xs) + SLOT_W) / (max(ys) - min(ys) + SLOT_H)


def path_positions(paths) -> dict:
    """Paths from left to right, one hop per step; a node met again keeps its first place.

    >>> path_positions([("a", "b", "c"), ("a", "d", "c")])["d"]
    (0.0, 75.0)
    """
    placed: dict = {}
    for row, path in enumerate(paths):
        for hop, node in enumerate(path):
            placed.setdefault(node, (hop * HOP_W, row * PATH_H))
    return _centred(placed)


# --------------------------------------------------------------------------- columns

def _adjacency(G: nx.Graph, keep: set) -> dict[str, dict[str, int]]:
    """Undirected neighbours within ``keep``, with the number of claims between them."""
    adjacency: dict[str, dict[str, int]] = {n: defaultdict(int) for n in keep}
    for u, v in G.edges():
        if u in keep and v in keep and u != v:
            adjacency[u][v] += 1
            adjacency[v][u] += 1
    return adjacency


def _columns(G: nx.Graph, nodes: list, adjacency: dict, kinds) -> tuple[list[list], list[list]]:
    """The nodes grouped by the anchor they belong to, in reading order: the big clusters (the
    columns) and the small ones (the strip below; the nodes that reach no anchor come last)."""
    anchors = [n for n in nodes if kinds.get(G.nodes[n].get("kind")) is not None
               and kinds[G.nodes[n]["kind"]].anchor]
    if not anchors:
        return [nodes], []
    anchors.sort(key=lambda a: (-len(adjacency[a]), str(a)))
    owner = _owners(anchors, adjacency)
    clusters: dict = defaultdict(list)
    for n in nodes:
        clusters[owner.get(n)].append(n)
    order = _column_order(clusters, owner, adjacency)
    room = max(4, int(math.sqrt(len(nodes) * ASPECT * SLOT_H / SLOT_W)) // 2)
    least = max(MIN_CLUSTER, BIG_SHARE * len(nodes))
    big = [a for a in order if a is not None and len(clusters[a]) >= least][:room]
    return [clusters[a] for a in big], [clusters[a] for a in order if a not in big]


def _owners(anchors: list, adjacency: dict) -> dict:
    """Each node's anchor: the nearest one; at distance 1, the one it shares most claims with
    (``anchors`` come busiest first)."""
    rank = {a: i for i, a in enumerate(anchors)}
    owner = {a: a for a in anchors}
    first = {}
    for a in anchors:
        for v, claims in adjacency[a].items():
            if v not in owner:
                # On a tie, the smaller therapy takes the node: a drug two therapies share then
                # shows under the one it says more about, and the columns stay balanced.
                first.setdefault(v, []).append((-claims, -rank[a], a))
    for v, choices in first.items():
        owner[v] = min(choices)[2]
    queue = deque(sorted(first, key=lambda v: (rank[owner[v]], str(v))))
    while queue:
        u = queue.popleft()
        for v in sorted(adjacency[u], key=str):
            if v not in owner:
                owner[v] = owner[u]
                queue.append(v)
    return owner


def _column_order(clusters: dict, owner: dict, adjacency: dict) -> list:
    """Biggest cluster first, then each time the one sharing most claims with the last placed;
    nodes that reach no anchor last."""
    links: dict = defaultdict(int)
    for u, neighbours in adjacency.items():
        for v, claims in neighbours.items():
            if owner.get(u) != owner.get(v):
                links[(owner.get(u), owner.get(v))] += claims
    left = sorted((a for a in clusters if a is not None), key=lambda a: (-len(clusters[a]), str(a)))
    order = left[:1]
    left = left[1:]
    while left:
        best = min(left, key=lambda a: (-links[(order[-1], a)], -len(clusters[a]), str(a)))
        order.append(best)
        left.remove(best)
    return order + ([None] if None in clusters else [])


# --------------------------------------------------------------------------- the grid

def _grid(G: nx.Graph, columns: list[list], band: dict, adjacency: dict, most: float | None = None,
          aspect: float = ASPECT, least: int = 1):
    """Each column stacks its bands top down, each band a grid as wide as the column; the columns'
    widths are chosen so that they end at about the same depth, near :data:`ASPECT` overall (or
    within ``most`` slots in all). Returns the positions and the width used, in slots."""
    bands = sorted({band[n] for c in columns for n in c})
    cells = [[_cell_order(G, [n for n in c if band[n] == b], adjacency) for b in bands] for c in columns]
    cells = [[cell for cell in column if cell] for column in cells]
    widths = _widths([[len(cell) for cell in column] for column in cells], most, aspect, least)
    placed = {}
    x0 = 0.0
    for column, width in zip(cells, widths):
        y0 = 0.0
        for cell in column:
            for index, n in enumerate(cell):
                row, col = divmod(index, width)
                in_row = min(width, len(cell) - row * width)
                placed[n] = (x0 + ((width - in_row) / 2 + col + 0.5) * SLOT_W, y0 + (row + 0.5) * SLOT_H)
            y0 += (math.ceil(len(cell) / width) + BAND_GAP) * SLOT_H
        x0 += (width + COLUMN_GAP) * SLOT_W
    return placed, sum(widths) + COLUMN_GAP * (len(widths) - 1)


def _widths(counts: list[list[int]], most: float | None = None, aspect: float = ASPECT, least: int = 1) -> list[int]:
    """Each column's width in slots: for a common depth, as narrow as lets every column end by
    that depth (and at least 2 for a column of several nodes: room for its head's label); the
    depth whose layout comes nearest :data:`ASPECT` wins, or, with ``most``, the shallowest that
    fits in ``most`` slots."""
    def depth(cells: list[int], width: int) -> float:
        return sum(math.ceil(c / width) for c in cells) + BAND_GAP * (len(cells) - 1)

    def width_for(cells: list[int], deepest: float) -> int:
        width = max(least, min(2, max(cells)) if sum(cells) > 1 else 1)
        while depth(cells, width) > deepest and width < max(max(cells), least):
            width += 1
        return width

    best = None
    for deepest in sorted({depth(cells, w) for cells in counts for w in range(1, max(cells) + 1)}):
        widths = [width_for(cells, deepest) for cells in counts]
        wide = sum(widths) + COLUMN_GAP * (len(widths) - 1)
        if most is not None:
            if wide <= most + 1e-9:
                return widths
            continue
        score = abs(math.log(wide * SLOT_W / (max(depth(c, w) for c, w in zip(counts, widths)) * SLOT_H) / aspect))
        if best is None or score < best[0]:
            best = (score, widths)
    return best[1] if best else [width_for(cells, math.inf) for cells in counts]


def _cell_order(G: nx.Graph, nodes: list, adjacency: dict) -> list:
    """Steps of care in the order the ``precedes`` claims give them; other nodes busiest first."""
    if any(G.nodes[n].get("kind") == "procedure_step" for n in nodes):
        order = _sequence(G, nodes)
        if order is not None:
            return order
    return sorted(nodes, key=lambda n: (-sum(adjacency[n].values()), str(G.nodes[n].get("label", n)).casefold(), str(n)))


def _sequence(G: nx.Graph, nodes: list) -> list | None:
    """The nodes in an order that respects every ``precedes`` claim among them (ties by label),
    or ``None`` when those claims make a cycle."""
    keep = set(nodes)
    after = nx.DiGraph()
    after.add_nodes_from(nodes)
    for u in nodes:
        for _, v, data in G.out_edges(u, data=True):
            if v in keep and data.get("relation") == "precedes":
                after.add_edge(u, v)
    try:
        return list(nx.lexicographical_topological_sort(after, key=lambda n: (str(G.nodes[n].get("label", n)).casefold(), str(n))))
    except nx.NetworkXUnfeasible:
        return None


def _centred(placed: dict) -> dict:
    if not placed:
        return {}
    xs, ys = [p[0] for p in placed.values()], [p[1] for p in placed.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {n: (round(x - cx, 1), round(y - cy, 1)) for n, (x, y) in placed.items()}
