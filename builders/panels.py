"""Streamlit panels that show data as text: details of a node or a claim, citations, paths.

Every string from the data goes through :func:`builders.webapp.md`, which escapes markdown, or
into a dataframe; nothing is rendered as HTML.
"""

from __future__ import annotations

from collections import defaultdict

import streamlit as st

from .render import citation_line
from .webapp import Bundle, edge_index, md

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


def citations(bundle: Bundle, items: list[dict], heading: str = "Sources") -> None:
    """One line per citation: source title, reliability, locator and evidence terms."""
    if not items:
        st.caption("No citation.")
        return
    st.markdown(f"**{md(heading)}**")
    for c in items:
        st.markdown("- " + md(citation_line(bundle.graph, c)))


def correction(bundle: Bundle, item: dict) -> None:
    with st.container(border=True):
        st.markdown("**Correction:** " + md(item["correction"]))
        citations(bundle, item["citations"], "Backed by")


def node_details(bundle: Bundle, node: str) -> None:
    """Label, kind, description, status, citations, and its claims grouped by relation."""
    G = bundle.graph
    d = G.nodes[node]
    kind = bundle.schema.node_kinds[d["kind"]]
    st.subheader(md(d["label"]), anchor=False)
    st.caption(md(f"{kind.label} · id {node}" + (f" · also called: {', '.join(d['aliases'])}" if d["aliases"] else "")))
    status_badge(d["status"])
    st.write(md(d["description"]))
    citations(bundle, d["citations"])
    for item in d.get("corrections", []):
        correction(bundle, item)
    grouped: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
    for u, v, data in G.out_edges(node, data=True):
        grouped[bundle.schema.relations[data["relation"]].label].append((u, v, data))
    for u, v, data in G.in_edges(node, data=True):
        grouped[bundle.schema.relations[data["relation"]].inverse].append((u, v, data))
    if grouped:
        st.markdown("**Claims**")
    for relation in sorted(grouped):
        other_labels = ", ".join(sorted({G.nodes[v if u == node else u]["label"] for u, v, _ in grouped[relation]}))
        with st.expander(md(f"{relation} ({len(grouped[relation])}): {other_labels}")):
            for u, v, data in grouped[relation]:
                claim_summary(bundle, u, v, data)


def claim_summary(bundle: Bundle, u: str, v: str, data: dict) -> None:
    G = bundle.graph
    cols = st.columns([4, 1])
    cols[0].markdown(md(data["claim"]))
    with cols[1]:
        status_badge(data["status"])
    if data["qualifier"]:
        st.caption(md("Figure or caveat: " + data["qualifier"]))
    st.caption(md(f"{G.nodes[u]['label']} → {G.nodes[v]['label']}"))
    for c in data["citations"]:
        st.caption(md("Source: " + citation_line(G, c)))
    for item in data["corrections"]:
        st.caption(md("Correction: " + item["correction"]))
        for c in item["citations"]:
            st.caption(md("Backed by: " + citation_line(G, c)))


def edge_details(bundle: Bundle, edge_id: str) -> None:
    """The claim, its status, its citations and any correction with that correction's citations."""
    u, v, data = edge_index(bundle, bundle.key)[edge_id]
    G = bundle.graph
    relation = bundle.schema.relations[data["relation"]]
    st.subheader(md(data["claim"]), anchor=False)
    st.caption(md(f"{G.nodes[u]['label']} — {relation.label} — {G.nodes[v]['label']} · claim {edge_id}"))
    status_badge(data["status"])
    if data["qualifier"]:
        st.info(md("Figure or caveat: " + data["qualifier"]))
    citations(bundle, data["citations"])
    for item in data["corrections"]:
        correction(bundle, item)


def selection_details(bundle: Bundle, selected: tuple | None) -> None:
    if not selected:
        st.info("Click a node or a claim in the graph to see what it is and where it comes from.")
    elif selected[0] == "node" and selected[1] in bundle.graph:
        node_details(bundle, selected[1])
    elif selected[0] == "edge" and selected[1] in edge_index(bundle, bundle.key):
        edge_details(bundle, selected[1])
    else:
        st.warning(md(f"{selected[0]} {selected[1]!r} is not in this view's data."))


def path_steps(bundle: Bundle, path: list[dict]) -> None:
    """Each hop of a path with its claim, status and citations."""
    G = bundle.graph
    for number, hop in enumerate(path, 1):
        relation = bundle.schema.relations[hop["relation"]]
        reading = relation.label if hop["from"] == hop["source"] else relation.inverse
        st.markdown(md(f"{number}. {G.nodes[hop['from']]['label']} — {reading} — {G.nodes[hop['to']]['label']}"))
        claim_summary(bundle, hop["source"], hop["target"], hop)
