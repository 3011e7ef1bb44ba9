"""Streamlit glue for the exports for class: a view as one offline HTML page, as a PNG or SVG
figure, and its reference list as plain text, with their download buttons.

The files are made only when a button is clicked (Streamlit's deferred ``data``) by
:mod:`builders.teach.handouts`, and are cached per dataset and view, so reruns stay fast. A
deferred file is made on a server thread outside the script run, where a spinner has no page to
show on (Streamlit logs "missing ScriptRunContext!" for each try): the helpers it calls show none. The
Present page uses :func:`view_downloads` for the current step and for the Explore view; any page
can call it with its own ``ViewSpec``.
"""

from __future__ import annotations

import streamlit as st

from ..graph.views import ViewSpec
from ..render.page import view_claims
from ..render.text import references_for
from ..teach.handouts import file_stem, view_file, view_page, view_title
from .bundle import HASH, Bundle, layout_of, view_of


@st.cache_data(show_spinner=False, max_entries=32, hash_funcs=HASH)
def figure_of(bundle: Bundle, spec: ViewSpec, fmt: str, title: str) -> bytes:
    """A view as PNG or SVG bytes, with its legend and source caption."""
    return view_file(bundle.graph, layout_of(bundle), spec, fmt, title)


@st.cache_data(show_spinner=False, max_entries=32, hash_funcs=HASH)
def page_of(bundle: Bundle, spec: ViewSpec, title: str) -> str:
    """A view as one self-contained HTML page that works offline."""
    return view_page(bundle.graph, layout_of(bundle), spec, title)


def references_text(bundle: Bundle, spec: ViewSpec) -> str:
    """The "cite this view" list as plain text, one reference per line."""
    view = view_of(bundle, spec)
    lines = references_for(bundle.graph, view.nodes, view_claims(bundle.graph, view))
    return "\n".join(lines) or "No source is cited in this view."


def view_downloads(bundle: Bundle, spec: ViewSpec, key: str, title: str | None = None) -> None:
    """Download buttons for a view (HTML, PNG, SVG) and its reference list as text to copy.

    ``key`` prefixes the widget keys (one call per key on a page); ``title`` names the files and
    heads the figures, by default it says what the view shows.
    """
    title = title or view_title(bundle.graph, spec)
    stem = file_stem(title)
    cols = st.columns(3)
    cols[0].download_button("As one HTML page", lambda: page_of(bundle, spec, title), f"{stem}.html",
                            "text/html", key=f"{key}_html", on_click="ignore",
                            help="Works offline, from a USB stick: the graph, its details and a reference list.")
    cols[1].download_button("As PNG", lambda: figure_of(bundle, spec, "png", title), f"{stem}.png",
                            "image/png", key=f"{key}_png", on_click="ignore",
                            help="For slides: the graph with its legend and a caption naming the sources.")
    cols[2].download_button("As SVG", lambda: figure_of(bundle, spec, "svg", title), f"{stem}.svg",
                            "image/svg+xml", key=f"{key}_svg", on_click="ignore",
                            help="For handouts: scales without blur; its text can be searched and copied.")
    st.caption("References (plain text, to copy)")
    st.code(references_text(bundle, spec), language=None, wrap_lines=True)
