"""Render views for vis-network: the node and edge JSON, and standalone offline HTML.

The payload is built directly from the graph (never with pyvis ``Network.from_nx``, which is
quadratic and mutates the graph). vis-network itself comes from pyvis's bundled files and is
inlined, so nothing is fetched from the network. Every text from the data travels as JSON and is
put on the page by ``assets/graph.js`` with ``textContent``.

Examples
--------
>>> from builders.load import load_dataset
>>> from builders.graph import build_graph, make_view, ViewSpec
>>> from builders.layout import positions
>>> G = build_graph(load_dataset().dataset)
>>> payload = vis_payload(G, make_view(G, ViewSpec()), positions(G))
>>> len(payload["nodes"]) == G.number_of_nodes()
True
"""

from __future__ import annotations

import hashlib
import html
import json
from functools import lru_cache
from pathlib import Path

import networkx as nx
import pyvis

from .graph import View

ASSETS = Path(__file__).parent / "assets"
VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
HIGHLIGHT_COLOR = "#1565c0"
LABEL_LIMIT = 42
DISCLAIMER = ("Educational, not medical advice. Pain Atlas shows what its sources say, graded for "
              "reliability; it gives no dosing instructions and replaces no clinician.")


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """The text of a bundled asset: ``vis-network.min.js``, ``vis-network.css``, ``graph.js``, ``graph.css``."""
    folder = VIS_DIR if name.startswith("vis-network") else ASSETS
    return (folder / name).read_text(encoding="utf-8")


def short(text: str, limit: int = LABEL_LIMIT) -> str:
    """Shorten a label for the canvas; the full text stays in the tooltip and panels.

    >>> short("a" * 50, 10)
    'aaaaaaaaa…'
    """
    return text if len(text) <= limit else text[:limit - 1] + "…"


def legend_spec(G: nx.MultiDiGraph, kinds: set[str] | None = None) -> dict:
    """What the legend lists: node kinds (all, or those shown) and the claim styles by status."""
    schema = G.graph["schema"]
    shown = [k for k in schema.node_kinds.values() if kinds is None or k.id in kinds]
    return {"kinds": [{"label": k.label, "color": k.color, "shape": k.shape} for k in shown],
            "statuses": [{"label": s.label, "color": s.color, "dashes": s.dashes,
                          "width": 3 if s.id == "contradicted" else 2} for s in schema.statuses.values()]}


def vis_payload(G: nx.MultiDiGraph, view: View, pos: dict, *, selected: dict | None = None,
                highlight_nodes=(), highlight_edges=(), focus: str | None = None, height: int = 640) -> dict:
    """The JSON that ``assets/graph.js`` draws for one view.

    ``key`` changes whenever what is drawn changes; ``fit_key`` only when the viewport should be
    re-fitted (a new focus), so filtering never moves the camera.
    """
    schema = G.graph["schema"]
    styles = schema.statuses
    highlight_nodes, highlight_edges = set(highlight_nodes), set(highlight_edges)
    nodes = []
    for n in view.nodes:
        d = G.nodes[n]
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
    edges = []
    for u, v, k in view.edges:
        d = G.edges[u, v, k]
        relation = schema.relations.get(d["relation"])
        style = styles[d["status"]]
        highlighted = k in highlight_edges
        label = relation.label if relation else d["relation"]
        edges.append({
            "id": k, "from": u, "to": v, "status": d["status"], "claim": d["claim"],
            "relation_label": label,
            "relation_sentence": f"{G.nodes[u]['label']} — {label} — {G.nodes[v]['label']}",
            "color": HIGHLIGHT_COLOR if highlighted else style.color, "dashes": style.dashes,
            "width": 4 if highlighted else (2.5 if d["status"] == "contradicted" else 1.5),
            "faded": u in view.faded or v in view.faded,
        })
    kinds = {G.nodes[n]["kind"] for n in view.nodes}
    fit_nodes = [n for n in view.nodes if n not in view.faded] if focus else []
    payload = {
        "nodes": nodes, "edges": edges, "legend": legend_spec(G, kinds), "selected": selected,
        "label_edges": sorted(highlight_edges), "smooth": len(edges) <= 1500, "height": height,
        "fit_key": f"{focus}|{len(fit_nodes)}", "fit_nodes": fit_nodes,
    }
    payload["key"] = hashlib.sha1(json.dumps([nodes, edges, height], sort_keys=True).encode()).hexdigest()[:16]
    return payload


def json_for_script(data) -> str:
    """JSON that is safe inside a ``<script type="application/json">`` element.

    >>> json_for_script({"a": "</script><b>"})
    '{"a": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


STANDALONE_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{vis_css}</style>
<style>{graph_css}
body {{ font-family: sans-serif; margin: 0; color: #222; }}
header, main, footer {{ padding: 8px 16px; }}
.pa-disclaimer {{ background: #fff4e5; border: 1px solid #f0b46a; padding: 6px 10px; border-radius: 6px; }}
.pa-details {{ min-height: 3em; border: 1px solid #ddd; border-radius: 6px; padding: 8px; margin-top: 8px; }}
</style>
</head>
<body>
<header><h1 id="pa-title"></h1><p class="pa-disclaimer" id="pa-disclaimer"></p></header>
<main><div id="pa-root"></div><div class="pa-details" id="pa-details" aria-live="polite"></div></main>
<footer><h2>Cite this view</h2><ol id="pa-references"></ol></footer>
<script type="application/json" id="pa-data">{data}</script>
<script>{vis_js}</script>
<script>{graph_js}</script>
<script>{page_js}</script>
</body>
</html>
"""

STANDALONE_JS = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pa-data").textContent);
  var el = PainAtlasGraph.el;
  document.title = data.title;
  document.getElementById("pa-title").textContent = data.title;
  document.getElementById("pa-disclaimer").textContent = data.disclaimer;
  var refs = document.getElementById("pa-references");
  data.references.forEach(function (r) { refs.appendChild(el("li", r)); });
  var details = document.getElementById("pa-details");
  function show(sel) {
    details.replaceChildren();
    if (!sel) { details.appendChild(el("p", "Click a node or a claim to see its sources.")); return; }
    var item = data.details[sel.kind + ":" + sel.id];
    if (!item) return;
    details.appendChild(el("h3", item.title));
    item.lines.forEach(function (line) { details.appendChild(el("p", line)); });
  }
  var graph = PainAtlasGraph.mount(document.getElementById("pa-root"), { onSelect: show });
  graph.update(data.payload);
  show(null);
  window.painAtlas = graph;
})();
"""


def citation_line(G: nx.MultiDiGraph, citation: dict) -> str:
    """One citation as text: source title, its reliability, the locator and evidence terms."""
    source = G.graph["sources"].get(citation["source"])
    title = source.title if source else citation["source"]
    reliability = f" (reliability: {source.reliability})" if source else ""
    where = f", {citation['locator']}" if citation["locator"] else ""
    terms = f" — evidence terms: {', '.join(citation['terms'])}" if citation["terms"] else ""
    return f"{title}{reliability}{where}{terms}"


def details_text(G: nx.MultiDiGraph, view: View) -> dict:
    """Plain-text details for every node and claim of a view, for the standalone page."""
    out = {}
    for n in view.nodes:
        d = G.nodes[n]
        lines = [f"{G.graph['schema'].node_kinds[d['kind']].label} · evidence: {d['status']}", d["description"]]
        lines += ["Source: " + citation_line(G, c) for c in d["citations"]]
        out[f"node:{n}"] = {"title": d["label"], "lines": lines}
    for u, v, k in view.edges:
        d = G.edges[u, v, k]
        lines = [f"Evidence: {d['status']}"] + (["Figure or caveat: " + d["qualifier"]] if d["qualifier"] else [])
        lines += ["Source: " + citation_line(G, c) for c in d["citations"]]
        for correction in d["corrections"]:
            lines.append("Correction: " + correction["correction"])
            lines += ["Backed by: " + citation_line(G, c) for c in correction["citations"]]
        out[f"edge:{k}"] = {"title": d["claim"], "lines": lines}
    return out


def references_for(G: nx.MultiDiGraph, view: View) -> list[str]:
    """The "cite this view" list: every source cited by what the view shows, as text."""
    used: set[str] = set()
    for n in view.nodes:
        used.update(c["source"] for c in G.nodes[n]["citations"])
    for u, v, k in view.edges:
        d = G.edges[u, v, k]
        used.update(c["source"] for c in d["citations"])
        for correction in d["corrections"]:
            used.update(c["source"] for c in correction["citations"])
    sources = G.graph["sources"]
    lines = []
    for sid in sorted(used, key=lambda s: sources[s].title.casefold() if s in sources else s):
        s = sources.get(sid)
        if s is None:
            continue
        if s.reference:
            lines.append(f"{s.reference} [reliability: {s.reliability}]")
        else:
            by = f"{s.author}. " if s.author else ""
            lines.append(f"{by}{s.title}. {s.type.capitalize()}; source document {s.file}. [reliability: {s.reliability}]")
    return lines


def standalone_html(G: nx.MultiDiGraph, view: View, payload: dict, title: str = "Pain Atlas",
                    extra: dict | None = None) -> str:
    """One self-contained HTML page that draws the view offline, with a reference list.

    All JS and CSS are inline; a Content-Security-Policy forbids any network request.
    ``extra`` is merged into the page's JSON data (e.g. tour steps).
    """
    data = {"title": title, "disclaimer": DISCLAIMER, "payload": payload, "details": details_text(G, view),
            "references": references_for(G, view)}
    data.update(extra or {})
    return STANDALONE_TEMPLATE.format(
        title=html.escape(title), vis_css=asset("vis-network.css"), graph_css=asset("graph.css"),
        data=json_for_script(data), vis_js=asset("vis-network.min.js"), graph_js=asset("graph.js"),
        page_js=STANDALONE_JS)
