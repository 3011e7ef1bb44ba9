"""The graph as a Streamlit v2 component: draws a payload and sends clicks back to Python.

The component's JavaScript is what draws a graph in the standalone page too
(:data:`builders.render.page.GRAPH_SCRIPTS`: vis-network from pyvis, ``labels.js``, ``graph.js``)
and the entry ``assets/mount.js``, all inline: no build step and no network request.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TypedDict

import streamlit as st

from ..render.page import GRAPH_SCRIPTS, GRAPH_STYLES, asset, assets

COMPONENT_NAME = "pain_atlas_graph"


class Selection(TypedDict):
    """What a click sends back: the component state value ``selected`` (``None`` for the background)."""

    kind: str  # "node" or "edge"
    id: str


@lru_cache(maxsize=1)
def _component():
    return st.components.v2.component(
        COMPONENT_NAME,
        html="",
        css=assets(GRAPH_STYLES),
        js=assets(GRAPH_SCRIPTS + ("mount.js",)),
    )


@lru_cache(maxsize=1)
def _page_style():
    # isolate_styles=False: these rules are for the page around the component, not inside it.
    return st.components.v2.component("pain_atlas_page_style", html="", css=asset("page.css"), isolate_styles=False)


def page_style() -> None:
    """The pages' own style sheet (``assets/page.css``): mount once per run, in the sidebar, where
    its empty box takes no room in the page."""
    with st.sidebar:
        _page_style()(key="pa_page_style", height=0)


def graph_view(payload: dict, *, key: str, on_select=None):
    """Mount the graph; returns the component result (``result.selected``: a :class:`Selection` or ``None``)."""
    # The graph sizes itself to the screen (graph.js), so Streamlit gives it the room it takes.
    return _component()(key=key, data=payload, default={"selected": None}, height="content",
                        on_selected_change=on_select or (lambda: None))
