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
from ..graph.views import View, ViewSpec
from .text import short

HIGHLIGHT_COLOR = "#1565c0"
#: The canvas height of a view, in pixels, unless the page asks for another.
DEFAULT_HEIGHT = 640
#: The canvas height in present mode, the exports for class and the HTML pages: wide and tall.
PRESENT_HEIGHT = 720


def legend_spec(G: nx.MultiDiGraph, kinds: set[str] | None = None) -> dict:
    """What the legend lists: node kinds (all, or those shown) and the claim styles by status."""
    schema = G.graph["schema"]
    shown = [k for k in schema.node_kinds.values() if kinds is None or k.id in kinds]
    return {"kinds": [{"label": k.label, "color": k.color, "shape": k.shape} for k in shown],
            "statuses": [{"label": s.label, "color": s.color, "dashes": s.dashes,
                          "width": 3 if s.id == "contradicted" else 2} for s in schema.statuses.values()]}


def vis_payload(G: nx.MultiDiGraph, view: View, pos: dict, spec: ViewSpec, *, selected: dict | None = None,
                height: int = DEFAULT_HEIGHT) -> dict:
    """The JSON that ``assets/graph.js`` draws for one view (``view = make_view(G, spec)``).

    ``key`` changes whenever what is drawn changes; ``fit_key`` only when the viewport should be
    re-fitted (a new focus), so filtering never moves the camera.
    """
    # Two small dicts per node and claim, all kept: pausing the cycle collector spares it from
    # walking the whole loaded graph again and again.
    with gc_paused():
        nodes = _nodes(G, view, pos, set(spec.highlight_nodes))
        edges = _edges(G, view, set(spec.highlight_edges))
    focus = spec.focus
    kinds = {G.nodes[n]["kind"] for n in view.nodes}
    fit_nodes = [n for n in view.nodes if n not in view.faded] if focus else []
    payload = {
        "nodes": nodes, "edges": edges, "legend": legend_spec(G, kinds), "selected": selected,
        "label_edges": sorted(spec.highlight_edges), "smooth": len(edges) <= 1500, "height": height,
        "fit_key": f"{focus}|{len(fit_nodes)}", "fit_nodes": fit_nodes,
    }
    payload["key"] = content_key([nodes, edges, height])
    return payload


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
            "id": n, "label": short(d["label"]), "full_label": d["label"], "x": x, "y": y,
            "shape": kind.shape if kind else "dot", "color": kind.color if kind else "#888888",
            "border": styles[d["status"]].color if d["status"] == "contradicted" else "#333333",
            "kind_label": kind.label if kind else d["kind"], "status": d["status"],
            "faded": n in view.faded, "highlight": n in highlight_nodes,
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
            # and dashes, so a highlighted contradicted claim still reads as contradicted.
            "color": style.color, "dashes": style.dashes, "highlight": highlighted,
            "width": 5 if highlighted else (2.5 if d["status"] == "contradicted" else 1.5),
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
