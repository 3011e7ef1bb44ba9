"""Static figures for slides and handouts: a view of the graph as PNG or SVG, with its legend
and a caption naming the sources it draws on (the comparison matrix's figure, in
:mod:`builders.teach.handouts`, uses the same caption and text helpers).

Drawn with matplotlib's object API (no pyplot, so it is safe in the app's threads), imported when
a figure is drawn (it takes a second or two to import, and most visits draw none), and with
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
from typing import TYPE_CHECKING

import networkx as nx

from ..graph.queries import cited_sources
from ..graph.views import View, ViewSpec
from .page import view_claims
from ..graph.layout import SLOT_H, SLOT_W, view_positions
from .labels import Item, place
from .payload import HIGHLIGHT_COLOR, HIGHLIGHT_WIDTH, LINE_WIDTH, label_order, legend_spec
from .text import DISCLAIMER, plain

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS = ("png", "svg")
#: The default figure size in pixels (16:10, sharp on a projector) and its resolution.
WIDTH, HEIGHT, DPI = 1600, 1000, 100
#: vis-network shapes as matplotlib markers.
MARKERS = {"dot": "o", "ellipse": "o", "box": "s", "square": "s", "diamond": "D", "triangle": "^",
           "triangleDown": "v", "star": "*", "hexagon": "h"}
STATUS_SYMBOL = {"supported": "✓", "weak": "?", "contradicted": "✗"}
#: Node labels in figures: 11 pt at the figure's size reads on a slide and on a projector.
LABEL_PT = 11


#: matplotlib settings under which text from the data stays text: every figure is made and saved
#: under them (a legend makes its labels with the settings in force, not with ``parse_math``).
TEXT_ONLY = {"text.parse_math": False, "text.usetex": False}


def text_kwargs(**extra) -> dict:
    return {"parse_math": False, **extra}


def caption_for(G: nx.MultiDiGraph, source_ids: list[str]) -> str:
    """The caption of a figure: the sources it draws on, by title and reliability, and the notice."""
    sources = G.graph["sources"]
    names = [f"{plain(sources[s].title)} ({sources[s].reliability})" for s in source_ids]
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
    from matplotlib.lines import Line2D
    kinds = [Line2D([], [], linestyle="none", marker=MARKERS.get(k["shape"], "o"), markersize=10,
                    markerfacecolor=k["color"], markeredgecolor="#333333", label=k["label"]) for k in spec["kinds"]]
    statuses = [Line2D([0, 1], [0, 0], color=s["color"], linewidth=s["width"] * 1.4,
                       linestyle=(0, tuple(x / (s["width"] * 1.4) for x in s["pattern"])) if s["pattern"] else "-",
                       label=s["label"]) for s in spec["statuses"]]
    return kinds, statuses


def view_figure(G: nx.MultiDiGraph, view: View, pos: dict, spec: ViewSpec = ViewSpec(), title: str = "Pain Atlas",
                *, width: int = WIDTH, height: int = HEIGHT, dpi: int = DPI) -> Figure:
    """Draw a view for a slide: nodes by kind, claims by evidence status (the spec's highlights
    stand out), labels where they fit at :data:`LABEL_PT` or more, a legend and a source caption.

    ``pos`` is the whole graph's layout; the view is laid out as the screen lays it out
    (:func:`builders.graph.layout.view_positions`), stretched and fitted to the drawing area.
    """
    import matplotlib  # imported when a figure is drawn: the app starts faster without it
    with matplotlib.rc_context(TEXT_ONLY):
        return _view_figure(G, view, pos, spec, title, width, height, dpi)


def _view_figure(G, view: View, pos: dict, spec: ViewSpec, title: str, width: int, height: int, dpi: int) -> Figure:
    from matplotlib.figure import Figure
    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    fig.patch.set_facecolor("white")
    bottom = add_caption(fig, caption_for(G, cited_sources(G, view.nodes, view_claims(G, view))), width, dpi)
    fig.suptitle(title, fontsize=16, x=0.015, ha="left", y=0.985, **text_kwargs())
    box = (0.01, bottom + 0.01, 0.76, 0.92 - bottom - 0.01)
    ax = fig.add_axes(box)
    ax.set_axis_off()
    frame = (box[2] * width, box[3] * height)
    ax.set_xlim(0, frame[0])
    ax.set_ylim(frame[1], 0)  # pixels, y down, as on screen
    xy, radius = _fitted(view_positions(G, view, spec, pos), frame)
    _draw_claims(ax, G, view, xy, set(spec.highlight_edges), radius, dpi)
    _draw_nodes(ax, G, view, xy, set(spec.highlight_nodes) | ({spec.focus} if spec.focus else set()), radius, dpi)
    _draw_labels(fig, ax, G, view, xy, spec, radius, frame)
    if not xy:
        ax.text(0.5, 0.5, "Nothing to draw: the view is empty.", ha="center", transform=ax.transAxes,
                **text_kwargs())
    _draw_legend(fig, G, view)
    return fig


def _fitted(placed: dict, frame: tuple[float, float], margin: float = 24.0) -> tuple[dict, float]:
    """Layout positions stretched (never squeezed) to the frame's shape and fitted inside it,
    with the node radius the rows' spacing allows; in pixels, y down."""
    if not placed:
        return {}, 8.0
    xs, ys = [p[0] for p in placed.values()], [p[1] for p in placed.values()]
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    room = (frame[0] - 2 * margin, frame[1] - 2 * margin)
    fx = fy = 1.0
    if w > 0 and h > 0:
        ratio = (room[0] / room[1]) / (w / h)
        fx, fy = (min(ratio, 2.0), 1.0) if ratio >= 1 else (1.0, min(1 / ratio, 2.0))
    scale = min(room[0] / max(w * fx, 1e-9), room[1] / max(h * fy, 1e-9), 1.4)
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    xy = {n: (frame[0] / 2 + (x - cx) * fx * scale, frame[1] / 2 + (y - cy) * fy * scale) for n, (x, y) in placed.items()}
    radius = max(4.0, min(9.0, 0.4 * min(SLOT_W * fx, SLOT_H * fy) * scale))
    return xy, radius


def _draw_claims(ax, G: nx.MultiDiGraph, view: View, xy: dict, highlight_edges: set, radius: float, dpi: int) -> None:
    statuses = G.graph["schema"].statuses
    points = 72 / dpi
    for u, v, k in view.edges:
        d = G.edges[u, v, k]
        style = statuses[d["status"]]
        faded = u in view.faded or v in view.faded
        width = HIGHLIGHT_WIDTH if k in highlight_edges else LINE_WIDTH.get(d["status"], 1.5)
        dashes = (0, tuple(x / width for x in style.pattern)) if style.pattern else "-"
        ax.annotate("", xy=xy[v], xytext=xy[u], zorder=1,
                    arrowprops={"arrowstyle": "-|>", "shrinkA": radius / points, "shrinkB": radius / points,
                                "mutation_scale": 10, "color": style.color, "linestyle": dashes,
                                "linewidth": width * points * 1.4, "alpha": 0.2 if faded else 0.9})


def _draw_nodes(ax, G: nx.MultiDiGraph, view: View, xy: dict, highlight: set, radius: float, dpi: int) -> None:
    schema = G.graph["schema"]
    points = 72 / dpi
    for n in view.nodes:
        d = G.nodes[n]
        kind = schema.node_kinds.get(d["kind"])
        r = radius * 1.4 if n in highlight else radius
        edge_color = schema.statuses[d["status"]].color if d["status"] != "supported" else "#333333"
        ax.scatter([xy[n][0]], [xy[n][1]], s=(2 * r * points) ** 2, zorder=2,
                   marker=MARKERS.get(kind.shape if kind else "dot", "o"), c=[kind.color if kind else "#888888"],
                   edgecolors=HIGHLIGHT_COLOR if n in highlight else edge_color,
                   linewidths=2.5 if n in highlight or d["status"] != "supported" else 0.8,
                   alpha=0.2 if n in view.faded else 1.0)


def _draw_labels(fig: Figure, ax, G: nx.MultiDiGraph, view: View, xy: dict, spec: ViewSpec, radius: float,
                 frame: tuple[float, float]) -> None:
    """Labels at :data:`LABEL_PT`, where they fit (the screen's level-of-detail rules)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.font_manager import FontProperties

    renderer = FigureCanvasAgg(fig).get_renderer()
    px = LABEL_PT * fig.dpi / 72
    fonts = {bold: FontProperties(size=LABEL_PT, weight="bold" if bold else "normal") for bold in (False, True)}
    anchors = {k.id for k in G.graph["schema"].node_kinds.values() if k.anchor}
    highlight = set(spec.highlight_nodes) | ({spec.focus} if spec.focus else set())
    rows = [{"id": n, "highlight": n in highlight, "anchor": G.nodes[n]["kind"] in anchors,
             "full_label": G.nodes[n]["label"]} for n in view.nodes if n not in view.faded or n in highlight]
    items = [Item(n, G.nodes[n]["label"], *xy[n], radius + 2, bold=n in highlight or G.nodes[n]["kind"] in anchors)
             for n in label_order(G, view, rows)]

    def measure(text: str, size: float, heavy: bool) -> float:
        return renderer.get_text_width_height_descent(text, fonts[heavy], ismath=False)[0]

    for spot in place(items, frame, measure, px):
        for number, line in enumerate(spot.lines):
            ax.text(spot.x + spot.w / 2, spot.y + number * px * 1.25, line, fontsize=LABEL_PT, ha="center",
                    va="top", zorder=3, color="#1a1a1a", fontweight="bold" if spot.bold else "normal",
                    bbox={"boxstyle": "square,pad=0", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
                    **text_kwargs())


def _draw_legend(fig: Figure, G: nx.MultiDiGraph, view: View) -> None:
    kinds, statuses = _legend_handles(legend_spec(G, {G.nodes[n]["kind"] for n in view.nodes}))
    first = fig.legend(handles=kinds, title="Node kinds", loc="upper left", bbox_to_anchor=(0.78, 0.92),
                       fontsize=11, title_fontsize=12, frameon=True, alignment="left")
    fig.add_artist(first)
    fig.legend(handles=statuses, title="Claims by evidence", loc="upper left", fontsize=11, title_fontsize=12,
               bbox_to_anchor=(0.78, 0.92 - 0.034 * (len(kinds) + 2)), frameon=True, alignment="left",
               handlelength=3.5)


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """A figure as PNG or SVG bytes, at exactly the figure's pixel size (no tight cropping)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown figure format {fmt!r}; one of {', '.join(FORMATS)}")
    import matplotlib
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



def view_thumbnail(G: nx.MultiDiGraph, view: View, pos: dict, spec: ViewSpec, *, width: int = 360,
                   height: int = 200, dpi: int = 72) -> bytes:
    """A small PNG of a view, as a card's preview: its nodes and claims as the screen places them,
    its highlights standing out; no labels, legend, arrows or caption (they would not read at this
    size). Drawn in one collection per kind of mark, so that a whole graph takes a blink.

    >>> view_thumbnail(G, make_view(G, ViewSpec(focus="morphine")), pos, ViewSpec(focus="morphine"))[:4]
    b'\\x89PNG'
    """
    from matplotlib.collections import LineCollection
    from matplotlib.colors import to_rgba
    from matplotlib.figure import Figure
    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    fig.patch.set_facecolor("white")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    xy, radius = _fitted(view_positions(G, view, spec, pos), (width, height), margin=10)
    statuses, kinds = G.graph["schema"].statuses, G.graph["schema"].node_kinds
    lit_edges, lit_nodes = set(spec.highlight_edges), set(spec.highlight_nodes) | {spec.focus}
    claims = [(u, v, k, G.edges[u, v, k]["status"]) for u, v, k in view.edges]
    faded = view.faded
    ax.add_collection(LineCollection(
        [(xy[u], xy[v]) for u, v, _, _ in claims], zorder=1,
        colors=[to_rgba(statuses[s].color, 0.1 if u in faded or v in faded else 0.6) for u, v, _, s in claims],
        linewidths=[2.5 if k in lit_edges else 0.6 for _, _, k, _ in claims]))
    for lit in (False, True):
        for shape in {kinds[G.nodes[n]["kind"]].shape if G.nodes[n]["kind"] in kinds else "dot" for n in view.nodes}:
            nodes = [n for n in view.nodes if (n in lit_nodes) == lit and
                     (kinds[G.nodes[n]["kind"]].shape if G.nodes[n]["kind"] in kinds else "dot") == shape]
            if nodes:
                ax.scatter([xy[n][0] for n in nodes], [xy[n][1] for n in nodes], zorder=2 + lit,
                           s=(radius * (2.0 if lit else 1.3)) ** 2, marker=MARKERS.get(shape, "o"),
                           c=[kinds[G.nodes[n]["kind"]].color if G.nodes[n]["kind"] in kinds else "#888888" for n in nodes],
                           edgecolors=HIGHLIGHT_COLOR if lit else "none", linewidths=2 if lit else 0,
                           alpha=[0.2 if n in faded else 1.0 for n in nodes])
    if not xy:
        ax.text(0.5, 0.5, "Nothing to draw", ha="center", va="center", transform=ax.transAxes, **text_kwargs())
    return figure_bytes(fig, "png")
