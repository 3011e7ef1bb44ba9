"""Explore's graph and the details beside it, as one Streamlit fragment: a click on a node or a
claim reruns only this fragment (the graph and its details panel), not the page, its toolbar or
its sidebar.

The graph's payload is prepared by the page, for the view (the selection is not part of it, so a
click needs no new payload); the fragment adds the selection, mounts the graph, and shows the
details of what is selected and the path finder's hops. A fragment's rerun does not reach
``app.py``'s :func:`builders.app.session.write_url`, so the fragment mirrors the view into the URL
itself, and a copied link keeps the selection.
"""

from __future__ import annotations

import streamlit as st

from . import panels, session
from .bundle import Bundle
from .component import graph_view

#: The graph component's key on Explore.
GRAPH_KEY = "pa_graph"


def _take_click() -> None:
    """Read the graph's last click before mounting it, so that it is drawn with the selection:
    a new click overrides the selection; an unchanged one leaves a deep-linked selection alone."""
    state = st.session_state
    clicked = (state.get(GRAPH_KEY) or {}).get("selected")
    if clicked != state.get(session.LAST_CLICK):
        state[session.LAST_CLICK] = clicked
        state["selected"] = (clicked["kind"], clicked["id"]) if clicked else None


@st.fragment
def graph_and_details(bundle: Bundle, payload: dict, paths: list, ends: tuple) -> None:
    """The graph (three quarters of the width) and, beside it, the path's hops and the details of
    the selection. Only a click in the graph reruns it alone; anything else reruns the page."""
    state = st.session_state
    _take_click()
    graph_col, details_col = st.columns([3, 1], gap="medium")
    with graph_col:
        graph_view(payload, key=GRAPH_KEY, selected=state.get("selected"))
    with details_col:
        if all(ends):
            panels.paths(bundle, paths, *ends)
        panels.selection_details(bundle, state.get("selected"))
    session.write_url()
