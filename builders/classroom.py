"""Streamlit glue for the exports for class: a view as one offline HTML page, as a PNG or SVG
figure, and its reference list as plain text, with their download buttons.

The files are made only when a button is clicked (Streamlit's deferred ``data``) and are cached
per dataset and view, so reruns stay fast. The Present page uses :func:`view_downloads` for the
current step and for the Explore view; any page can call it with its own ``ViewSpec``.
"""

from __future__ import annotations

import re

import streamlit as st

from .figures import view_image, view_title
from .graph import ViewSpec
from .render import references_for, standalone_html
from .tours import STEP_HEIGHT
from .webapp import Bundle, layout_of, payload_of


@st.cache_data(show_spinner="Drawing the figure…", max_entries=32)
def figure_of(_bundle: Bundle, key: str, spec: ViewSpec, fmt: str, title: str) -> bytes:
    """A view as PNG or SVG bytes, with its legend and source caption."""
    view, _ = payload_of(_bundle, key, spec, None, height=STEP_HEIGHT)
    return view_image(_bundle.graph, view, layout_of(_bundle, key), fmt, title,
                      highlight_nodes=spec.highlight_nodes, highlight_edges=spec.highlight_edges)


@st.cache_data(show_spinner="Writing the page…", max_entries=32)
def page_of(_bundle: Bundle, key: str, spec: ViewSpec, title: str) -> str:
    """A view as one self-contained HTML page that works offline."""
    view, payload = payload_of(_bundle, key, spec, None, height=STEP_HEIGHT)
    return standalone_html(_bundle.graph, view, payload, title)


def references_text(bundle: Bundle, spec: ViewSpec) -> str:
    """The "cite this view" list as plain text, one reference per line."""
    view, _ = payload_of(bundle, bundle.key, spec, None, height=STEP_HEIGHT)
    return "\n".join(references_for(bundle.graph, view)) or "No source is cited in this view."


def file_stem(title: str) -> str:
    """A file name from a title: lower case, words joined by hyphens.

    >>> file_stem("Risks at a glance — 3 / 8: Infection")
    'pain-atlas-risks-at-a-glance-3-8-infection'
    """
    words = re.findall(r"[a-z0-9]+", title.casefold())
    if words[:2] == ["pain", "atlas"]:
        words = words[2:]
    return "-".join(["pain-atlas"] + words[:12])


def view_downloads(bundle: Bundle, spec: ViewSpec, key: str, title: str | None = None) -> None:
    """Download buttons for a view (HTML, PNG, SVG) and its reference list as text to copy.

    ``key`` prefixes the widget keys (one call per key on a page); ``title`` names the files and
    heads the figures, by default it says what the view shows.
    """
    title = title or view_title(bundle.graph, spec)
    stem = file_stem(title)
    cols = st.columns(3)
    cols[0].download_button("As one HTML page", lambda: page_of(bundle, bundle.key, spec, title), f"{stem}.html",
                            "text/html", key=f"{key}_html", on_click="ignore",
                            help="Works offline, from a USB stick: the graph, its details and a reference list.")
    cols[1].download_button("As PNG", lambda: figure_of(bundle, bundle.key, spec, "png", title), f"{stem}.png",
                            "image/png", key=f"{key}_png", on_click="ignore",
                            help="For slides: the graph with its legend and a caption naming the sources.")
    cols[2].download_button("As SVG", lambda: figure_of(bundle, bundle.key, spec, "svg", title), f"{stem}.svg",
                            "image/svg+xml", key=f"{key}_svg", on_click="ignore",
                            help="For handouts: scales without blur; its text can be searched and copied.")
    st.caption("References (plain text, to copy)")
    st.code(references_text(bundle, spec), language=None, wrap_lines=True)
