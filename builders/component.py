"""The graph as a Streamlit v2 component: draws a payload and sends clicks back to Python.

The component's JavaScript is vis-network (pyvis's bundled copy) followed by ``assets/graph.js``,
all inline: no build step and no network request. A click sets the component state value
``selected`` to ``{"kind": "node" | "edge", "id": ...}`` (or ``None`` for the background).
"""

from __future__ import annotations

from functools import lru_cache

import streamlit as st

from .render import asset

COMPONENT_NAME = "pain_atlas_graph"

MOUNT_JS = """
export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let root = parentElement.querySelector(".pa-root");
  if (!root) {
    root = document.createElement("div");
    root.className = "pa-root";
    parentElement.appendChild(root);
  }
  if (!root.paGraph) {
    root.paGraph = globalThis.PainAtlasGraph.mount(root, { onSelect: function () {} });
  }
  // Rebind on every render: Streamlit hands a fresh setStateValue to each call.
  root.paGraph.callbacks.onSelect = function (picked) { setStateValue("selected", picked); };
  root.paGraph.update(data);
}
"""


@lru_cache(maxsize=1)
def _component():
    return st.components.v2.component(
        COMPONENT_NAME,
        html="",
        css=asset("vis-network.css") + "\n" + asset("graph.css"),
        js=asset("vis-network.min.js") + "\n" + asset("graph.js") + "\n" + MOUNT_JS,
    )


def graph_view(payload: dict, *, key: str, on_select=None):
    """Mount the graph; returns the component result (``result.selected`` is the last click)."""
    return _component()(key=key, data=payload, default={"selected": None}, height=payload.get("height", 640),
                        on_selected_change=on_select or (lambda: None))
