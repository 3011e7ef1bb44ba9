"""Search by name (the Explore page's search and its path finder): a text box and the nodes whose
label or alias best matches it.

Streamlit's own select box filters its options with a fuzzy match of its own ("ketamine" also
finds "Refill or programming error") and cannot be told how to rank them, so the app ranks the
matches itself (:class:`builders.graph.queries.NameIndex`: the whole name, its start, the start
of a word, inside a word; a name that does not contain what was typed is never offered) and
shows the best as buttons. A click sets the chosen node in the session state key it serves
(``focus``, ``path_from``, ``path_to``).
"""

from __future__ import annotations

from typing import Callable

import streamlit as st

from ..escape import md
from ..graph.queries import NameIndex
from .bundle import HASH, Bundle

#: Most matches shown under the box.
SHOWN = 8


@st.cache_resource(max_entries=8, hash_funcs=HASH)
def name_index_of(bundle: Bundle) -> NameIndex:
    """The case-folded names of a dataset's nodes, built once per dataset."""
    return NameIndex(bundle.graph)


def query_key(target: str) -> str:
    """The session state key of the text box that searches for ``target``."""
    return f"{target}_query"


def pick_key(target: str, number: int) -> str:
    """The key of the ``number``-th match's button (from 0)."""
    return f"{target}_pick_{number}"


def _pick(target: str, node: str, then: Callable[[], None] | None) -> None:
    st.session_state[target] = node
    st.session_state[query_key(target)] = ""
    if then is not None:
        then()


def match_label(bundle: Bundle, node: str, matched: str) -> str:
    """A match as a button reads: label, kind, and the alias that matched (if it was one)."""
    d = bundle.graph.nodes[node]
    kind = bundle.schema.node_kinds[d["kind"]].label if d["kind"] in bundle.schema.node_kinds else d["kind"]
    alias = f" · “{matched}”" if matched != d["label"] else ""
    return f"{d['label']} ({kind}){alias}"


def node_search(bundle: Bundle, target: str, label: str, placeholder: str = "Type a name",
                on_pick: Callable[[], None] | None = None, help: str | None = None,
                label_visibility: str = "visible", chosen_as: str | None = None) -> None:
    """A search box for one node, and under it the best matches as buttons while something is typed.

    The chosen node is named under the box, or, with ``chosen_as`` (a toolbar has no room for a
    line under the box), in the box's placeholder: "Focus: Ketamine".
    """
    chosen = st.session_state.get(target)
    chosen_label = bundle.graph.nodes[chosen]["label"] if chosen in bundle.graph else None
    if chosen_label and chosen_as:
        placeholder = f"{chosen_as}: {chosen_label}"
    query = st.text_input(label, key=query_key(target), placeholder=placeholder, help=help, live=True,
                          label_visibility=label_visibility)
    if chosen_label and not chosen_as and not query.strip():
        st.caption(md(f"Chosen: {chosen_label}"))
    if not query.strip():
        return
    matches = name_index_of(bundle).rank(query, SHOWN)
    if not matches:
        st.caption(md(f"No label or alias contains “{query.strip()}”."))
    for number, (node, matched) in enumerate(matches):
        st.button(md(match_label(bundle, node, matched)), key=pick_key(target, number), type="tertiary",
                  on_click=_pick, args=(target, node, on_pick))
