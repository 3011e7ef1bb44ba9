"""The vis-network payload of a view: the node and edge JSON that ``assets/graph.js`` draws.

The payload is built directly from the graph (never with pyvis ``Network.from_nx``, which is
quadratic and mutates the graph). Every text from the data travels as JSON and is put on the
page by ``assets/graph.js`` with ``textContent``.

Examples
--------
>>> payload = vis_payload(G, make_view(G, ViewSpec()), pos, ViewSpec())
>>> len(payload["nodes"]) == G.number_of_nodes()
True
"""

from __future__ import annotations

import hashlib
import json
import marshal

import networkx as nx

from ..graph.build import gc_paused
from ..graph.layout import SLOT_H, SLOT_W, view_positions
from ..graph.views import View, ViewSpec

HIGHLIGHT_COLOR = "#1565c0"
#: The graph's height: "fill" takes the screen below what stands above the graph (the canvas is
#: never below the fold); a number of pixels fixes it.
DEFAULT_HEIGHT = "fill"
PRESENT_HEIGHT = "fill"
#: Label sizes on screen, in pixels (the focus, highlights and anchors 2 px larger). A view of at
#: most ``FEW_NODES`` nodes, such as most tour steps, has room for larger labels, which a class
#: reads from the back of the room; a larger view keeps the smallest readable size and shows
#: fewer labels instead (level of detail).
LABEL_PX, FEW_NODES_LABEL_PX, FEW_NODES = 11, 14, 40
#: Line widths on screen, in pixels, by evidence status; a highlighted claim is wider still.
LINE_WIDTH = {"supported": 1.4, "weak": 1.6, "contradicted": 2.4}
HIGHLIGHT_WIDTH = 4.0


def legend_spec(G: nx.MultiDiGraph, kinds: set[str] | None = None) -> dict:
    """What the legend lists: node kinds (all, or those shown) and the claim styles by status."""
    schema = G.graph["schema"]
    shown = [k for k in schema.node_kinds.values() if kinds is None or k.id in kinds]
    return {"kinds": [{"label": k.label, "color": k.color, "shape": k.shape} for k in shown],
            "statuses": [{"label": s.label, "color": s.color, "pattern": list(s.pattern),
                          "width": LINE_WIDTH.get(s.id, 1.5)} for s in schema.statuses.values()]}


def vis_payload(G: nx.MultiDiGraph, view: View, pos: dict, spec: ViewSpec, *, selected: dict | None = None,
                height=DEFAULT_HEIGHT) -> dict:
    """The JSON that ``assets/graph.js`` draws for one view (``view = make_view(G, spec)``).

    ``pos`` holds the whole graph's positions; the view is laid out with
    :func:`builders.graph.layout.view_positions`. ``order`` lists the nodes by how much their
    label matters (the focus and highlights, then the anchors, then the busiest): ``graph.js``
    draws labels in that order while they fit. ``key`` changes whenever what is drawn changes.
    """
    placed = view_positions(G, view, spec, pos)
    # Two small dicts per node and claim, all kept: pausing the cycle collector spares it from
    # walking the whole loaded graph again and again.
    with gc_paused():
        nodes = _nodes(G, view, placed, set(spec.highlight_nodes) | ({spec.focus} if spec.focus else set()))
        edges = _edges(G, view, set(spec.highlight_edges))
    kinds = {G.nodes[n]["kind"] for n in view.nodes}
    payload = {
        "nodes": nodes, "edges": edges, "legend": legend_spec(G, kinds), "selected": selected,
        "label_edges": sorted(spec.highlight_edges), "smooth": len(edges) <= 1500, "height": height,
        "order": label_order(G, view, nodes), "slot": [SLOT_W, SLOT_H],
        "label_px": FEW_NODES_LABEL_PX if len(nodes) <= FEW_NODES else LABEL_PX,
    }
    payload["key"] = content_key([nodes, edges])
    return payload


def label_order(G: nx.MultiDiGraph, view: View, nodes: list[dict]) -> list[str]:
    """Node ids by how much their label matters: highlighted, then anchors (therapies), then by
    the number of claims they have in the view, then by label."""
    degree: dict[str, int] = {}
    for u, v, _ in view.edges:
        degree[u] = degree.get(u, 0) + 1
        degree[v] = degree.get(v, 0) + 1
    ranked = sorted(nodes, key=lambda n: (not n["highlight"], not n["anchor"], -degree.get(n["id"], 0),
                                          n["full_label"].casefold(), n["id"]))
    return [n["id"] for n in ranked]


def _nodes(G: nx.MultiDiGraph, view: View, pos: dict, highlight_nodes: set) -> list[dict]:
    schema = G.graph["schema"]
    styles = schema.statuses
    node_data = G.nodes  # looked up once: the attribute views cost a little per access
    nodes = []
    for n in view.nodes:
        d = node_data[n]
        kind = schema.node_kinds.get(d["kind"])
        x, y = pos.get(n, (0.0, 0.0))
        nodes.append({
            "id": n, "full_label": d["label"], "x": x, "y": y, "kind": d["kind"],
            "shape": kind.shape if kind else "dot", "color": kind.color if kind else "#888888",
            "border": styles[d["status"]].color if d["status"] == "contradicted" else "#333333",
            "kind_label": kind.label if kind else d["kind"], "status": d["status"],
            "faded": n in view.faded, "highlight": n in highlight_nodes, "anchor": bool(kind and kind.anchor),
            "hint": "Click for its sources and claims",
        })
    return nodes


def _edges(G: nx.MultiDiGraph, view: View, highlight_edges: set) -> list[dict]:
    schema = G.graph["schema"]
    styles = schema.statuses
    node_data = G.nodes
    edges = []
    adjacency = G.succ
    for u, v, k in view.edges:
        d = adjacency[u][v][k]
        relation = schema.relations.get(d["relation"])
        style = styles[d["status"]]
        highlighted = k in highlight_edges
        label = relation.label if relation else d["relation"]
        edges.append({
            "id": k, "from": u, "to": v, "status": d["status"], "claim": d["claim"],
            "relation_label": label,
            "relation_sentence": f"{node_data[u]['label']} — {label} — {node_data[v]['label']}",
            # A highlight (path, tour) widens the claim and adds a glow but keeps the status colour
            # and pattern, so a highlighted contradicted claim still reads as contradicted.
            "color": style.color, "pattern": list(style.pattern), "highlight": highlighted,
            "width": HIGHLIGHT_WIDTH if highlighted else LINE_WIDTH.get(d["status"], 1.5),
            "faded": u in view.faded or v in view.faded,
        })
    return edges


def content_key(data) -> str:
    """A short hash of plain data (lists, dicts, text, numbers) that changes whenever it does.

    ``marshal`` format 2 writes such data faithfully and several times faster than JSON; format 2
    has no back-references, so the bytes never depend on reference counts. Equal data can, rarely, hash differently (a string that happens to be
    interned is tagged as such): that costs the browser a redraw, never a stale picture.

    >>> content_key([{"id": "a"}]) == content_key([{"id": "a"}]) != content_key([{"id": "b"}])
    True
    """
    try:
        raw = marshal.dumps(data, 2)
    except ValueError:  # a type marshal does not write (a numpy float from a custom layout): JSON can
        raw = json.dumps(data, sort_keys=True).encode()
    return hashlib.sha1(raw).hexdigest()[:16]


def without_claims(payload: dict, claims) -> dict:
    """A copy of a vis payload with some claims left out (the hidden claim of a predict step).

    The payload's ``key`` changes too, so the graph redraws when the claim comes back.

    >>> p = {"edges": [{"id": "a"}, {"id": "b"}], "label_edges": ["a"], "key": "k"}
    >>> q = without_claims(p, {"a"})
    >>> [e["id"] for e in q["edges"]], q["label_edges"], q["key"] != "k"
    (['b'], [], True)
    """
    claims = set(claims)
    out = dict(payload)
    out["edges"] = [e for e in payload["edges"] if e["id"] not in claims]
    out["label_edges"] = [e for e in payload.get("label_edges", []) if e not in claims]
    out["key"] = hashlib.sha1(json.dumps([payload["key"], sorted(claims)]).encode()).hexdigest()[:16]
    return out
