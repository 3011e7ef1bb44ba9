"""Streamlit panels that show data as text: details of a node or a claim, citations, paths.

Every string from the data goes through :func:`builders.escape.md`, which escapes markdown, or
into a dataframe; nothing is rendered as HTML. The words for evidence come from
:mod:`builders.render.text`, so a panel reads like the exported pages.
"""

from __future__ import annotations

from collections import defaultdict

import streamlit as st

from ..escape import md
from ..graph.queries import path_reading
from ..render.text import BANNER, DISCLAIMER, Cited, evidence_of
from .bundle import Bundle, edge_index
from .tour_builder import add_path_button

STATUS_BADGE = {"supported": ("green", ":material/check_circle:"), "weak": ("orange", ":material/help:"),
                "contradicted": ("red", ":material/report:")}
STATUS_WHY = {
    "supported": "Backed by at least one source rated moderate or high; no correction stands against it.",
    "weak": "Backed only by sources rated low: treat it with caution.",
    "contradicted": "A vetted reference corrects it; read the correction below.",
}


def status_badge(status: str) -> None:
    color, icon = STATUS_BADGE.get(status, ("gray", None))
    st.badge(status.capitalize(), icon=icon, color=color, help=STATUS_WHY.get(status))


def status_mark(status: str) -> str:
    """The status badge as Markdown, to follow a sentence on its line (``status`` escaped)."""
    color, icon = STATUS_BADGE.get(status, ("gray", None))
    return f":{color}-badge[{icon + ' ' if icon else ''}{md(status.capitalize())}]"


def citations(items: tuple[Cited, ...], heading: str = "Sources") -> None:
    """One line per citation: source title, reliability, locator and evidence terms."""
    if not items:
        st.caption("No citation.")
        return
    # One element for the list, not one per line: a page of many citations reruns quickly.
    st.markdown(f"**{md(heading)}**\n\n" + "\n".join("- " + md(c.text()) for c in items))


def evidence(bundle: Bundle, data: dict) -> None:
    """The citations of a node or claim, and each correction with what backs it."""
    found = evidence_of(bundle.graph, data)
    citations(found.citations)
    for item in found.corrections:
        with st.container(border=True):
            st.markdown("**Correction:** " + md(item.text))
            citations(item.backed_by, "Backed by")


def node_details(bundle: Bundle, node: str) -> None:
    """Label, kind, description, status, citations, and its claims grouped by relation."""
    G = bundle.graph
    d = G.nodes[node]
    kind = bundle.schema.node_kinds[d["kind"]]
    st.header(md(d["label"]), anchor=False)  # h2: under the page title
    st.caption(md(kind.label + (f" · also called: {', '.join(d['aliases'])}" if d["aliases"] else "")))
    status_badge(d["status"])
    st.write(md(d["description"]))
    evidence(bundle, d)
    grouped: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
    for u, v, data in G.out_edges(node, data=True):
        grouped[bundle.schema.relations[data["relation"]].label].append((u, v, data))
    for u, v, data in G.in_edges(node, data=True):
        grouped[bundle.schema.relations[data["relation"]].inverse].append((u, v, data))
    if grouped:
        st.markdown("**Claims**")
    for relation in sorted(grouped):
        other_labels = ", ".join(sorted({G.nodes[v if u == node else u]["label"] for u, v, _ in grouped[relation]}))
        # Lazy: a relation's claims are made only while its box is open (opening it reruns the
        # graph's fragment), so a hub's hundred claims are not sent again with every rerun.
        box = st.expander(md(f"{relation} ({len(grouped[relation])}): {other_labels}"),
                          key=f"pa_claims:{node}:{relation}", on_change="rerun")
        if box.open:
            with box:
                for u, v, data in grouped[relation]:
                    claim_summary(bundle, u, v, data)


def claim_summary(bundle: Bundle, u: str, v: str, data: dict) -> None:
    """A claim in two elements: its text with its status badge, then its ends and its evidence,
    a line each."""
    G = bundle.graph
    st.markdown(md(data["claim"]) + " " + status_mark(data["status"]))  # the badge whole, after the sentence
    lines = [f"{G.nodes[u]['label']} → {G.nodes[v]['label']}", *evidence_of(G, data).lines(status=False)]
    st.caption("  \n".join(md(line) for line in lines))  # one element, a line each


def edge_details(bundle: Bundle, edge_id: str) -> None:
    """The claim, its status, its citations and any correction with that correction's citations."""
    u, v, data = edge_index(bundle)[edge_id]
    G = bundle.graph
    relation = bundle.schema.relations[data["relation"]]
    st.header(md(data["claim"]), anchor=False)
    st.caption(md(f"{G.nodes[u]['label']} — {relation.label} — {G.nodes[v]['label']}"))
    status_badge(data["status"])
    if data["qualifier"]:
        st.info(md("Figure or caveat: " + data["qualifier"]))
    evidence(bundle, data)


def selection_details(bundle: Bundle, selected: tuple | None) -> None:
    if not selected:
        st.info("Click a node or a claim in the graph to see what it is and where it comes from.")
    elif selected[0] == "node" and selected[1] in bundle.graph:
        node_details(bundle, selected[1])
    elif selected[0] == "edge" and selected[1] in edge_index(bundle):
        edge_details(bundle, selected[1])
    else:
        st.warning(md(f"{selected[0]} {selected[1]!r} is not in this view's data."))


def paths(bundle: Bundle, found: list[list[dict]], source: str, target: str) -> None:
    """The path finder's answer: each path's hops as sentences (a shared node noted as such), and
    each hop's claim with its status and citations on demand."""
    G = bundle.graph
    st.header("How are they connected?", anchor=False)
    if source == target:
        st.info(md(f"From and To are both {G.nodes[source]['label']}: pick two different nodes."))
        return
    if not found:
        st.info(md(f"No path joins {G.nodes[source]['label']} and {G.nodes[target]['label']} in the graph."))
    for number, path in enumerate(found, 1):
        with st.expander(f"Path {number}: {len(path)} step(s)", expanded=number == 1):
            for line in path_reading(G, path):
                st.markdown(md(line))
            for hop in path:
                claim_summary(bundle, hop["source"], hop["target"], hop)
            add_path_button(bundle, path, number)  # this path as a step of the session's tour


def about() -> None:
    """The whole notice, in words (the banner at the top of each page is its short form)."""
    st.caption(md(DISCLAIMER))


def disclaimer() -> None:
    """The "educational, not medical advice" notice, at the top of every page."""
    st.warning(md(BANNER), icon=":material/school:")
