"""Explore: the interactive graph with search, focus, filters, path finder and details."""

import streamlit as st

from builders.app import bundle as data
from builders.app import classroom, panels, session
from builders.app.component import graph_view
from builders.escape import md

bundle = data.current_bundle()
G, schema = bundle.graph, bundle.schema
options = data.node_options(bundle)
label_of = data.node_option_label(bundle)
state = st.session_state


def _focus_on_search():
    if state.get("focus"):
        state["selected"] = ("node", state["focus"])


def _clear_focus():
    state["focus"] = None


def _only_supported():
    state["statuses"] = ["supported"]


def _reset_filters():
    for key in session.FILTER_KEYS:
        state[key] = []


with st.sidebar:
    st.selectbox("Search labels and aliases", options, index=None, key="focus", format_func=label_of,
                 placeholder="Type a therapy, drug, risk…", on_change=_focus_on_search, persist_state="session",
                 help="Focus the graph on a node: its neighbourhood is shown, the rest hidden or faded.")
    st.slider("Focus depth", 1, 3, key="depth", persist_state="session", disabled=not state.get("focus"))
    st.radio("Outside the focus", ["hide", "fade"], key="mode", horizontal=True, persist_state="session",
             format_func=lambda m: {"hide": "Hide", "fade": "Fade"}[m])
    st.button("Show the whole graph", on_click=_clear_focus, disabled=not state.get("focus"))

    with st.expander("Filters", expanded=session.filtering()):
        st.multiselect("Node kinds", list(schema.node_kinds), key="kinds", persist_state="session",
                       format_func=lambda k: schema.node_kinds[k].label, placeholder="All kinds")
        st.multiselect("Relations", list(schema.relations), key="relations", persist_state="session",
                       format_func=lambda r: schema.relations[r].label, placeholder="All relations")
        st.multiselect("Only what these sources say", list(bundle.sources), key="sources", persist_state="session",
                       format_func=lambda s: f"{bundle.sources[s].title} ({bundle.sources[s].reliability})",
                       placeholder="All sources")
        st.multiselect("Evidence status", list(schema.statuses), key="statuses", persist_state="session",
                       format_func=lambda s: schema.statuses[s].label, placeholder="All statuses")
        cols = st.columns(2)
        cols[0].button("Supported only", on_click=_only_supported, help="Hide weak and contradicted claims")
        cols[1].button("Reset filters", on_click=_reset_filters)
        st.number_input("Most nodes to draw", min_value=10, max_value=100_000, step=50, key="budget",
                        persist_state="session",
                        help="Large views keep the most relevant nodes up to this budget.")

    with st.expander("How is X connected to Y?", expanded=bool(state.get("path_from"))):
        st.selectbox("From", options, index=None, key="path_from", format_func=label_of, persist_state="session",
                     placeholder="Pick a node")
        st.selectbox("To", options, index=None, key="path_to", format_func=label_of, persist_state="session",
                     placeholder="Pick a node")

ends = (state.get("path_from"), state.get("path_to"))
paths = data.paths_of(bundle, *ends) if all(ends) else []
path_nodes = {hop[end] for path in paths for hop in path for end in ("from", "to")}
path_edges = {hop["id"] for path in paths for hop in path}

spec = session.current_spec(highlight_nodes=sorted(path_nodes), highlight_edges=sorted(path_edges))
view, payload = data.payload_of(bundle, spec, state.get("selected"), height=760)

st.title("Explore the graph", anchor=False)
shown_nodes, shown_claims = len(view.nodes), len(view.edges)
st.caption(f"Showing {shown_nodes:,} of {G.number_of_nodes():,} nodes and {shown_claims:,} of "
           f"{G.number_of_edges():,} claims. Hover a claim to read its relation; click anything for its sources.")
for name, (nodes_removed, claims_removed) in view.report.removed.items():
    st.caption(f"The {name} filter removed {nodes_removed:,} node(s) and {claims_removed:,} claim(s).")
if view.truncated:
    st.warning(f"Showing {len(view.nodes):,} of {view.available:,} nodes — narrow the filters or focus on a node.")
if spec.focus and spec.focus not in view.nodes:
    st.warning(md(f"{G.nodes[spec.focus]['label']} is hidden by the filters."))

with st.popover("Export for class", icon=":material/download:"):
    classroom.view_downloads(bundle, spec, key="explore_export")

graph_col, details_col = st.columns([5, 2], gap="medium")
with graph_col:
    clicked = graph_view(payload, key="pa_graph").selected
    # A new click overrides the selection; an unchanged one leaves a deep-linked selection alone.
    if clicked != state.get(session.LAST_CLICK):
        state[session.LAST_CLICK] = clicked
        state["selected"] = (clicked["kind"], clicked["id"]) if clicked else None
with details_col:
    panels.selection_details(bundle, state.get("selected"))

if all(ends):
    st.subheader("How are they connected?", anchor=False)
    if ends[0] == ends[1]:
        st.info(md(f"From and To are both {G.nodes[ends[0]]['label']}: pick two different nodes."))
    elif not paths:
        st.info(md(f"No path joins {G.nodes[ends[0]]['label']} and {G.nodes[ends[1]]['label']} in the graph."))
    for number, path in enumerate(paths, 1):
        with st.expander(f"Path {number}: {len(path)} step(s)", expanded=number == 1):
            panels.path_steps(bundle, path)
