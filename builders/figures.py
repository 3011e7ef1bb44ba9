"""Static figures for slides and handouts: a view of the graph, or a comparison matrix, as PNG
or SVG, each with its legend and a caption naming the sources it draws on.

Drawn with matplotlib's object API (no pyplot, so it is safe in the app's threads) and with
matplotlib's bundled DejaVu fonts, so nothing is fetched. Data is always drawn as text:
``parse_math=False`` keeps a ``$`` in a label from being read as mathematics. SVG keeps text as
text (``svg.fonttype: none``), so the legend and labels can be searched and copied.

Examples
--------
>>> from builders.load import load_dataset
>>> from builders.graph import build_graph, make_view, ViewSpec
>>> from builders.layout import positions
>>> G = build_graph(load_dataset().dataset)
>>> svg = view_image(G, make_view(G, ViewSpec(focus="morphine")), positions(G), "svg", "Morphine")
>>> b"Node kinds" in svg and b"Claims by evidence" in svg
True
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import matplotlib
import networkx as nx
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from .compare import Matrix, matrix_sources
from .graph import View, ViewSpec, make_view
from .layout import positions
from .render import DISCLAIMER, HIGHLIGHT_COLOR, cited_sources, legend_spec, short, standalone_html, vis_payload
from .tours import STEP_HEIGHT, Tour, tour_html

FORMATS = ("png", "svg")
#: The default figure size in pixels (16:10, sharp on a projector) and its resolution.
WIDTH, HEIGHT, DPI = 1600, 1000, 100
#: vis-network shapes as matplotlib markers.
MARKERS = {"dot": "o", "ellipse": "o", "box": "s", "square": "s", "diamond": "D", "triangle": "^",
           "triangleDown": "v", "star": "*", "hexagon": "h"}
STATUS_SYMBOL = {"supported": "✓", "weak": "?", "contradicted": "✗"}
MARK_SYMBOL = {"shared": " ●", "unique": " ◆", "": ""}


def _text_kwargs(**extra) -> dict:
    return {"parse_math": False, **extra}


def caption_for(G: nx.MultiDiGraph, source_ids: list[str]) -> str:
    """The caption of a figure: the sources it draws on, by title and reliability, and the notice."""
    sources = G.graph["sources"]
    names = [f"{sources[s].title} ({sources[s].reliability})" for s in source_ids]
    listed = "; ".join(names) if names else "none"
    return f"Sources: {listed}. {DISCLAIMER}"


def _wrap(text: str, width_px: float, font_px: float) -> str:
    """Wrap text to a width in pixels (DejaVu Sans averages about 0.55 em per character)."""
    columns = max(20, int(width_px / (font_px * 0.55)))
    return "\n".join(textwrap.wrap(text, columns)) or text


def _add_caption(fig: Figure, caption: str, width: int, dpi: int, font_pt: float = 9) -> float:
    """Put the caption along the bottom; returns the fraction of the height it takes."""
    font_px = font_pt * dpi / 72
    wrapped = _wrap(caption, width * 0.97, font_px)
    lines = wrapped.count("\n") + 1
    fig.text(0.015, 0.01, wrapped, fontsize=font_pt, va="bottom", ha="left", color="#333333",
             **_text_kwargs())
    return min(0.5, (lines * font_px * 1.35 + 12) / (fig.get_figheight() * dpi))


def _legend_handles(spec: dict):
    kinds = [Line2D([], [], linestyle="none", marker=MARKERS.get(k["shape"], "o"), markersize=9,
                    markerfacecolor=k["color"], markeredgecolor="#333333", label=k["label"]) for k in spec["kinds"]]
    statuses = [Line2D([0, 1], [0, 0], color=s["color"], linewidth=s["width"], linestyle="--" if s["dashes"] else "-",
                       label=s["label"]) for s in spec["statuses"]]
    return kinds, statuses


def view_figure(G: nx.MultiDiGraph, view: View, pos: dict, title: str = "Pain Atlas", *,
                highlight_nodes=(), highlight_edges=(), width: int = WIDTH, height: int = HEIGHT,
                dpi: int = DPI) -> Figure:
    """Draw a view: nodes by kind, claims by evidence status, a legend and a source caption.

    Positions are the app's (``builders.layout.positions``), so the figure looks like the screen.
    """
    schema = G.graph["schema"]
    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    fig.patch.set_facecolor("white")
    bottom = _add_caption(fig, caption_for(G, cited_sources(G, view)), width, dpi)
    fig.suptitle(title, fontsize=16, x=0.015, ha="left", y=0.985, **_text_kwargs())
    ax = fig.add_axes((0.01, bottom + 0.01, 0.78, 0.93 - bottom - 0.01))
    ax.set_axis_off()
    highlight_nodes, highlight_edges = set(highlight_nodes), set(highlight_edges)

    xy = {n: (pos.get(n, (0.0, 0.0))[0], -pos.get(n, (0.0, 0.0))[1]) for n in view.nodes}
    many = len(view.nodes) > 60
    for u, v, k in view.edges:
        d = G.edges[u, v, k]
        style = schema.statuses[d["status"]]
        faded = u in view.faded or v in view.faded
        ax.annotate("", xy=xy[v], xytext=xy[u], zorder=1,
                    arrowprops={"arrowstyle": "-|>", "shrinkA": 7, "shrinkB": 7, "mutation_scale": 9,
                                "color": style.color,
                                "linestyle": "--" if style.dashes else "-",
                                "linewidth": 2.6 if k in highlight_edges else (1.8 if d["status"] == "contradicted" else 1.0),
                                "alpha": 0.2 if faded else 0.9})
    for n in view.nodes:
        d = G.nodes[n]
        kind = schema.node_kinds.get(d["kind"])
        faded = n in view.faded
        edge_color = schema.statuses[d["status"]].color if d["status"] != "supported" else "#333333"
        ax.scatter([xy[n][0]], [xy[n][1]], s=200 if n in highlight_nodes else 110, zorder=2,
                   marker=MARKERS.get(kind.shape if kind else "dot", "o"), c=[kind.color if kind else "#888888"],
                   edgecolors=HIGHLIGHT_COLOR if n in highlight_nodes else edge_color,
                   linewidths=2.5 if n in highlight_nodes or d["status"] != "supported" else 0.8,
                   alpha=0.2 if faded else 1.0)
        ax.text(xy[n][0], xy[n][1], "\n" + short(d["label"], 28), ha="center", va="top", zorder=3,
                fontsize=6.5 if many else 8, color="#222222", alpha=0.3 if faded else 1.0,
                fontweight="bold" if n in highlight_nodes else "normal", **_text_kwargs())
    if xy:
        xs, ys = [p[0] for p in xy.values()], [p[1] for p in xy.values()]
        pad_x, pad_y = max(60.0, (max(xs) - min(xs)) * 0.06), max(60.0, (max(ys) - min(ys)) * 0.08)
        ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
        ax.set_ylim(min(ys) - pad_y, max(ys) + pad_y)
    else:
        ax.text(0.5, 0.5, "Nothing to draw: the view is empty.", ha="center", transform=ax.transAxes,
                **_text_kwargs())

    kinds, statuses = _legend_handles(legend_spec(G, {G.nodes[n]["kind"] for n in view.nodes}))
    first = fig.legend(handles=kinds, title="Node kinds", loc="upper left", bbox_to_anchor=(0.80, 0.93),
                       fontsize=9, title_fontsize=10, frameon=True, alignment="left")
    fig.add_artist(first)
    fig.legend(handles=statuses, title="Claims by evidence", loc="upper left", fontsize=9, title_fontsize=10,
               bbox_to_anchor=(0.80, 0.93 - 0.03 * (len(kinds) + 2)), frameon=True, alignment="left",
               handlelength=3)
    return fig


def matrix_figure(G: nx.MultiDiGraph, matrix: Matrix, title: str = "Therapies compared", *,
                  width: int = WIDTH, dpi: int = DPI) -> Figure:
    """The comparison matrix as a table figure; its height grows with the longest cells.

    Each item reads ``✓ label ●``: the symbol is its evidence (✓ supported, ? weak,
    ✗ contradicted), ● marks an item every chosen therapy shares, ◆ one only this therapy has.
    """
    font_pt, label_px = 9, 190
    font_px = font_pt * dpi / 72
    line_px = font_px * 1.45
    column_px = (width - label_px - 30) / len(matrix.therapies)
    columns = max(12, int(column_px / (font_px * 0.58)))

    def cell_text(row_id: str, therapy: str) -> list[str]:
        lines = []
        for item in matrix.cell(row_id, therapy):
            detail = f": {item.detail}" if item.detail else ""
            text = f"{STATUS_SYMBOL[item.status]} {item.label}{MARK_SYMBOL[item.mark]}{detail}"
            lines += textwrap.wrap(text, columns, subsequent_indent="   ") or [text]
        return lines or ["—"]

    cells = {(row.id, t): cell_text(row.id, t) for row in matrix.rows for t in matrix.therapies}
    row_px = [max(len(cells[(row.id, t)]) for t in matrix.therapies) * line_px + 10 for row in matrix.rows]
    key = ("Key: ✓ supported   ? weak (only low-reliability sources)   ✗ contradicted (a vetted reference "
           "corrects it)   ● shared by all the therapies compared   ◆ only this therapy")
    caption = caption_for(G, matrix_sources(G, matrix))
    caption_px = (_wrap(caption, width * 0.97, font_px).count("\n") + 1) * font_px * 1.35 + 12
    header_px, title_px, key_px = 34, 44, 28
    height = int(title_px + header_px + sum(row_px) + key_px + caption_px + 20)

    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    fig.patch.set_facecolor("white")
    _add_caption(fig, caption, width, dpi)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)  # pixels, top down
    ax.text(12, 12, title, fontsize=15, va="top", **_text_kwargs())
    y = title_px
    x_of = [label_px + i * column_px for i in range(len(matrix.therapies))]
    for x, therapy in zip(x_of, matrix.therapies):
        ax.add_patch(Rectangle((x, y), column_px, header_px, facecolor="#e8eef6", edgecolor="#999999"))
        ax.text(x + 6, y + header_px / 2, short(G.nodes[therapy]["label"], columns), va="center", fontsize=11,
                fontweight="bold", **_text_kwargs())
    y += header_px
    for row, h in zip(matrix.rows, row_px):
        ax.add_patch(Rectangle((10, y), label_px - 10, h, facecolor="#f4f4f4", edgecolor="#999999"))
        ax.text(16, y + 6, "\n".join(textwrap.wrap(row.label, 18)), va="top", fontsize=10, fontweight="bold",
                **_text_kwargs())
        for x, therapy in zip(x_of, matrix.therapies):
            ax.add_patch(Rectangle((x, y), column_px, h, facecolor="white", edgecolor="#999999"))
            ax.text(x + 6, y + 5, "\n".join(cells[(row.id, therapy)]), va="top", fontsize=font_pt,
                    linespacing=1.3, **_text_kwargs())
        y += h
    ax.text(12, y + 8, key, va="top", fontsize=font_pt, color="#333333", **_text_kwargs())
    return fig


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """A figure as PNG or SVG bytes, at exactly the figure's pixel size (no tight cropping)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown figure format {fmt!r}; one of {', '.join(FORMATS)}")
    buffer = io.BytesIO()
    # Text stays text in SVG; fixed metadata and hash salt make the files reproducible.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "pain-atlas"}):
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, dpi=fig.dpi, facecolor="white", metadata=metadata)
    return buffer.getvalue()


def view_image(G: nx.MultiDiGraph, view: View, pos: dict, fmt: str, title: str = "Pain Atlas", **kwargs) -> bytes:
    """:func:`view_figure` as PNG or SVG bytes."""
    return figure_bytes(view_figure(G, view, pos, title, **kwargs), fmt)


def matrix_image(G: nx.MultiDiGraph, matrix: Matrix, fmt: str, title: str = "Therapies compared") -> bytes:
    """:func:`matrix_figure` as PNG or SVG bytes."""
    return figure_bytes(matrix_figure(G, matrix, title), fmt)


# --------------------------------------------------------------------------- exports for class

def view_title(G: nx.MultiDiGraph, spec) -> str:
    """A title that says what a view shows.

    >>> view_title(nx.MultiDiGraph(), ViewSpec())
    'Pain Atlas: the whole graph'
    """
    if spec.focus and spec.focus in G:
        return f"Pain Atlas: {G.nodes[spec.focus]['label']} and what lies within {spec.depth} step(s)"
    return "Pain Atlas: the whole graph"


def export_view(G: nx.MultiDiGraph, fmt: str, out: Path | str, spec: ViewSpec,
                tour: Tour | None = None) -> list[Path]:
    """Write a view or a tour as ``html``, ``png`` or ``svg``; returns the files written.

    A tour as HTML is one page with all its steps; as PNG or SVG it is one figure per step,
    named ``<out>-01.png``, ``<out>-02.png``, ... so that they sort in order on a slide deck.
    """
    out = Path(out)
    pos = positions(G)
    if fmt == "html":
        if tour is not None:
            text = tour_html(G, tour, pos)
        else:
            view = make_view(G, spec)
            payload = vis_payload(G, view, pos, highlight_nodes=spec.highlight_nodes,
                                  highlight_edges=spec.highlight_edges, focus=spec.focus, height=STEP_HEIGHT)
            text = standalone_html(G, view, payload, view_title(G, spec))
        out.write_text(text, encoding="utf-8")
        return [out]
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of html, {', '.join(FORMATS)}")
    if tour is None:
        view = make_view(G, spec)
        out.write_bytes(view_image(G, view, pos, fmt, view_title(G, spec), highlight_nodes=spec.highlight_nodes,
                                   highlight_edges=spec.highlight_edges))
        return [out]
    written = []
    for step in tour.steps:
        step_spec = step.spec(revealed=True)
        path = out.with_name(f"{out.stem}-{step.number:02d}{out.suffix or '.' + fmt}")
        title = f"{tour.title} — {step.number} / {len(tour.steps)}: {step.title}"
        path.write_bytes(view_image(G, make_view(G, step_spec), pos, fmt, title,
                                    highlight_nodes=step_spec.highlight_nodes,
                                    highlight_edges=step_spec.highlight_edges))
        written.append(path)
    return written
