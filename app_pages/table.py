"""Table view: the current filtered view as sortable tables for students (names first, plain
headers, claims that wrap), with CSV downloads that keep the ids, and the "Export data" menu
(every format, of the view or of the whole dataset).

It is also the accessible alternative to the graph canvas."""

import streamlit as st

from builders.app import bundle as data
from builders.app import downloads, session
from builders.escape import md, safe_csv
from builders.render.export import claims_frame, nodes_frame
from builders.render.tables import EVIDENCE_HELP, claims_table, nodes_table

st.set_page_config(initial_sidebar_state="collapsed")  # no controls in the sidebar: the page takes the width

bundle = data.current_bundle()
spec = session.current_spec()
view = data.view_of(bundle, spec)

st.title("Table view", anchor=False)
focus = spec.focus and bundle.graph.nodes[spec.focus]["label"]
st.caption(md(f"The current view{f' (focus: {focus}, depth {spec.depth})' if focus else ''}: "
              f"{len(view.nodes)} nodes and {len(view.edges)} claims. Filters are set on the Explore page."))

downloads.export_menu(bundle, spec, (len(view.nodes), len(view.edges)))

nodes = nodes_frame(bundle.graph.subgraph(view.nodes))
claims = claims_frame(bundle.graph.edge_subgraph(view.edges))
# What students read: names first, plain headers, words; the CSV downloads keep the ids.
text = st.column_config.TextColumn
shown_claims = claims_table(bundle.graph.edge_subgraph(view.edges))
shown_nodes = nodes_table(bundle.graph.subgraph(view.nodes))
tab_claims, tab_nodes = st.tabs([f"Claims ({len(claims)})", f"Nodes ({len(nodes)})"])
with tab_claims:
    st.dataframe(shown_claims, hide_index=True, row_height=68, height=620, column_config={
        "From": text(width=150), "Relation": text(width=130), "To": text(width=150),
        "Claim": text(width=420), "Evidence": text(width=100, help=EVIDENCE_HELP), "Sources": text(width=320),
        "Figure or caveat": text(width=220), "Correction": text(width=320)})
    st.download_button("Download claims as CSV", safe_csv(claims), "pain-atlas-claims.csv", "text/csv")
with tab_nodes:
    st.dataframe(shown_nodes, hide_index=True, row_height=68, height=620, column_config={
        "Name": text(width=190), "Kind": text(width=110), "Evidence": text(width=100, help=EVIDENCE_HELP),
        "Description": text(width=420), "Also called": text(width=180), "Sources": text(width=320)})
    st.download_button("Download nodes as CSV", safe_csv(nodes), "pain-atlas-nodes.csv", "text/csv")
