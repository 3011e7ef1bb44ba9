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
import marshal
from functools import lru_cache
from pathlib import Path

import networkx as nx
import pyvis

from .graph import View, gc_paused

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
    # Two small dicts per node and claim, all kept: pausing the cycle collector spares it from
    # walking the whole loaded graph again and again (a third of the time at 5,000 nodes).
    with gc_paused():
        return _vis_payload(G, view, pos, selected, set(highlight_nodes), set(highlight_edges), focus, height)


def _vis_payload(G, view, pos, selected, highlight_nodes, highlight_edges, focus, height) -> dict:
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
    kinds = {node_data[n]["kind"] for n in view.nodes}
    fit_nodes = [n for n in view.nodes if n not in view.faded] if focus else []
    payload = {
        "nodes": nodes, "edges": edges, "legend": legend_spec(G, kinds), "selected": selected,
        "label_edges": sorted(highlight_edges), "smooth": len(edges) <= 1500, "height": height,
        "fit_key": f"{focus}|{len(fit_nodes)}", "fit_nodes": fit_nodes,
    }
    payload["key"] = content_key([nodes, edges, height])
    return payload


def content_key(data) -> str:
    """A short hash of plain data (lists, dicts, text, numbers) that changes whenever it does.

    ``marshal`` format 2 writes such data faithfully and three times faster than JSON (45 ms
    of 90 at 5,000 nodes); format 2 has no back-references, so the bytes never depend on
    reference counts. Equal data can, rarely, hash differently (a string that happens to be
    interned is tagged as such): that costs the browser a redraw, never a stale picture.

    >>> content_key([{"id": "a"}]) == content_key([{"id": "a"}]) != content_key([{"id": "b"}])
    True
    """
    try:
        raw = marshal.dumps(data, 2)
    except ValueError:  # a type marshal does not write (a numpy float from a custom layout): JSON can
        raw = json.dumps(data, sort_keys=True).encode()
    return hashlib.sha1(raw).hexdigest()[:16]


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
.pa-tour {{ border: 1px solid #c8d6e5; border-radius: 6px; padding: 8px 14px; margin-bottom: 8px; background: #f7fafd; }}
.pa-tour-bar {{ display: flex; align-items: center; gap: 14px; }}
.pa-tour-bar button, .pa-tour button {{ font-size: 1.1rem; padding: 6px 14px; cursor: pointer; }}
.pa-counter {{ font-size: 1.3rem; font-weight: bold; min-width: 4em; text-align: center; }}
.pa-step-title {{ font-size: 1.8rem; margin: 10px 0 4px; }}
.pa-narration, .pa-question {{ font-size: 1.35rem; line-height: 1.45; margin: 6px 0; }}
.pa-question {{ font-weight: bold; }}
.pa-answer {{ border-left: 4px solid #1565c0; padding: 4px 12px; margin: 8px 0; }}
.pa-step-sources {{ font-size: 0.95rem; color: #444; border: 1px solid #ddd; border-radius: 6px; padding: 4px 12px; margin-top: 8px; }}
.pa-step-sources h3 {{ font-size: 1rem; margin: 4px 0; }}
.pa-keys {{ color: #666; font-size: 0.9rem; }}
</style>
</head>
<body>
<header><h1 id="pa-title"></h1><p class="pa-disclaimer" id="pa-disclaimer"></p></header>
<main>
<section class="pa-tour" id="pa-tour" aria-label="Guided tour" hidden>
<div class="pa-tour-bar">
<button type="button" id="pa-prev" aria-keyshortcuts="ArrowLeft">&larr; Previous</button>
<span class="pa-counter" id="pa-counter" aria-live="polite"></span>
<button type="button" id="pa-next" aria-keyshortcuts="ArrowRight">Next &rarr;</button>
<span class="pa-keys">Keys: left and right arrows, Page Up and Page Down.</span>
</div>
<h2 class="pa-step-title" id="pa-step-title"></h2>
<p class="pa-narration" id="pa-narration"></p>
<div id="pa-predict" hidden>
<p class="pa-question" id="pa-question"></p>
<button type="button" id="pa-reveal">Reveal the claim</button>
<div class="pa-answer" id="pa-answer" aria-live="polite" hidden></div>
</div>
</section>
<div id="pa-root"></div>
<section class="pa-step-sources" id="pa-step-sources-box" hidden><h3>Sources for this step</h3><ul id="pa-step-sources"></ul></section>
<div class="pa-details" id="pa-details" aria-live="polite"></div>
</main>
<footer><h2>Cite this view</h2><ol id="pa-references"></ol></footer>
<script type="application/json" id="pa-data">{data}</script>
<script>{vis_js}</script>
<script>{graph_js}</script>
<script>{page_js}</script>
</body>
</html>
"""

# The page script. Everything from the data goes in with textContent (through PainAtlasGraph.el).
# A tour ({"title", "steps": [...]}, see builders.tours.tour_page_data) adds the step panel:
# previous/next buttons, the arrow and Page Up/Down keys (what presentation clickers send), a
# "3 / 8" counter, "#step=3" deep links, and the predict-then-reveal steps.
STANDALONE_JS = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pa-data").textContent);
  var el = PainAtlasGraph.el;
  function byId(id) { return document.getElementById(id); }
  document.title = data.title;
  byId("pa-title").textContent = data.title;
  byId("pa-disclaimer").textContent = data.disclaimer;
  var refs = byId("pa-references");
  data.references.forEach(function (r) { refs.appendChild(el("li", r)); });
  var details = byId("pa-details");
  function show(sel) {
    details.replaceChildren();
    if (!sel) { details.appendChild(el("p", "Click a node or a claim to see its sources.")); return; }
    var item = data.details[sel.kind + ":" + sel.id];
    if (!item) return;
    details.appendChild(el("h3", item.title));
    item.lines.forEach(function (line) { details.appendChild(el("p", line)); });
  }
  var graph = PainAtlasGraph.mount(byId("pa-root"), { onSelect: show });
  window.painAtlas = graph;
  var tour = data.tour;
  if (!tour || !tour.steps.length) {
    graph.update(data.payload);
    show(null);
    return;
  }

  var steps = tour.steps, index = 0, revealed = {};
  var box = byId("pa-tour"), prev = byId("pa-prev"), next = byId("pa-next"), reveal = byId("pa-reveal");
  var answer = byId("pa-answer");
  box.hidden = false;

  function stepFromHash() {
    var match = /step=(\\d+)/.exec(window.location.hash);
    var number = match ? parseInt(match[1], 10) : 1;
    return Math.min(Math.max(number, 1), steps.length) - 1;
  }

  function render() {
    var step = steps[index];
    var open = step.type === "predict" && revealed[index];
    byId("pa-counter").textContent = (index + 1) + " / " + steps.length;
    byId("pa-step-title").textContent = step.title;
    byId("pa-narration").textContent = step.narration;
    byId("pa-predict").hidden = step.type !== "predict";
    byId("pa-question").textContent = step.question || "";
    reveal.hidden = !!open;
    answer.hidden = !open;
    answer.replaceChildren();
    var lines = step.sources;
    if (open) {
      answer.appendChild(el("h3", step.answer.title));
      step.answer.lines.forEach(function (line) { answer.appendChild(el("p", line)); });
      lines = lines.concat(step.answer.sources);
    }
    var sources = byId("pa-step-sources");
    sources.replaceChildren();
    lines.forEach(function (line) { sources.appendChild(el("li", line)); });
    byId("pa-step-sources-box").hidden = !lines.length;
    prev.disabled = index === 0;
    next.disabled = index === steps.length - 1;
    box.setAttribute("data-step", String(index + 1));
    graph.update(open ? step.reveal_payload : step.payload);
    show(null);
    try { window.history.replaceState(null, "", "#step=" + (index + 1)); } catch (e) { /* file: URLs may refuse */ }
  }

  function go(target) {
    var wanted = Math.min(Math.max(target, 0), steps.length - 1);
    if (wanted !== index) { index = wanted; render(); }
  }

  prev.addEventListener("click", function () { go(index - 1); });
  next.addEventListener("click", function () { go(index + 1); });
  reveal.addEventListener("click", function () { revealed[index] = true; render(); });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    if (event.key === "ArrowRight" || event.key === "PageDown") { go(index + 1); event.preventDefault(); }
    else if (event.key === "ArrowLeft" || event.key === "PageUp") { go(index - 1); event.preventDefault(); }
  });
  window.addEventListener("hashchange", function () { go(stepFromHash()); });
  index = stepFromHash();
  render();
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


def claim_lines(G: nx.MultiDiGraph, data: dict) -> list[str]:
    """A claim's evidence as lines of text: status, figure, citations and any correction.

    Shared by the details of the standalone page and the tour steps, so both read the same.
    """
    lines = [f"Evidence: {data['status']}"] + (["Figure or caveat: " + data["qualifier"]] if data["qualifier"] else [])
    lines += ["Source: " + citation_line(G, c) for c in data["citations"]]
    for correction in data["corrections"]:
        lines.append("Correction: " + correction["correction"])
        lines += ["Backed by: " + citation_line(G, c) for c in correction["citations"]]
    return lines


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
        out[f"edge:{k}"] = {"title": d["claim"], "lines": claim_lines(G, d)}
    return out


def cited_sources(G: nx.MultiDiGraph, view: View) -> list[str]:
    """The ids of every source cited by what a view shows (corrections included), by title."""
    used: set[str] = set()
    for n in view.nodes:
        used.update(c["source"] for c in G.nodes[n]["citations"])
    for u, v, k in view.edges:
        d = G.edges[u, v, k]
        used.update(c["source"] for c in d["citations"])
        for correction in d["corrections"]:
            used.update(c["source"] for c in correction["citations"])
    sources = G.graph["sources"]
    return sorted((s for s in used if s in sources), key=lambda s: (sources[s].title.casefold(), s))


def reference_line(source) -> str:
    """One entry of a reference list: a vetted reference exactly as listed, else the document."""
    if source.reference:
        return f"{source.reference} [reliability: {source.reliability}]"
    by = f"{source.author}. " if source.author else ""
    return f"{by}{source.title}. {source.type.capitalize()}; source document {source.file}. [reliability: {source.reliability}]"


def references_for(G: nx.MultiDiGraph, view: View) -> list[str]:
    """The "cite this view" list: every source cited by what the view shows, as text."""
    return [reference_line(G.graph["sources"][s]) for s in cited_sources(G, view)]


def standalone_html(G: nx.MultiDiGraph, view: View, payload: dict | None, title: str = "Pain Atlas",
                    extra: dict | None = None) -> str:
    """One self-contained HTML page that draws the view offline, with a reference list.

    All JS and CSS are inline; a Content-Security-Policy forbids any network request.
    ``extra`` is merged into the page's JSON data: ``{"tour": {...}}`` turns the page into a
    guided tour (see :func:`builders.tours.tour_html`), whose steps carry their own payloads, so
    ``payload`` may then be ``None``.

    >>> from builders.load import load_dataset
    >>> from builders.graph import build_graph, make_view, ViewSpec
    >>> from builders.layout import positions
    >>> G = build_graph(load_dataset().dataset)
    >>> view = make_view(G, ViewSpec(focus="morphine"))
    >>> page = standalone_html(G, view, vis_payload(G, view, positions(G)), "Morphine")
    >>> page.startswith("<!DOCTYPE html>") and "http://" not in page.split("<script>")[0]
    True
    """
    with gc_paused():  # many small, long-lived objects; see vis_payload
        data = {"title": title, "disclaimer": DISCLAIMER, "payload": payload, "details": details_text(G, view),
                "references": references_for(G, view)}
        data.update(extra or {})
        script_data = json_for_script(data)
    return STANDALONE_TEMPLATE.format(
        title=html.escape(title), vis_css=asset("vis-network.css"), graph_css=asset("graph.css"),
        data=script_data, vis_js=asset("vis-network.min.js"), graph_js=asset("graph.js"),
        page_js=STANDALONE_JS)
