"""Streamlit glue for the data exports: every format of :mod:`builders.render.export` as a
download, of the current view or of the whole dataset.

A file is written only when its button is clicked (Streamlit's deferred ``data``, with
``on_click="ignore"`` so the click does not rerun the page), and is cached per dataset, view
and format, so reruns stay fast. Positions are the whole dataset's layout, so a view's nodes
keep the places the Explore page gives them.
"""

from __future__ import annotations

import networkx as nx
import streamlit as st

from ..graph.views import ViewSpec
from ..render.export import FILES, FORMATS, export_bytes
from . import session
from .bundle import HASH, Bundle, layout_of, view_of

SCOPES = {"view": "The current view", "all": "The whole dataset"}


def view_graph(bundle: Bundle, spec: ViewSpec) -> nx.MultiDiGraph:
    """The graph of what a view shows: its nodes and claims (a read-only view of the dataset's graph)."""
    view = view_of(bundle, spec)
    nodes, edges = set(view.nodes), set(view.edges)
    return nx.subgraph_view(bundle.graph, filter_node=nodes.__contains__,
                            filter_edge=lambda u, v, k: (u, v, k) in edges)


# Called from deferred downloads, outside the script run: no spinner (see builders.app.classroom).
@st.cache_data(show_spinner=False, max_entries=32, hash_funcs=HASH)
def export_file(bundle: Bundle, spec: ViewSpec | None, fmt: str) -> bytes:
    """One format's download: of the view ``spec``, or of the whole dataset when ``spec`` is None."""
    G = bundle.graph if spec is None else view_graph(bundle, spec)
    return export_bytes(G, fmt, layout_of(bundle))


def file_name(fmt: str, scope: str) -> str:
    """``pain-atlas-view.graphml``, ``pain-atlas-all-neo4j.zip``, ...

    >>> file_name("neo4j", "all"), file_name("xlsx", "view")
    ('pain-atlas-all-neo4j.zip', 'pain-atlas-view.xlsx')
    """
    kind = FILES[fmt]
    return f"pain-atlas-{scope}{'-' + fmt if kind.folder else ''}{kind.suffix}"


def export_menu(bundle: Bundle, spec: ViewSpec, counts: tuple[int, int], key: str = "export") -> None:
    """The "Export data" menu: the view (``counts`` = its nodes and claims) or everything, in every format."""
    total = (bundle.graph.number_of_nodes(), bundle.graph.number_of_edges())
    sizes = {"view": counts, "all": total}
    with st.popover("Export data", icon=":material/download:"):
        scope = st.radio("What to export", list(SCOPES), key=session.EXPORT_SCOPE, horizontal=True,
                         format_func=lambda s: f"{SCOPES[s]} ({sizes[s][0]:,} nodes, {sizes[s][1]:,} claims)")
        chosen = spec if scope == "view" else None
        for fmt in FORMATS:
            kind = FILES[fmt]
            st.download_button(kind.label, lambda fmt=fmt, chosen=chosen: export_file(bundle, chosen, fmt),
                               file_name(fmt, scope),
                               kind.mime, key=f"{key}_{fmt}", on_click="ignore", help=kind.help,
                               width="stretch")
        st.caption("Every format keeps the claim ids, the evidence status, the sources with their reliability "
                   "and the corrections; see the README for which tool opens which.")
