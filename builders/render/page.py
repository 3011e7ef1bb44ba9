"""One self-contained HTML page that draws a view (or a whole tour) offline, with a reference list.

The page is ``assets/standalone.html`` filled in with the assets it needs, all inline:
vis-network (``assets/vendor/``, the copy pyvis bundles), ``graph.js`` and ``graph.css`` (shared with the app's
component), and the page's own ``standalone.js`` and ``standalone.css``. A Content-Security-
Policy forbids every request, so the page works from a USB stick. The data travels as JSON in a
``<script type="application/json">`` element and is put on the page with ``textContent``.

Examples
--------
>>> from builders.render.payload import vis_payload
>>> spec = ViewSpec(focus="morphine")
>>> view = make_view(G, spec)
>>> page = standalone_html(G, view, vis_payload(G, view, pos, spec), "Morphine")
>>> page.startswith("<!DOCTYPE html>") and "http://" not in page.split("<script>")[0]
True
"""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path
from string import Template

import networkx as nx

from ..escape import json_for_script
from ..graph.build import gc_paused
from ..graph.views import View
from .text import DISCLAIMER, evidence_of, references_for

ASSETS = Path(__file__).parent / "assets"
#: What draws a graph, in the app's component (``assets/mount.js`` imports the same files) and in
#: the standalone page alike.
GRAPH_SCRIPTS = ("vendor/vis-network.min.js", "labels.js", "graph.js")
GRAPH_STYLES = ("vendor/vis-network.css", "graph.css")
#: Nothing but the page's own inline script, style and images (data: URLs) may load.
STANDALONE_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"


@lru_cache(maxsize=None)
def assets(names) -> str:
    """Several assets joined into one script or style sheet (each file ends its own statements)."""
    return "\n;\n".join(asset(name) for name in names) if names[-1].endswith(".js") else \
        "\n".join(asset(name) for name in names)


def asset(name: str) -> str:
    """The text of a bundled asset of ``assets/``: ours (``labels.js``, ``graph.js``, ``graph.css``,
    ``standalone.*``) or vis-network's (``vendor/vis-network.min.js``, ``vendor/vis-network.css``)."""
    return (ASSETS / name).read_text(encoding="utf-8")


def view_claims(G: nx.MultiDiGraph, view: View) -> list[dict]:
    """The attribute dicts of the claims a view shows."""
    return [G.edges[u, v, k] for u, v, k in view.edges]


def details_text(G: nx.MultiDiGraph, view: View) -> dict:
    """Plain-text details for every node and claim of a view, for the standalone page."""
    kinds = G.graph["schema"].node_kinds
    out = {}
    for n in view.nodes:
        d = G.nodes[n]
        lines = [f"{kinds[d['kind']].label} · evidence: {d['status']}", d["description"]]
        lines += evidence_of(G, d).lines(status=False)
        out[f"node:{n}"] = {"title": d["label"], "lines": lines}
    for u, v, k in view.edges:
        d = G.edges[u, v, k]
        out[f"edge:{k}"] = {"title": d["claim"], "lines": evidence_of(G, d).lines()}
    return out


def standalone_html(G: nx.MultiDiGraph, view: View, payload: dict | None, title: str = "Pain Atlas",
                    extra: dict | None = None) -> str:
    """One self-contained HTML page that draws the view offline, with a reference list.

    ``extra`` is merged into the page's JSON data: ``{"tour": {...}}`` turns the page into a
    guided tour (see :func:`builders.teach.tours.tour_html`), whose steps carry their own
    payloads, so ``payload`` may then be ``None``.
    """
    with gc_paused():  # many small, long-lived objects; see vis_payload
        data = {"title": title, "disclaimer": DISCLAIMER, "payload": payload, "details": details_text(G, view),
                "references": references_for(G, view.nodes, view_claims(G, view))}
        data.update(extra or {})
        script_data = json_for_script(data)
    return html_page("standalone.html", STANDALONE_CSP, title, assets(GRAPH_STYLES + ("standalone.css",)),
                     data=script_data, js=assets(GRAPH_SCRIPTS + ("standalone.js",)))


def html_page(name: str, csp: str, title: str, css: str, **values: str) -> str:
    """An offline HTML page: ``assets/page_head.html`` (security policy, title, inline style)
    followed by the body template ``name`` filled in with ``values`` (and ``title``, escaped)."""
    head = Template(asset("page_head.html")).substitute(csp=csp, title=html.escape(title), css=css)
    return Template(asset(name)).substitute(head=head, title=html.escape(title), **values)
