"""The graph as a Streamlit v2 component: draws a payload and sends clicks back to Python.

The component's JavaScript is vis-network (pyvis's bundled copy), ``assets/graph.js`` and the
entry ``assets/mount.js``, all inline: no build step and no network request.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TypedDict

import streamlit as st

from ..render.page import asset
from ..render.payload import DEFAULT_HEIGHT

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
        css=asset("vis-network.css") + "\n" + asset("graph.css"),
        js=asset("vis-network.min.js") + "\n" + asset("graph.js") + "\n" + asset("mount.js"),
    )


def graph_view(payload: dict, *, key: str, on_select=None):
    """Mount the graph; returns the component result (``result.selected``: a :class:`Selection` or ``None``)."""
    return _component()(key=key, data=payload, default={"selected": None},
                        height=payload.get("height", DEFAULT_HEIGHT), on_selected_change=on_select or (lambda: None))
