"""Explore: the interactive graph, with search, focus, filters, a path finder and details.

The graph takes the screen: the sidebar starts closed, and the controls sit in one row above
the graph (search, then Focus, Filters, Connect and Export in popovers, each made only while it
is open). The details of what is clicked, and the hops of a path, sit in a column beside it.
All of it is one fragment, and the graph with its details a fragment inside it (see
:func:`explore`).
"""

import streamlit as st

from builders.app import bundle as data
from builders.app import classroom, graph_area, search, session, tour_builder
from builders.escape import md
from builders.render.text import plain

st.set_page_config(initial_sidebar_state="collapsed")
bundle = data.current_bundle()
G, schema = bundle.graph, bundle.schema
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


def focus_controls() -> None:
    if not state.get("focus"):  # nothing to set yet: say how to get a focus, rather than grey controls
        st.caption("No focus yet. Search for a node with the box beside this one: the graph then shows "
                   "its neighbourhood, and its depth and the rest are set here.")
        return
    st.slider("Focus depth", 1, 3, key="depth", persist_state="session",
              help="How many claims away from the focus the graph reaches.")
    st.radio("Outside the focus", ["hide", "fade"], key="mode", horizontal=True, persist_state="session",
             format_func=lambda m: {"hide": "Hide", "fade": "Fade"}[m])
    st.button("Show the whole graph", on_click=_clear_focus)


def filter_controls() -> None:
    """Evidence and kinds, the filters a class uses most; relations, sources and the node budget
    in a box of their own, made only while it is open (each of these widgets is tens of
    milliseconds of the browser's work on every rerun)."""
    st.multiselect("Evidence status", list(schema.statuses), key="statuses", persist_state="session",
                   format_func=lambda s: schema.statuses[s].label, placeholder="All statuses")
    st.multiselect("Node kinds", list(schema.node_kinds), key="kinds", persist_state="session",
                   format_func=lambda k: schema.node_kinds[k].label, placeholder="All kinds")
    quick = st.container(horizontal=True, gap="small")  # one block, not three
    quick.button("Supported only", on_click=_only_supported, help="Hide weak and contradicted claims")
    quick.button("Reset filters", on_click=_reset_filters)
    more = st.expander("Relations, sources, size", key=session.MORE_FILTERS_BOX, on_change="rerun")
    if more.open:
        with more:
            st.multiselect("Relations", list(schema.relations), key="relations", persist_state="session",
                           format_func=lambda r: schema.relations[r].label, placeholder="All relations")
            st.multiselect("Only what these sources say", list(bundle.sources), key="sources",
                           persist_state="session", placeholder="All sources",
                           format_func=lambda s: f"{plain(bundle.sources[s].title)} ({bundle.sources[s].reliability})")
            st.number_input("Most nodes to draw", min_value=10, max_value=100_000, step=50, key="budget",
                            persist_state="session",
                            help="Large views keep the most relevant nodes up to this budget.")


def toolbar_box(column, label: str, key: str, help: str | None = None):
    """A popover of the toolbar, made only while it is open (opening it reruns Explore), or
    ``None``: a filter or focus change then redraws none of the other boxes' widgets. Its label
    never changes, since a new label would make it a new box, closed."""
    box = column.popover(label, width="content", help=help, key=key, on_change="rerun")
    return box if box.open else None


def path_controls() -> None:
    search.node_search(bundle, "path_from", "From", "Type a name")
    search.node_search(bundle, "path_to", "To", "Type a name")
    st.toggle("Show just the path", key="path_only", persist_state="session",
              help="The path's nodes in hop order, left to right, each claim's relation beside it.")


@st.fragment
def explore() -> None:
    """The toolbar, the caption and the graph with its details: one fragment, so that a search,
    focus, depth or filter reruns only what depends on it, not the page around it (the
    navigation, the notice, the sidebar). A click in the graph reruns only the graph's own
    fragment inside it (:func:`builders.app.graph_area.graph_and_details`), which keeps the URL."""
    # One row: a horizontal container, one block for the browser to draw (columns are one each).
    toolbar = st.container(horizontal=True, vertical_alignment="top", gap="small")
    toolbar.title("Explore", anchor=False, width="content")
    with toolbar.container(width="stretch"):  # the matches go under the box, not beside it
        search.node_search(bundle, "focus", "Search labels and aliases", "Search: a therapy, drug, risk…",
                           _focus_on_search, label_visibility="collapsed", chosen_as="Focus")
    if box := toolbar_box(toolbar, "Focus", session.FOCUS_BOX):
        with box:
            focus_controls()
    if box := toolbar_box(toolbar, "Filters", session.FILTERS_BOX):
        with box:
            filter_controls()
    if box := toolbar_box(toolbar, "Connect", session.CONNECT_BOX, "How is X connected to Y? The path finder."):
        with box:
            path_controls()

    ends = (state.get("path_from"), state.get("path_to"))
    paths = data.paths_of(bundle, *ends) if all(ends) else []
    spec = session.current_spec(paths)
    view, payload = data.payload_of(bundle, spec)  # the selection is drawn by the fragment below
    if box := toolbar_box(toolbar, "Export", session.EXPORT_BOX, "The current view for class: HTML, PNG, SVG."):
        with box:
            classroom.view_downloads(bundle, spec, key="explore_export")
    with toolbar:
        tour_builder.add_view_button(bundle, spec, paths)  # this view as a step of the session's tour

    notes = [f"Showing {len(view.nodes):,} of {G.number_of_nodes():,} nodes and {len(view.edges):,} of "
             f"{G.number_of_edges():,} claims ({data.dataset_origin()}). Click anything for its sources."]
    notes += [f"The {name} filter removed {nodes:,} node(s) and {claims:,} claim(s)."
              for name, (nodes, claims) in view.report.removed.items()]
    st.caption(md(" ".join(notes)))
    if view.truncated:
        st.warning(f"Showing {len(view.nodes):,} of {view.available:,} nodes — narrow the filters or focus on a node.")
    if spec.focus and spec.focus not in view.nodes:
        st.warning(md(f"{G.nodes[spec.focus]['label']} is hidden by the filters."))

    # The graph and the details beside it: a fragment, so that a click reruns only them.
    graph_area.graph_and_details(bundle, payload, paths, ends)


explore()
