"""Legibility benchmark: can a student read the graph, can a teacher project it?

    pain-atlas legibility [--json PATH] [--shots DIR] [--data DIR] [--viewport 1440x900 ...]
        [--only TEXT] [--no-figures] [--markdown]

Every view of the app that draws a graph is opened in Debian's Chromium at each viewport
(1440x900, a laptop; 1024x768, a projector), with every non-local request aborted: Explore's
default view, a focus at depths 1-3, a kind filter, a path, every step of every tour in Present,
and the standalone HTML export. The numbers are read from the live page by
``assets/legibility_measure.js`` (node shapes from vis-network's public API, labels from what
``graph.js`` drew):

- ``off_frame``: nodes whose shape, or whose drawn label, is not entirely inside the *frame* (the
  canvas cut by the window and by every ancestor that clips it: a canvas below the fold counts);
- ``overlapping_label_pairs``: pairs of drawn node labels whose boxes share some area;
- ``small_labels``: drawn labels under 11 px on screen;
- ``readable_share``: nodes with a label of at least 11 px, inside the frame, over all nodes;
- ``below_fold_px``: how far the canvas's bottom sits below the window's, the page at its top;
- ``under_legend``: nodes or labels the legend covers.

The runner waits for each view to settle (``assets/legibility_settled.js``: drawn, counts and
camera unchanged for a while, Streamlit idle, the expected text on the page); it never sleeps and
reads once. It saves a screenshot of each view. :mod:`.figure_check` measures the PNG/SVG figures.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .browser import block_remote, chromium, script, streamlit_server
from .figure_check import figure_reports, format_figures

ROOT = Path(__file__).resolve().parent.parent.parent
#: Screenshots go to DIR/<W>x<H>/<view>.png.
DEFAULT_SHOTS = ROOT / "artifacts" / "legibility"
VIEWPORTS = ((1440, 900), (1024, 768))
MIN_LABEL_PX = 11
#: Console noise that is not the page's fault: opening /present directly makes Streamlit probe
#: /present/_stcore/health and /present/_stcore/host-config, which 404.
IGNORED_CONSOLE = re.compile(r"Failed to load resource: the server responded with a status of 404")
WAIT_MS = 60_000
#: The graph counts as settled when its counts, camera and place on the page have not changed
#: for this long and Streamlit is not running the script.
QUIET_MS = 700

def measure_graph(page, index: int = -1, *, detail: bool = False, min_px: float = MIN_LABEL_PX) -> dict | None:
    """Legibility numbers of a drawn graph on a Playwright ``page`` (see the module docstring).

    ``index`` picks among the graphs still in the document (``holder.isConnected``), in mount
    order: -1 is the last one. ``detail`` adds ``per_node`` (boxes, sizes and flags per node).
    Returns ``None`` when the page has no graph.
    """
    return page.evaluate(script("legibility_measure.js"), {"index": index, "detail": detail, "minPx": min_px})


# --------------------------------------------------------------------------- the views

@dataclass
class View:
    """One view to measure: a URL path on the app, or an exported file."""

    name: str
    kind: str  # explore | present | export
    target: str  # "/?focus=..." or a file path
    texts: tuple[str, ...] = ()  # the page shows these once the view is ready


def build_views(data_dir: Path | None, export_file: Path | None) -> list[View]:
    """Explore (default, focus 1-3, a filter, a path), every tour step, and the HTML export.

    Views whose nodes are not in the data are left out (another data folder)."""
    from ..data.load import load_dataset
    from ..graph.build import build_graph
    from ..teach.tour_files import load_tours

    result = load_dataset(data_dir)
    G = build_graph(result.dataset)
    views = [View("explore-default", "explore", "/")]
    if "intrathecal-pump" in G:
        views += [View(f"focus-d{d}", "explore", f"/?focus=intrathecal-pump&depth={d}") for d in (1, 2, 3)]
    kinds = G.graph["schema"].node_kinds
    if "risk" in kinds and "therapy" in kinds:
        views.append(View("filter-risk-therapy", "explore", "/?kind=risk,therapy"))
    if "morphine" in G and "infection" in G:
        views.append(View("path-morphine-infection", "explore", "/?from=morphine&to=infection",
                          ("How are they connected?",)))
        views.append(View("path-only-morphine-infection", "explore", "/?from=morphine&to=infection&show=path",
                          ("How are they connected?",)))
    for name, tour in load_tours(result.folder, result.dataset).tours.items():
        total = len(tour.steps)
        for step in tour.steps:
            views.append(View(f"present-{name}-{step.number:02d}", "present",
                              f"/present?tour={name}&step={step.number}",
                              (f"{step.number} / {total}", " ".join(step.title.split()))))
    if export_file is not None:
        views.append(View("export-html", "export", str(export_file)))
    return views


# --------------------------------------------------------------------------- the runner

def _progress(message: str) -> None:
    print(f"[legibility {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _open(page, view: View, base_url: str | None) -> str | None:
    """Open a view and wait until it has settled; returns a warning when it did not."""
    if view.kind == "export":
        page.goto(Path(view.target).resolve().as_uri())
    else:
        page.goto(base_url + view.target)
    args = {"quietMs": QUIET_MS, "caption": view.kind == "explore", "texts": list(view.texts)}
    try:
        page.wait_for_function(script("legibility_settled.js"), arg=args, timeout=WAIT_MS, polling=150)
        return None
    except Exception as exc:  # measure what is there, and say so
        return f"not settled after {WAIT_MS / 1000:.0f} s: {type(exc).__name__}"


def run(viewports=VIEWPORTS, data_dir: Path | None = None, *, shots_dir: Path | None = DEFAULT_SHOTS,
        only: str | None = None, detail: bool = False) -> list[dict]:
    """Measure every view (:func:`build_views`) at every viewport; one dict per view and viewport.

    Starts the app on loopback, exports the standalone HTML with the CLI, and drives Debian's
    Chromium with every non-local request aborted (and counted in ``blocked``). Saves a
    viewport-sized screenshot of each view to ``shots_dir/<W>x<H>/<view>.png`` (None: none).
    """
    work = Path(tempfile.mkdtemp(prefix="pa-legibility-"))
    export_file = work / "export.html"
    command = [sys.executable, "-m", "builders", "export", "--format", "html", "--out", str(export_file)]
    if data_dir:
        command += ["--data", str(data_dir)]
    subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
    views = [v for v in build_views(data_dir, export_file) if not only or only in v.name]
    rows: list[dict] = []
    with streamlit_server(data_dir) as base_url, chromium() as browser:
        if browser is None:
            raise RuntimeError("Playwright or /usr/bin/chromium is missing")
        for width, height in viewports:
            context = browser.new_context(viewport={"width": width, "height": height})
            page, log = _watched(context)
            # Open the root first, so the app's own pages are then opened as a returning visitor.
            page.goto(base_url + "/")
            for view in views:
                rows.append(_measure_view(page, log, view, base_url, f"{width}x{height}", shots_dir, detail))
            context.close()
    return rows


def _watched(context):
    """A page of ``context`` whose non-local requests are aborted and recorded, as are console errors."""
    log = {"blocked": [], "console": []}
    block_remote(context, log["blocked"])
    page = context.new_page()
    page.on("console", lambda m: log["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log["console"].append(str(e)))
    return page, log


def _measure_view(page, log: dict, view: View, base_url: str, size: str, shots_dir, detail: bool) -> dict:
    """Open one view, wait for it to settle, measure it and take its screenshot: one row."""
    before_blocked, before_console = len(log["blocked"]), len(log["console"])
    started = time.perf_counter()
    warning = _open(page, view, base_url)
    page.evaluate(script("scroll_top.js"))
    numbers = measure_graph(page, detail=detail) or {}
    console = log["console"][before_console:]
    row = {"view": view.name, "viewport": size, "url": view.target, **numbers,
           "blocked": len(log["blocked"]) - before_blocked,
           "console_errors": [c for c in console if not IGNORED_CONSOLE.search(c)],
           "console_ignored": sum(1 for c in console if IGNORED_CONSOLE.search(c)),
           "seconds": round(time.perf_counter() - started, 2)}
    if warning:
        row["warning"] = warning
    if shots_dir is not None:
        shot = Path(shots_dir) / size / f"{view.name}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=False)
        row["screenshot"] = str(shot)
    _progress(f"{size} {view.name}: {numbers.get('nodes')} nodes, {numbers.get('off_frame')} off, "
              f"{numbers.get('overlapping_label_pairs')} pairs{' — ' + warning if warning else ''}")
    return row


# --------------------------------------------------------------------------- the table

COLUMNS = (("view", "view"), ("viewport", "viewport"), ("nodes", "nodes"), ("off_frame", "off-frame"),
           ("overlapping_label_pairs", "overlap pairs"), ("small_labels", "small labels"),
           ("readable_share", "readable"), ("below_fold_px", "below fold px"),
           ("label_px_median", "label px"), ("under_legend", "under legend"))


def _cell(key: str, value) -> str:
    if value is None:
        return "—"
    if key == "readable_share":
        return f"{value:.0%}"
    if isinstance(value, float):
        return f"{value:.0f}" if key == "below_fold_px" else f"{value:.1f}"
    return str(value)


def format_table(rows: list[dict], markdown: bool = False) -> str:
    """The rows as a fixed-width (or Markdown) table, one line per view and viewport.

    >>> print(format_table([{"view": "explore-default", "viewport": "1440x900", "nodes": 129, "off_frame": 41,
    ...     "overlapping_label_pairs": 55, "small_labels": 129, "readable_share": 0.0, "below_fold_px": 234.2,
    ...     "label_px_median": 8.03, "under_legend": 6}], markdown=True))
    | view | viewport | nodes | off-frame | overlap pairs | small labels | readable | below fold px | label px | under legend |
    |---|---|---|---|---|---|---|---|---|---|
    | explore-default | 1440x900 | 129 | 41 | 55 | 129 | 0% | 234 | 8.0 | 6 |
    """
    header = [title for _, title in COLUMNS]
    body = [[_cell(k, row.get(k)) for k, _ in COLUMNS] for row in rows]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in body])
    widths = [max(len(h), *(len(r[i]) for r in body)) if body else len(h) for i, h in enumerate(header)]
    fmt = lambda r: "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([fmt(header), fmt(["-" * w for w in widths])] + [fmt(r) for r in body])


def _viewport(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``legibility`` command's options."""
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every number as JSON")
    parser.add_argument("--shots", type=Path, default=DEFAULT_SHOTS, metavar="DIR",
                        help=f"screenshots go to DIR/<W>x<H>/<view>.png (default {DEFAULT_SHOTS})")
    parser.add_argument("--no-shots", action="store_true", help="take no screenshots")
    parser.add_argument("--data", type=Path, default=None, metavar="DIR", help="another data folder")
    parser.add_argument("--viewport", type=_viewport, action="append", metavar="WxH",
                        help="a viewport (repeatable; default 1440x900 and 1024x768)")
    parser.add_argument("--only", metavar="TEXT", help="only the views whose name contains TEXT")
    parser.add_argument("--detail", action="store_true", help="per-node boxes and flags in the JSON")
    parser.add_argument("--no-figures", action="store_true", help="skip the PNG/SVG figure report")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")



def command(args) -> int:
    """Run the legibility benchmark from parsed arguments; prints the table, writes ``--json``."""
    rows = run(tuple(args.viewport or VIEWPORTS), args.data, shots_dir=None if args.no_shots else args.shots,
               only=args.only, detail=args.detail)
    print(format_table(rows, markdown=args.markdown))
    problems = [r for r in rows if r.get("warning") or r.get("blocked") or r.get("console_errors")]
    for r in problems:
        print(f"note: {r['viewport']} {r['view']}: {r.get('warning') or ''} blocked={r.get('blocked')} "
              f"console={r.get('console_errors')}")
    figure_dir = None if args.no_shots else args.shots / "figures"
    figures = [] if args.no_figures else figure_reports(args.data, figure_dir)
    if figures:
        print(format_figures(figures))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"views": rows, "figures": figures}, indent=1), encoding="utf-8")
    return 0
