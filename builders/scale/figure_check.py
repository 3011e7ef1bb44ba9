"""The PNG and SVG figures for slides, checked for legibility: label sizes at the figure's size,
overlapping labels, and what the exported files hold.

:func:`figure_label_report` lays out a matplotlib figure with the Agg renderer and measures every
node label (the texts of its axes) with ``Text.get_window_extent(renderer)``: its size in points
and in pixels at the figure's dpi (pt x dpi / 72), and overlapping label boxes.
"""

from __future__ import annotations

import re
import statistics
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
MIN_LABEL_PX = 11


def _label_box(text, renderer):
    """A text's window extent, without the leading blank lines the view figures use as a gap."""
    bbox = text.get_window_extent(renderer)
    content = text.get_text()
    blank = len(content) - len(content.lstrip("\n"))
    lines = content.count("\n") + 1
    # The blank lines are the top of the text block whatever its vertical alignment.
    cut = bbox.height * blank / lines if blank and lines > blank else 0.0
    return (bbox.x0, bbox.y0, bbox.x1, bbox.y1 - cut)


def figure_label_report(fig, *, min_px: float = MIN_LABEL_PX, projector_width: int = 1024) -> dict:
    """Font sizes and overlaps of a matplotlib figure's node labels (the texts of its axes).

    Draws the figure once with Agg (``FigureCanvasAgg``) so that extents are real, then for every
    visible, non-blank text of every axes: its size in points and in pixels at the figure's dpi
    (``pt * dpi / 72``), and its box in display pixels (see :func:`_label_box`). Overlapping pairs
    are pairs of boxes that share a positive area. Also reports the figure's size in pixels, the
    smallest font of any text in the figure (legend, caption, title included), and the label size
    once the figure is shown ``projector_width`` pixels wide (a 1024x768 projector).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    fig.draw(renderer)
    dpi = float(fig.dpi)
    width_px, height_px = float(fig.get_figwidth()) * dpi, float(fig.get_figheight()) * dpi
    labels = [t for ax in fig.axes for t in ax.texts if t.get_visible() and t.get_text().strip()]
    boxes = [_label_box(t, renderer) for t in labels]
    pairs, overlapping = 0, set()
    for i in range(len(boxes)):
        a = boxes[i]
        for j in range(i + 1, len(boxes)):
            b = boxes[j]
            if min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1]):
                pairs += 1
                overlapping.update((i, j))
    points = sorted(float(t.get_fontsize()) for t in labels)
    every_text = [t for t in fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
                  if t.get_visible() and t.get_text().strip()]
    off = sum(1 for b in boxes if b[0] < -0.5 or b[1] < -0.5 or b[2] > width_px + 0.5 or b[3] > height_px + 0.5)
    px = lambda pt: round(pt * dpi / 72, 2)  # noqa: E731
    return {
        "figure_px": [round(width_px), round(height_px)], "dpi": dpi, "labels": len(labels),
        "label_pt_min": points[0] if points else None,
        "label_pt_median": statistics.median(points) if points else None,
        "label_px_min": px(points[0]) if points else None,
        "label_px_median": px(statistics.median(points)) if points else None,
        "small_labels": sum(1 for p in points if p * dpi / 72 < min_px),
        "overlapping_label_pairs": pairs, "labels_overlapping": len(overlapping),
        "labels_off_figure": off,
        "any_text_pt_min": min((float(t.get_fontsize()) for t in every_text), default=None),
        "label_px_min_at_projector": (round(points[0] * dpi / 72 * projector_width / width_px, 2)
                                      if points else None),
    }


def _png_size(path: Path) -> tuple[int, int]:
    with open(path, "rb") as handle:
        head = handle.read(24)
    return struct.unpack(">II", head[16:24])


def _svg_fonts(path: Path) -> dict:
    """The SVG's size and the font sizes of its text elements (``svg.fonttype: none`` keeps text)."""
    text = path.read_text(encoding="utf-8")
    size = re.search(r'<svg[^>]*\swidth="([\d.]+)(\w*)"[^>]*\sheight="([\d.]+)(\w*)"', text)
    # matplotlib writes font-size in user units, and its viewBox makes a user unit one point.
    sizes = [float(s) for s in re.findall(r"font-size:\s*([\d.]+)px", text)]
    smallest = min(sizes, default=None)
    return {"svg_size": f"{size.group(1)}{size.group(2)} x {size.group(3)}{size.group(4)}" if size else None,
            "svg_text_elements": text.count("<text"), "svg_font_min": smallest,
            # Opened at its natural size (1 pt = 4/3 CSS px when the size is given in pt).
            "svg_font_min_css_px": (round(smallest * 4 / 3, 2) if smallest and size and size.group(2) == "pt"
                                    else smallest),
            "svg_font_sizes": sorted(set(sizes))}


def figure_reports(data_dir: Path | None = None, out_dir: Path | None = None) -> list[dict]:
    """Export the whole graph as PNG and SVG with the CLI (``pain-atlas export``), measure the
    same figure with :func:`figure_label_report`, and check the files' sizes and fonts."""
    from ..data.files import DEFAULT_DATA_DIR
    from ..data.load import load_dataset
    from ..graph.build import build_graph
    from ..graph.layout import positions
    from ..graph.views import ViewSpec, make_view
    from ..render.figures import view_figure
    from ..teach.handouts import view_title

    data_dir = Path(data_dir) if data_dir else DEFAULT_DATA_DIR
    G = build_graph(load_dataset(data_dir).dataset)
    out_dir = Path(out_dir or tempfile.mkdtemp(prefix="pa-figures-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    reports = []
    specs = [("whole graph", ViewSpec(), [])]
    if "intrathecal-pump" in G:
        specs.append(("focus intrathecal-pump d1", ViewSpec(focus="intrathecal-pump", depth=1),
                      ["--focus", "intrathecal-pump", "--depth", "1"]))
    for name, spec, extra in specs:
        fig = view_figure(G, make_view(G, spec), positions(G), spec, view_title(G, spec))
        report = {"view": name, **figure_label_report(fig)}
        slug = name.replace(" ", "-")
        for fmt in ("png", "svg"):
            path = out_dir / f"{slug}.{fmt}"
            subprocess.run([sys.executable, "-m", "builders", "export", "--data", str(data_dir), "--format", fmt,
                            "--out", str(path), *extra], check=True, cwd=ROOT, capture_output=True)
            report[f"{fmt}_file"] = str(path)
            if fmt == "png":
                report["png_px"] = list(_png_size(path))
            else:
                report.update(_svg_fonts(path))
        reports.append(report)
    return reports


def format_figures(reports: list[dict]) -> str:
    lines = []
    for r in reports:
        lines.append(f"figure {r['view']}: {r['figure_px'][0]}x{r['figure_px'][1]} px at {r['dpi']:.0f} dpi "
                     f"(PNG file {r.get('png_px')}, SVG {r.get('svg_size')}); {r['labels']} labels at "
                     f"{r['label_pt_min']} pt = {r['label_px_min']} px (median {r['label_px_median']} px), "
                     f"{r['label_px_min_at_projector']} px when shown 1024 px wide; {r['small_labels']} under "
                     f"{MIN_LABEL_PX} px; {r['overlapping_label_pairs']} overlapping pairs "
                     f"({r['labels_overlapping']} labels); smallest text {r['any_text_pt_min']} pt; "
                     f"SVG font sizes (pt) {r.get('svg_font_sizes')}, smallest {r.get('svg_font_min_css_px')} CSS px "
                     f"at its natural size")
    return "\n".join(lines)
