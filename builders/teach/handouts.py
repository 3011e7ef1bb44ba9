"""Handouts for class: a view, a tour step or a whole tour as files (HTML, PNG, SVG), and the
comparison matrix as a figure.

The pure side of "Export for class": the command line writes these files, and the app
(:mod:`builders.app.classroom`) caches them behind its download buttons. A view is always drawn
from the same :class:`~builders.graph.views.ViewSpec` the screen uses, so a handout shows what
the class saw.

Examples
--------
>>> view_title(G, ViewSpec(focus="morphine"))
'Pain Atlas: Morphine and what lies within 1 step(s)'
>>> file_stem("Risks at a glance — 3 / 8: Infection")
'pain-atlas-risks-at-a-glance-3-8-infection'
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from ..graph.layout import positions
from ..graph.views import ViewSpec, make_view
from ..render.figures import (DPI, FORMATS, STATUS_SYMBOL, TEXT_ONLY, WIDTH, add_caption, caption_for,
                              figure_bytes, text_kwargs, view_image, wrap)
from ..render.page import standalone_html
from ..render.payload import PRESENT_HEIGHT, vis_payload
from ..render.text import short
from .compare import Matrix, matrix_sources
from .tour_files import Tour
from .tours import tour_html

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Figure symbols of the comparison marks: shared by all the therapies, or only this one.
MARK_SYMBOL = {"shared": " ●", "unique": " ◆", "": ""}


def view_title(G: nx.MultiDiGraph, spec: ViewSpec) -> str:
    """A title that says what a view shows."""
    if spec.focus and spec.focus in G:
        return f"Pain Atlas: {G.nodes[spec.focus]['label']} and what lies within {spec.depth} step(s)"
    return "Pain Atlas: the whole graph"


def file_stem(title: str) -> str:
    """A file name from a title: lower case, words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", title.casefold())
    if words[:2] == ["pain", "atlas"]:
        words = words[2:]
    return "-".join(["pain-atlas"] + words[:12])


def view_page(G: nx.MultiDiGraph, pos: dict, spec: ViewSpec, title: str) -> str:
    """A view as one self-contained HTML page that works offline."""
    view = make_view(G, spec)
    return standalone_html(G, view, vis_payload(G, view, pos, spec, height=PRESENT_HEIGHT), title)


def view_file(G: nx.MultiDiGraph, pos: dict, spec: ViewSpec, fmt: str, title: str) -> bytes:
    """A view as PNG or SVG bytes, with its legend and source caption."""
    return view_image(G, make_view(G, spec), pos, spec, fmt, title)


def export_view(G: nx.MultiDiGraph, fmt: str, out: Path | str, spec: ViewSpec,
                tour: Tour | None = None) -> list[Path]:
    """Write a view or a tour as ``html``, ``png`` or ``svg``; returns the files written.

    A tour as HTML is one page with all its steps; as PNG or SVG it is one figure per step,
    named ``<out>-01.png``, ``<out>-02.png``, ... so that they sort in order on a slide deck.
    """
    out = Path(out)
    pos = positions(G)
    if fmt == "html":
        text = tour_html(G, tour, pos) if tour is not None else view_page(G, pos, spec, view_title(G, spec))
        out.write_text(text, encoding="utf-8")
        return [out]
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of html, {', '.join(FORMATS)}")
    if tour is None:
        out.write_bytes(view_file(G, pos, spec, fmt, view_title(G, spec)))
        return [out]
    written = []
    for step in tour.steps:
        path = out.with_name(f"{out.stem}-{step.number:02d}{out.suffix or '.' + fmt}")
        path.write_bytes(view_file(G, pos, step.spec(revealed=True), fmt, tour.heading(step)))
        written.append(path)
    return written


# --------------------------------------------------------------------------- the comparison matrix

def matrix_figure(G: nx.MultiDiGraph, matrix: Matrix, title: str = "Therapies compared", *,
                  width: int = WIDTH, dpi: int = DPI) -> Figure:
    """The comparison matrix as a table figure; its height grows with the longest cells.

    Each item reads ``✓ label ●``: the symbol is its evidence (✓ supported, ? weak,
    ✗ contradicted; a node that is not supported shows its own), ● marks an item another chosen
    therapy has too, ◆ one only this therapy has where that is rare. Rows with nothing are left out.
    """
    import matplotlib  # imported when drawn: the app starts faster without it
    with matplotlib.rc_context(TEXT_ONLY):
        return _matrix_figure(G, matrix, title, width, dpi)


def _matrix_figure(G: nx.MultiDiGraph, matrix: Matrix, title: str, width: int, dpi: int) -> Figure:
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle
    font_pt, label_px = 9, 190
    font_px = font_pt * dpi / 72
    line_px = font_px * 1.45
    column_px = (width - label_px - 30) / len(matrix.therapies)
    columns = max(12, int(column_px / (font_px * 0.58)))

    def cell_text(row_id: str, therapy: str) -> list[str]:
        lines = []
        for item in matrix.cell(row_id, therapy):
            status = item.status if item.status != "supported" else item.node_status
            text = f"{STATUS_SYMBOL.get(status, '?')} {item.text}{MARK_SYMBOL[item.mark]}"
            lines += textwrap.wrap(text, columns, subsequent_indent="   ") or [text]
        return lines or ["—"]

    rows = matrix.shown_rows()
    cells = {(row.id, t): cell_text(row.id, t) for row in rows for t in matrix.therapies}
    row_px = [max(len(cells[(row.id, t)]) for t in matrix.therapies) * line_px + 10 for row in rows]
    key = ("Key: ✓ supported   ? weak (only low-reliability sources)   ✗ contradicted (a vetted reference "
           "corrects it)   ● another therapy compared has it too   ◆ only this therapy, where that is rare")
    caption = caption_for(G, matrix_sources(G, matrix))
    caption_px = (wrap(caption, width * 0.97, font_px).count("\n") + 1) * font_px * 1.35 + 12
    header_px, title_px, key_px = 34, 44, 28
    height = int(title_px + header_px + sum(row_px) + key_px + caption_px + 20)

    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    fig.patch.set_facecolor("white")
    add_caption(fig, caption, width, dpi)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)  # pixels, top down
    ax.text(12, 12, title, fontsize=15, va="top", **text_kwargs())
    y = title_px
    x_of = [label_px + i * column_px for i in range(len(matrix.therapies))]
    for x, therapy in zip(x_of, matrix.therapies):
        ax.add_patch(Rectangle((x, y), column_px, header_px, facecolor="#e8eef6", edgecolor="#999999"))
        ax.text(x + 6, y + header_px / 2, short(G.nodes[therapy]["label"], columns), va="center", fontsize=11,
                fontweight="bold", **text_kwargs())
    y += header_px
    for row, h in zip(rows, row_px):
        ax.add_patch(Rectangle((10, y), label_px - 10, h, facecolor="#f4f4f4", edgecolor="#999999"))
        ax.text(16, y + 6, "\n".join(textwrap.wrap(row.label, 18)), va="top", fontsize=10, fontweight="bold",
                **text_kwargs())
        for x, therapy in zip(x_of, matrix.therapies):
            ax.add_patch(Rectangle((x, y), column_px, h, facecolor="white", edgecolor="#999999"))
            ax.text(x + 6, y + 5, "\n".join(cells[(row.id, therapy)]), va="top", fontsize=font_pt,
                    linespacing=1.3, **text_kwargs())
        y += h
    ax.text(12, y + 8, key, va="top", fontsize=font_pt, color="#333333", **text_kwargs())
    return fig


def matrix_image(G: nx.MultiDiGraph, matrix: Matrix, fmt: str, title: str = "Therapies compared") -> bytes:
    """:func:`matrix_figure` as PNG or SVG bytes."""
    return figure_bytes(matrix_figure(G, matrix, title), fmt)
