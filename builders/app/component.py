"""The graph as a Streamlit v2 component: draws a payload and sends clicks back to Python.

The component's JavaScript is what draws a graph in the standalone page too
(:data:`builders.render.page.GRAPH_SCRIPTS`: vis-network, ``labels.js``, ``graph.js``), imported
by the entry ``assets/mount.js``, with the style sheet ``assets/component.css``. They are files
of the component's asset folder, declared in ``pyproject.toml`` (the component
``pain-atlas.graph``): Streamlit serves them from this machine and the browser loads them once
per page and keeps them, so a rerun sends only the graph's data, not 700 KB of JavaScript. No
build step and no request beyond the app's own server.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TypedDict

import streamlit as st

from ..render.page import asset

#: "<project>.<component>", as ``pyproject.toml`` declares it, so that Streamlit finds its asset folder.
COMPONENT_NAME = "pain-atlas.graph"


class Selection(TypedDict):
    """What a click sends back: the component state value ``selected`` (``None`` for the background)."""

    kind: str  # "node" or "edge"
    id: str


@lru_cache(maxsize=1)
def _component():
    # Paths, not text: relative to the asset folder, served as files.
    return st.components.v2.component(COMPONENT_NAME, js="mount.js", css="component.css")


@lru_cache(maxsize=1)
def _page_style():
    # isolate_styles=False: these rules are for the page around the component, not inside it.
    return st.components.v2.component("pain_atlas_page_style", html="", css=asset("page.css"), isolate_styles=False)


def page_style() -> None:
    """The pages' own style sheet (``assets/page.css``): mount once per run, in the sidebar, where
    its empty box takes no room in the page."""
    with st.sidebar:
        _page_style()(key="pa_page_style", height=0)


def graph_view(payload: dict, *, key: str, on_select=None, selected: tuple | None = None):
    """Mount the graph; returns the component result (``result.selected``: a :class:`Selection` or ``None``).

    ``selected`` (``(kind, id)``) is drawn selected, in place of the payload's own ``selected``:
    so one payload, prepared once per view, serves every selection.
    """
    if selected is not None:
        payload = dict(payload, selected={"kind": selected[0], "id": selected[1]})
    # The graph sizes itself to the screen (graph.js), so Streamlit gives it the room it takes.
    return _component()(key=key, data=encoded(payload), default={"selected": None}, height="content",
                        on_selected_change=on_select or (lambda: None))


def encoded(payload: dict) -> bytes:
    """The payload as JSON bytes, which ``assets/mount.js`` parses.

    Bytes, not a dict: Streamlit sends bytes as they are, where a dict's values are each checked
    for a data frame (which imports pandas and pyarrow, seconds on a fresh server) and the whole
    dict is written as JSON twice (once sorted, for the widget's identity) on every run.

    >>> import json; json.loads(encoded({"key": "k", "nodes": [{"id": "ü"}]}))
    {'key': 'k', 'nodes': [{'id': 'ü'}]}
    """
    return json.dumps(payload, separators=(",", ":")).encode("ascii")  # non-ASCII as \u escapes
