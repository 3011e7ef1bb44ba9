"""Table view: the current filtered view as sortable tables, with CSV downloads, and the
"Export data" menu (every format, of the view or of the whole dataset).

It is also the accessible alternative to the graph canvas."""

import streamlit as st

from builders.app import bundle as data
from builders.app import downloads, session
from builders.escape import md, safe_csv
from builders.render.export import claims_frame, nodes_frame

st.set_page_config(initial_sidebar_state="expanded")  # the sidebar holds this page's controls

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
status_column = st.column_config.TextColumn("status", help="supported, weak (only low-reliability sources) "
                                            "or contradicted (a vetted reference corrects it)")
tab_claims, tab_nodes = st.tabs([f"Claims ({len(claims)})", f"Nodes ({len(nodes)})"])
with tab_claims:
    st.dataframe(claims, hide_index=True, column_config={"status": status_column})
    st.download_button("Download claims as CSV", safe_csv(claims), "pain-atlas-claims.csv", "text/csv")
with tab_nodes:
    st.dataframe(nodes, hide_index=True, column_config={"status": status_column})
    st.download_button("Download nodes as CSV", safe_csv(nodes), "pain-atlas-nodes.csv", "text/csv")
