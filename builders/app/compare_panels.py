"""The cells of the comparison matrix on the Compare page: one compact line per item, the
evidence behind each cell on demand.

A cell lists at most :data:`CELL_LINES` items, supported ones first, each on one line with its
mark ("in 2 of 3" therapies, or "only this one" where that is rare), then how many more there
are. Items that are weak or contradicted (as a claim or as a node, e.g. a garbled drug name) are
flagged in orange or red with their status, never shown as plain facts. Beside the lines, a book
icon opens every item of the cell with how it was reached, its claims, citations and corrections.
"""

from __future__ import annotations

import streamlit as st

from ..data.model import CompareRow
from ..escape import md
from ..render.text import short
from ..teach.compare import SHARED, UNIQUE, Item, Matrix, mark_text
from .bundle import Bundle
from .panels import STATUS_BADGE
from .teaching import item_citations_of

#: Most items a cell shows as lines; the rest are in the cell's sources.
CELL_LINES = 3
#: Longest label on a line, by the number of therapies compared (the whole label is in the cell's sources).
LINE_LABEL = {2: 52, 3: 32, 4: 24}
FLAG_COLOR = {"weak": "orange", "contradicted": "red"}


def flag_of(item: Item) -> str:
    """Why an item is flagged, in a word: its claim's status, else its node's ("" when neither)."""
    if item.status != "supported":
        return item.status
    return item.node_status if item.node_status != "supported" else ""


def short_mark(item: Item, therapies_count: int) -> str:
    """A mark in two or three words: "in both", "in all 3", "in 2 of 3", "only this one".

    >>> short_mark(Item("m", "Morphine", "drug", "supported", ("e",), mark="shared", shared_with=("B",)), 3)
    'in 2 of 3'
    """
    if item.mark == SHARED:
        have = len(item.shared_with) + 1
        if have == therapies_count:
            return "in both" if have == 2 else f"in all {have}"
        return f"in {have} of {therapies_count}"
    return "only this one" if item.mark == UNIQUE else ""


def item_line(item: Item, therapies_count: int, whole: bool = False) -> str:
    """One line of a cell in Streamlit markdown: the item (data escaped, a long label shortened
    unless ``whole``) and its mark or flag."""
    text = md(item.text if whole else short(item.text, LINE_LABEL.get(therapies_count, 24)))
    flag = flag_of(item)
    if flag:
        color = FLAG_COLOR.get(flag, "orange")
        return f":{color}[{text}] :{color}-badge[{flag}]"
    mark = short_mark(item, therapies_count)
    return text + (f" :{'violet' if item.mark == UNIQUE else 'blue'}-badge[{mark}]" if mark else "")


def hidden_line(items: tuple[Item, ...], shown: int) -> str:
    """The last line of a full cell: how many more items its sources list, and how many are flagged.

    >>> hidden_line((), 0)
    ''
    """
    hidden = len(items) - shown
    flagged = sum(bool(flag_of(i)) for i in items[shown:])
    parts = [f"+{hidden - flagged} more"] * bool(hidden - flagged) + [f"{flagged} flagged"] * bool(flagged)
    return f":gray[{', '.join(parts)} in the sources]" if parts else ""


def cell(bundle: Bundle, matrix: Matrix, row: CompareRow, therapy: str) -> None:
    """One cell: up to :data:`CELL_LINES` lines, and beside them the button that opens all of it."""
    items = matrix.cell(row.id, therapy)
    if not items:
        st.caption("—")
        return
    shown = items if len(items) <= CELL_LINES + 1 else items[:CELL_LINES]
    lines = [item_line(i, len(matrix.therapies), row.show == "claim") for i in shown]
    lines += [hidden_line(items, len(shown))] * bool(len(shown) < len(items))
    box = st.container(horizontal=True, gap="small", wrap=False)
    box.markdown(":small[" + "  \n".join(lines) + "]", width="stretch")
    with box.popover("", type="tertiary", icon=":material/menu_book:", help="Sources: the claims and citations "
                     "behind every item of this cell"):
        cell_sources(bundle, items, len(matrix.therapies))


def cell_sources(bundle: Bundle, items: tuple[Item, ...], therapies_count: int) -> None:
    """Every item of a cell with its status, how it was reached, and the claims and citations behind it."""
    for item in items:
        color, icon = STATUS_BADGE.get(flag_of(item) or "supported", ("gray", ""))
        via = f" · via {', '.join(item.via)}" if item.via else ""
        mark = mark_text(item, therapies_count)
        st.markdown(f"**{md(item.text)}** :{color}-badge[{icon} {(flag_of(item) or 'supported').capitalize()}]"
                    + md(via) + (f" · {md(mark)}" if mark else ""))
        for line in item_citations_of(bundle, item):
            st.caption(md(line))
