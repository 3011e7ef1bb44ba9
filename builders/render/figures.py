"""Static figures for slides and handouts: a view of the graph as PNG or SVG, with its legend
and a caption naming the sources it draws on (the comparison matrix's figure, in
:mod:`builders.teach.handouts`, uses the same caption and text helpers).

Drawn with matplotlib's object API (no pyplot, so it is safe in the app's threads) and with
matplotlib's bundled DejaVu fonts, so nothing is fetched. Data is always drawn as text: every
figure is made and saved under :data:`TEXT_ONLY` (mathtext and TeX off), so a ``$`` in a label,
a legend entry or a title is never read as mathematics. SVG keeps text as text
(``svg.fonttype: none``), so the legend and labels can be searched and copied.

Examples
--------
>>> spec = ViewSpec(focus="morphine")
>>> svg = view_image(G, make_view(G, spec), pos, spec, "svg", "Morphine")
>>> b"Node kinds" in svg and b"Claims by evidence" in svg
True
"""

from __future__ import annotations

import io
import textwrap
import warnings

import matplotlib
import networkx as nx
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..graph.queries import cited_sources
from ..graph.views import View, ViewSpec
from .page import view_claims
from .payload import HIGHLIGHT_COLOR, legend_spec
from .text import DISCLAIMER, short

FORMATS = ("png", "svg")
#: The default figure size in pixels (16:10, sharp on a projector) and its resolution.
WIDTH, HEIGHT, DPI = 1600, 1000, 100
#: vis-network shapes as matplotlib markers.
MARKERS = {"dot": "o", "ellipse": "o", "box": "s", "square": "s", "diamond": "D", "triangle": "^",
           "triangleDown": "v", "star": "*", "hexagon": "h"}
STATUS_SYMBOL = {"supported": "✓", "weak": "?", "contradicted": "✗"}


#: matplotlib settings under which text from the data stays text: every figure is made and saved
#: under them (a legend makes its labels with the settings in force, not with ``parse_math``).
TEXT_ONLY = {"text.parse_math": False, "text.usetex": False}


def text_kwargs(**extra) -> dict:
    return {"parse_math": False, **extra}


def caption_for(G: nx.MultiDiGraph, source_ids: list[str]) -> str:
    """The caption of a figure: the sources it draws on, by title and reliability, and the notice."""
    sources = G.graph["sources"]
    names = [f"{sources[s].title} ({sources[s].reliability})" for s in source_ids]
    listed = "; ".join(names) if names else "none"
    return f"Sources: {listed}. {DISCLAIMER}"


def wrap(text: str, width_px: float, font_px: float) -> str:
    """Wrap text to a width in pixels (DejaVu Sans averages about 0.55 em per character)."""
    columns = max(20, int(width_px / (font_px * 0.55)))
    return "\n".join(textwrap.wrap(text, columns)) or text


def add_caption(fig: Figure, caption: str, width: int, dpi: int, font_pt: float = 9) -> float:
    """Put the caption along the bottom; returns the fraction of the height it takes."""
    font_px = font_pt * dpi / 72
    wrapped = wrap(caption, width * 0.97, font_px)
    lines = wrapped.count("\n") + 1
    fig.text(0.015, 0.01, wrapped, fontsize=font_pt, va="bottom", ha="left", color="#333333",
             **text_kwargs())
    return min(0.5, (lines * font_px * 1.35 + 12) / (fig.get_figheight() * dpi))


def _legend_handles(spec: dict):
    kinds = [Line2D([], [], linestyle="none", marker=MARKERS.get(k["shape"], "o"), markersize=9,
                    markerfacecolor=k["color"], markeredgecolor="#333333", label=k["label"]) for k in spec["kinds"]]
    statuses = [Line2D([0, 1], [0, 0], color=s["color"], linewidth=s["width"], linestyle="--" if s["dashes"] else "-",
                       label=s["label"]) for s in spec["statuses"]]
    return kinds, statuses


def view_figure(G: nx.MultiDiGraph, view: View, pos: dict, spec: ViewSpec = ViewSpec(), title: str = "Pain Atlas",
                *, width: int = WIDTH, height: int = HEIGHT, dpi: int = DPI) -> Figure:
    """Draw a view: nodes by kind, claims by evidence status (the spec's highlights stand out), a
    legend and a source caption.

    Positions are the app's (:func:`builders.graph.layout.positions`), so the figure looks like
    the screen.
    """
    with matplotlib.rc_context(TEXT_ONLY):
        return _view_figure(G, view, pos, spec, title, width, height, dpi)


def _view_figure(G, view: View, pos: dict, spec: ViewSpec, title: str, width: int, height: int, dpi: int) -> Figure:
    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    fig.patch.set_facecolor("white")
    bottom = add_caption(fig, caption_for(G, cited_sources(G, view.nodes, view_claims(G, view))), width, dpi)
    fig.suptitle(title, fontsize=16, x=0.015, ha="left", y=0.985, **text_kwargs())
    ax = fig.add_axes((0.01, bottom + 0.01, 0.78, 0.93 - bottom - 0.01))
    ax.set_axis_off()
    xy = {n: (pos.get(n, (0.0, 0.0))[0], -pos.get(n, (0.0, 0.0))[1]) for n in view.nodes}
    _draw_claims(ax, G, view, xy, set(spec.highlight_edges))
    _draw_nodes(ax, G, view, xy, set(spec.highlight_nodes))
    _frame(ax, xy)
    _draw_legend(fig, G, view)
    return fig


def _draw_claims(ax, G: nx.MultiDiGraph, view: View, xy: dict, highlight_edges: set) -> None:
    statuses = G.graph["schema"].statuses
    for u, v, k in view.edges:
        d = G.edges[u, v, k]
        style = statuses[d["status"]]
        faded = u in view.faded or v in view.faded
        ax.annotate("", xy=xy[v], xytext=xy[u], zorder=1,
                    arrowprops={"arrowstyle": "-|>", "shrinkA": 7, "shrinkB": 7, "mutation_scale": 9,
                                "color": style.color,
                                "linestyle": "--" if style.dashes else "-",
                                "linewidth": 2.6 if k in highlight_edges else (1.8 if d["status"] == "contradicted" else 1.0),
                                "alpha": 0.2 if faded else 0.9})


def _draw_nodes(ax, G: nx.MultiDiGraph, view: View, xy: dict, highlight_nodes: set) -> None:
    schema = G.graph["schema"]
    many = len(view.nodes) > 60
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
                fontweight="bold" if n in highlight_nodes else "normal", **text_kwargs())


def _frame(ax, xy: dict) -> None:
    """Fit the axes to the drawn nodes, or say that there are none."""
    if not xy:
        ax.text(0.5, 0.5, "Nothing to draw: the view is empty.", ha="center", transform=ax.transAxes,
                **text_kwargs())
        return
    xs, ys = [p[0] for p in xy.values()], [p[1] for p in xy.values()]
    pad_x, pad_y = max(60.0, (max(xs) - min(xs)) * 0.06), max(60.0, (max(ys) - min(ys)) * 0.08)
    ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    ax.set_ylim(min(ys) - pad_y, max(ys) + pad_y)


def _draw_legend(fig: Figure, G: nx.MultiDiGraph, view: View) -> None:
    kinds, statuses = _legend_handles(legend_spec(G, {G.nodes[n]["kind"] for n in view.nodes}))
    first = fig.legend(handles=kinds, title="Node kinds", loc="upper left", bbox_to_anchor=(0.80, 0.93),
                       fontsize=9, title_fontsize=10, frameon=True, alignment="left")
    fig.add_artist(first)
    fig.legend(handles=statuses, title="Claims by evidence", loc="upper left", fontsize=9, title_fontsize=10,
               bbox_to_anchor=(0.80, 0.93 - 0.03 * (len(kinds) + 2)), frameon=True, alignment="left",
               handlelength=3)


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """A figure as PNG or SVG bytes, at exactly the figure's pixel size (no tight cropping)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown figure format {fmt!r}; one of {', '.join(FORMATS)}")
    buffer = io.BytesIO()
    # Text stays text in SVG; fixed metadata and hash salt make the files reproducible.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "pain-atlas", **TEXT_ONLY}), \
            warnings.catch_warnings():
        # A character the bundled font lacks is drawn as a box; that is no news for the terminal.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, dpi=fig.dpi, facecolor="white", metadata=metadata)
    return buffer.getvalue()


def view_image(G: nx.MultiDiGraph, view: View, pos: dict, spec: ViewSpec, fmt: str, title: str = "Pain Atlas",
               **size) -> bytes:
    """:func:`view_figure` as PNG or SVG bytes."""
    return figure_bytes(view_figure(G, view, pos, spec, title, **size), fmt)
