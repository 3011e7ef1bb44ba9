"""The teaching tools' results for the app, cached per dataset: comparison matrices and their
figures, quiz decks and quiz files, and tour pages.

Every cached helper of the app lives in ``builders.app``: the data and its views in
:mod:`.bundle`, the files for class in :mod:`.classroom`, and the teaching tools here. Pages call
them and only arrange widgets.
"""

from __future__ import annotations

import streamlit as st

from ..teach import compare, quiz, quiz_export
from ..teach.handouts import matrix_image
from ..teach.tour_files import Tour
from ..teach.tours import tour_html
from .bundle import HASH, Bundle, edge_index, layout_of


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=HASH)
def matrix_of(bundle: Bundle, chosen: tuple[str, ...]) -> compare.Matrix:
    """The comparison matrix of 2-4 therapies."""
    return compare.compare(bundle.graph, chosen)


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=HASH)
def item_citations_of(bundle: Bundle, item: compare.Item) -> list[str]:
    """The claims behind a matrix item, with their citations, as lines of text."""
    return compare.item_citations(bundle.graph, item, edge_index(bundle))


# Called from deferred downloads, outside the script run: no spinner (see builders.app.classroom).
@st.cache_data(show_spinner=False, max_entries=32, hash_funcs=HASH)
def matrix_figure_of(bundle: Bundle, chosen: tuple[str, ...], fmt: str) -> bytes:
    """The comparison matrix as PNG or SVG bytes."""
    return matrix_image(bundle.graph, matrix_of(bundle, chosen), fmt)


@st.cache_data(show_spinner=False, max_entries=32, hash_funcs=HASH)
def deck_of(bundle: Bundle, mode: str, seed: int) -> list[quiz.Question]:
    """A quiz deck of one mode."""
    return quiz.deck(bundle.graph, mode, seed)


@st.cache_data(show_spinner=False, max_entries=16, hash_funcs=HASH)
def quiz_file_of(bundle: Bundle, fmt: str, seed: int, count: int, kinds: tuple[str, ...]) -> bytes:
    """A quiz as a file for a learning platform (GIFT, Moodle XML, JSON) or a printable handout."""
    return quiz_export.quiz_file(bundle.graph, fmt, seed, count, kinds)


@st.cache_data(show_spinner=False, max_entries=16, hash_funcs=HASH)
def tour_page_of(bundle: Bundle, tour: Tour) -> str:
    """A whole tour (of the data folder, or the session's draft) as one offline HTML page."""
    return tour_html(bundle.graph, tour, layout_of(bundle))
