"""``pain-atlas bench``: how fast Pain Atlas is at scale, measured side by side with plain pyvis.

One run generates synthetic datasets (:mod:`builders.synth`) of about 1,000, 10,000, 30,000 and
100,000 claims in a temporary folder and measures, for each, the medians of several
repetitions (fewer for the largest) of:

- load and validate in a fresh process (``python -m builders validate``), with its peak memory;
- graph build; the layout cold and cached (through the app's own cache, :func:`webapp.layout_of`);
- three views prepared on the server with warm caches: the whole graph within the node budget, a
  focus on the busiest node at depth 2, and "supported only" (``make_view`` + ``vis_payload``);
- the node/edge JSON and the HTML page for the whole graph, against pyvis ``Network.from_nx`` +
  ``generate_html`` on the same graph (the baseline, run in a child process with a time cap);
- a Streamlit rerun after a filter change (AppTest, caches warm, a new filter every time);
- in headless Chromium, the time from opening an exported page to the graph drawn and still,
  read from the page itself, against the pyvis page until its physics has stabilised.

The results print as a table and, with ``--json PATH``, as JSON. ``--quick`` runs the smallest
size only and skips the slow baselines, in under a minute, as a smoke test for CI. Targets are
reported, never asserted: timings depend on the machine.

Examples
--------
>>> format_seconds(0.0123), format_seconds(2.5), format_seconds(0.00004), format_seconds(None)
('12.3 ms', '2.50 s', '40 µs', '—')
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

#: Dataset sizes in nodes: about 1,000, 10,000, 30,000 and 100,000 claims (three per node).
FULL_SIZES = (340, 3400, 10_000, 33_000)
QUICK_SIZES = (340,)
#: JSON + HTML generation is compared with pyvis at exactly this many nodes (a target).
COMPARE_NODES = 5000
#: Views of this many nodes are drawn in the browser, next to pyvis on the same nodes.
BROWSER_VIEW_NODES = 1000
SEED = 1
#: Repetitions: the median of these is reported. Sizes above LARGE_NODES get fewer.
REPEATS = 5
LARGE_NODES = 10_000
LARGE_REPEATS = 3
BROWSER_REPEATS = 3
#: pyvis is stopped after this long, in Python and in the browser, and reported as "> cap".
BASELINE_CAP_S = 120.0
#: In the browser, pyvis physics is not even tried above this many nodes: 3,400 nodes already
#: exceed the cap, and the issue measured over 150 s at 5,000.
BROWSER_BASELINE_MAX_NODES = 3400
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
LOCAL_PREFIXES = ("file:", "data:", "blob:", "about:", "http://127.0.0.1", "http://localhost")
STATUS_CHANGES = (["supported"], ["weak"], ["contradicted"], ["supported", "weak"],
                  ["supported", "contradicted"], ["weak", "contradicted"])
APP = Path(__file__).resolve().parent.parent / "app.py"

#: Script injected into the pyvis page after ``new vis.Network``: it records, in page time, the
#: first drawing and the end of stabilisation (the graph stops moving at "stabilized").
PYVIS_HOOK = """
window.__paBench = {};
network.once("afterDrawing", function () { window.__paBench.firstDrawn = performance.now(); });
network.once("stabilizationIterationsDone", function () { window.__paBench.iterationsDone = performance.now(); });
network.once("stabilized", function () { window.__paBench.stabilized = performance.now(); });
"""
PYVIS_ANCHOR = "network = new vis.Network(container, data, options);"


# --------------------------------------------------------------------------- results

@dataclass
class Measurement:
    """One row of the table: our time, the baseline's, and how they compare.

    Times are in seconds. ``baseline_capped`` means the baseline was stopped at ``baseline_s``
    seconds, so ``ratio`` is a lower bound. ``parts`` holds details (sizes, sub-timings).
    """

    key: str
    name: str
    ours_s: float | None = None
    baseline_s: float | None = None
    baseline_capped: bool = False
    ratio: float | None = None
    reps: int = 0
    baseline_reps: int = 0
    note: str = ""
    parts: dict = field(default_factory=dict)

    def compare(self) -> "Measurement":
        """Fill in ``ratio`` = baseline / ours when both are known."""
        if self.ours_s and self.baseline_s:
            self.ratio = round(self.baseline_s / self.ours_s, 1)
        return self


@dataclass
class SizeResult:
    """Everything measured on one synthetic dataset."""

    nodes: int
    claims: int
    citations: int
    measurements: list[Measurement] = field(default_factory=list)
    peak_rss_mb: float | None = None

    def get(self, key: str) -> Measurement | None:
        return next((m for m in self.measurements if m.key == key), None)


def median_time(function: Callable[[], object], reps: int) -> tuple[float, object]:
    """The median wall time of ``reps`` calls, and the last call's result."""
    times, result = [], None
    for _ in range(max(1, reps)):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def format_seconds(seconds: float | None) -> str:
    """A duration for people: milliseconds below one second."""
    if seconds is None:
        return "—"
    if seconds < 0.001:
        return f"{seconds * 1e6:.0f} µs"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def progress(message: str) -> None:
    """Say what the benchmark is doing, on stderr (a full run takes a quarter of an hour)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- fresh processes

def validate_fresh(data_dir: Path, reps: int) -> Measurement:
    """``python -m builders validate --data DIR`` in a new process: wall time and peak memory.

    The peak is the child's own ``ru_maxrss``, read with ``os.wait4`` so that no other process
    counts towards it.
    """
    times, peaks = [], []
    for _ in range(reps):
        with tempfile.TemporaryFile() as output:
            start = time.perf_counter()
            child = subprocess.Popen([sys.executable, "-m", "builders", "validate", "--data", str(data_dir)],
                                     stdout=output, stderr=subprocess.STDOUT)
            _, status, usage = os.wait4(child.pid, 0)
            times.append(time.perf_counter() - start)
            child.returncode = os.waitstatus_to_exitcode(status)
            if child.returncode != 0:
                output.seek(0)
                raise RuntimeError(f"validate failed on {data_dir} (exit {child.returncode}): "
                                   f"{output.read().decode(errors='replace')[-1000:]}")
        peaks.append(usage.ru_maxrss / 1024)  # kilobytes on Linux
    return Measurement("load_validate", "load + validate (fresh process)", statistics.median(times), reps=reps,
                       parts={"peak_rss_mb": round(max(peaks), 1)})


def cli_export_html(data_dir: Path, out: Path, max_nodes: int | None = None) -> float:
    """Export a view as HTML with the real command line in a new process; returns the wall time."""
    command = [sys.executable, "-m", "builders", "export", "--format", "html", "--out", str(out)]
    if data_dir is not None:
        command += ["--data", str(data_dir)]
    if max_nodes is not None:
        command += ["--max-nodes", str(max_nodes)]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


# --------------------------------------------------------------------------- the pyvis baseline

def baseline_main(argv: list[str]) -> None:
    """The child process that times pyvis: ``DATA_DIR MAX_NODES REPS HTML_OUT`` (0 / "-" for none).

    It loads the dataset and builds our graph untimed, prints ``ready``, then one ``rep
    SECONDS`` line per repetition of ``Network(cdn_resources="in_line")``, ``from_nx`` and
    ``generate_html`` with pyvis's default physics, on a fresh copy of the graph each time
    (``from_nx`` writes sizes into the graph it is given). With HTML_OUT it writes the last
    page with :data:`PYVIS_HOOK` injected, for the browser.
    """
    from pyvis.network import Network

    from .graph import ViewSpec, build_graph, make_view
    from .load import load_dataset

    data_dir, max_nodes, reps, html_out = argv[0], int(argv[1]), int(argv[2]), argv[3]
    G = build_graph(load_dataset(data_dir).dataset)
    if max_nodes:
        G = G.subgraph(make_view(G, ViewSpec(max_nodes=max_nodes)).nodes)
    print(f"ready {G.number_of_nodes()} {G.number_of_edges()}", flush=True)
    page = ""
    for _ in range(reps):
        copy = G.copy()
        start = time.perf_counter()
        network = Network(cdn_resources="in_line")
        network.from_nx(copy)
        page = network.generate_html()
        print(f"rep {time.perf_counter() - start:.6f}", flush=True)
    if html_out != "-":
        Path(html_out).write_text(page.replace(PYVIS_ANCHOR, PYVIS_ANCHOR + PYVIS_HOOK, 1), encoding="utf-8")
    print("done", flush=True)


def run_baseline(data_dir: Path, max_nodes: int, reps: int, html_out: Path | None,
                 cap: float = BASELINE_CAP_S) -> tuple[float | None, bool, int]:
    """Run :func:`baseline_main` in a child; returns (median seconds, capped?, repetitions done).

    The cap counts from the end of loading, per repetition: a repetition still running after
    ``cap`` seconds stops the child. With no repetition done, the baseline is reported as
    "> cap"; otherwise as the median of those done.
    """
    code = "import sys; from builders.bench import baseline_main; baseline_main(sys.argv[1:])"
    child = subprocess.Popen([sys.executable, "-c", code, str(data_dir), str(max_nodes), str(reps),
                              str(html_out) if html_out else "-"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in child.stdout] + [lines.put(None)],
                     daemon=True).start()
    times, capped = [], False
    try:
        line = lines.get(timeout=600)  # loading a large dataset, untimed
        if not line or not line.startswith("ready"):
            raise RuntimeError(f"the pyvis baseline did not start on {data_dir}")
        for _ in range(reps):
            line = lines.get(timeout=cap)
            if not line or not line.startswith("rep"):
                raise RuntimeError(f"the pyvis baseline failed on {data_dir}")
            times.append(float(line.split()[1]))
        lines.get(timeout=600)  # "done": the page is written
    except queue.Empty:
        capped = True
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
    if not times:
        return cap, True, 0
    return statistics.median(times), False, len(times)


# --------------------------------------------------------------------------- the browser

@contextmanager
def chromium():
    """Debian's Chromium through Playwright, or ``None`` when either is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        yield None
        return
    if not Path(CHROMIUM).exists():
        yield None
        return
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _offline_page(browser):
    """A fresh context and page in which every non-local request is aborted."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(route):
        if route.request.url.startswith(LOCAL_PREFIXES):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    return context, context.new_page()


def time_our_page(browser, page_file: Path, reps: int = BROWSER_REPEATS) -> tuple[float, int, list[str]]:
    """Open an exported page until the graph is drawn; median seconds, nodes drawn, console errors.

    The page says when: ``assets/graph.js`` sets ``data-first-drawn-ms`` on ``.pa-graph`` to
    ``performance.now()`` at the first ``afterDrawing``, counted from the start of navigation.
    Physics is off, so drawn means still.
    """
    times, nodes, errors = [], 0, []
    for _ in range(reps):
        context, page = _offline_page(browser)
        try:
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_file.as_uri(), wait_until="commit", timeout=BASELINE_CAP_S * 1000)
            page.wait_for_selector('.pa-graph[data-drawn="1"]', state="attached", timeout=BASELINE_CAP_S * 1000)
            holder = page.locator(".pa-graph").first
            times.append(float(holder.get_attribute("data-first-drawn-ms")) / 1000)
            nodes = int(holder.get_attribute("data-node-count"))
        finally:
            context.close()
    return statistics.median(times), nodes, errors


@dataclass
class PyvisPage:
    """What the pyvis page did in the browser, in seconds from the start of navigation."""

    drawn_s: float | None  # first drawing: vis shows nothing until its stabilisation iterations end
    still_s: float | None  # "stabilized": the nodes stopped moving
    moving_px: float | None = None  # at the cap, how far a node still moved in the last second

    def note(self, cap: float) -> str:
        drawn = f"pyvis first drawn after {format_seconds(self.drawn_s)}" if self.drawn_s else \
            f"pyvis not drawn within {cap:.0f} s"
        if self.still_s is not None:
            return f"{drawn}, still after {format_seconds(self.still_s)}"
        moving = f" (a node still moved {self.moving_px:,.0f} px in the last second)" if self.moving_px else ""
        return f"{drawn}, still moving at {cap:.0f} s{moving}"


MAX_MOVE_JS = """() => new Promise(resolve => {
  const before = network.getPositions();
  setTimeout(() => {
    const after = network.getPositions();
    let most = 0;
    for (const id in after) {
      if (before[id]) most = Math.max(most, Math.hypot(after[id].x - before[id].x, after[id].y - before[id].y));
    }
    resolve(most);
  }, 1000);
})"""


def time_pyvis_page(browser, page_file: Path, cap: float = BASELINE_CAP_S) -> PyvisPage:
    """Open a pyvis page until its physics has stabilised, or ``cap`` seconds have passed.

    Reads the times recorded by :data:`PYVIS_HOOK`. At the cap, it measures how far the nodes
    still move in one second, so that "not still" is shown, not assumed.
    """
    context, page = _offline_page(browser)
    try:
        page.goto(page_file.as_uri(), wait_until="commit", timeout=cap * 1000)
        try:
            page.wait_for_function("window.__paBench && window.__paBench.stabilized", timeout=cap * 1000)
        except Exception:  # Playwright's TimeoutError: still moving at the cap
            marks = page.evaluate("window.__paBench || {}")
            moving = page.evaluate(MAX_MOVE_JS) if "firstDrawn" in marks else None
            return PyvisPage(_seconds(marks.get("firstDrawn")), None, moving)
        marks = page.evaluate("window.__paBench")
        return PyvisPage(_seconds(marks.get("firstDrawn")), _seconds(marks["stabilized"]))
    finally:
        context.close()


def _seconds(milliseconds: float | None) -> float | None:
    return None if milliseconds is None else milliseconds / 1000


# --------------------------------------------------------------------------- in-process measurements

@contextmanager
def app_environment(data_dir: Path):
    """Point the app at ``data_dir`` (``PAIN_ATLAS_DATA``) and hide the bench's own arguments.

    ``webapp.app_args`` reads ``--data`` from ``sys.argv``; the app under test must not see ours.
    """
    saved_env, saved_argv = os.environ.get("PAIN_ATLAS_DATA"), sys.argv
    os.environ["PAIN_ATLAS_DATA"] = str(data_dir)
    sys.argv = [str(APP)]
    try:
        yield
    finally:
        sys.argv = saved_argv
        if saved_env is None:
            os.environ.pop("PAIN_ATLAS_DATA", None)
        else:
            os.environ["PAIN_ATLAS_DATA"] = saved_env


def streamlit_rerun(data_dir: Path, reps: int) -> Measurement:
    """A rerun of the Explore page after the evidence-status filter changes, with AppTest.

    The first run loads the data and fills the caches (untimed). Each timed rerun sets a filter
    value not used before, so the view itself is computed, not served from the payload cache.
    """
    from streamlit.testing.v1 import AppTest

    with app_environment(data_dir):
        app = AppTest.from_file(str(APP), default_timeout=900)
        app.run()
        if app.exception:
            return Measurement("rerun", "Streamlit rerun after a filter change", note=f"the app failed: {app.exception}")
        times = []
        for statuses in STATUS_CHANGES[:reps]:
            start = time.perf_counter()
            app.multiselect(key="statuses").set_value(statuses).run()
            times.append(time.perf_counter() - start)
            if app.exception:
                return Measurement("rerun", "Streamlit rerun after a filter change",
                                   note=f"the app failed: {app.exception}")
    return Measurement("rerun", "Streamlit rerun after a filter change (AppTest)", statistics.median(times),
                       reps=len(times))


def server_side(data_dir: Path, reps: int, layout_reps: int) -> tuple[list[Measurement], object]:
    """Graph build, layout cold and cached, and views with warm caches; returns them and the bundle.

    The cached layout and payload go through the app's own ``st.cache_resource`` and
    ``st.cache_data`` functions in :mod:`builders.webapp`, which work outside a Streamlit server.
    """
    from . import webapp
    from .graph import Filters, ViewSpec, build_graph, make_view
    from .layout import positions
    from .load import load_dataset
    from .render import vis_payload

    result = load_dataset(data_dir)
    build_s, G = median_time(lambda: build_graph(result.dataset), reps)
    rows = [Measurement("graph_build", "graph build", build_s, reps=reps)]
    cold_s, _ = median_time(lambda: positions(G), layout_reps)
    rows.append(Measurement("layout_cold", "layout, cold", cold_s, reps=layout_reps))
    bundle = webapp.Bundle(result, G, f"bench-{data_dir.name}")
    webapp.layout_of(bundle, bundle.key)  # fill the cache
    hit_s, pos = median_time(lambda: webapp.layout_of(bundle, bundle.key), 20)
    rows.append(Measurement("layout_cached", "layout, cached (webapp.layout_of)", hit_s, reps=20))

    hub = max(G.nodes, key=lambda n: (G.degree(n), n))
    views = [("view_whole", "whole graph within the budget", ViewSpec()),
             ("view_focus", "focus on the busiest node, depth 2", ViewSpec(focus=hub, depth=2)),
             ("view_filtered", "filtered: supported only", ViewSpec(filters=Filters.of(statuses=["supported"])))]
    for key, name, spec in views:
        view_s, view = median_time(lambda: make_view(G, spec), reps)
        both_s, payload = median_time(lambda: vis_payload(G, make_view(G, spec), pos, focus=spec.focus), reps)
        rows.append(Measurement(key, f"{name}: make_view + vis_payload", both_s, reps=reps,
                                note=f"{len(view.nodes):,} nodes, {len(view.edges):,} claims; make_view alone "
                                     f"{format_seconds(view_s)}",
                                parts={"make_view_s": view_s, "nodes": len(view.nodes), "claims": len(view.edges)}))
    webapp.payload_of(bundle, bundle.key, ViewSpec(), None)  # fill the cache
    hit_s, _ = median_time(lambda: webapp.payload_of(bundle, bundle.key, ViewSpec(), None), 20)
    rows.append(Measurement("payload_cached", "view + payload, cached (webapp.payload_of)", hit_s, reps=20))
    return rows, bundle


def generation(G, pos, max_nodes: int, reps: int) -> tuple[float, dict]:
    """Our side of "JSON + HTML": ``make_view`` + ``vis_payload`` + ``standalone_html``; (median, parts)."""
    from .graph import ViewSpec, make_view
    from .render import standalone_html, vis_payload

    def once():
        view = make_view(G, ViewSpec(max_nodes=max_nodes))
        return len(standalone_html(G, view, vis_payload(G, view, pos), "Pain Atlas"))

    seconds, size = median_time(once, reps)
    return seconds, {"html_mb": round(size / 2**20, 1)}


# --------------------------------------------------------------------------- one size

def reps_for(nodes: int) -> int:
    return LARGE_REPEATS if nodes > LARGE_NODES else REPEATS


def bench_size(nodes: int, work: Path, browser, quick: bool) -> SizeResult:
    """Every measurement on one synthetic dataset of ``nodes`` nodes."""
    from .synth import synthesize

    data_dir = work / f"n{nodes}"
    stats = synthesize(nodes, data_dir, seed=SEED)
    size = SizeResult(stats.nodes, stats.claims, stats.citations)
    reps = reps_for(nodes)
    rows = size.measurements

    progress(f"{nodes:,} nodes: load + validate in fresh processes")
    validate = validate_fresh(data_dir, reps)
    rows.append(validate)
    size.peak_rss_mb = validate.parts["peak_rss_mb"]

    progress(f"{nodes:,} nodes: graph, layout and views")
    server_rows, bundle = server_side(data_dir, reps, layout_reps=1 if nodes > LARGE_NODES else 3)
    rows.extend(server_rows)

    progress(f"{nodes:,} nodes: JSON + HTML of the whole graph, and pyvis")
    pos = _cached_positions(bundle)  # warm: filled by server_side
    ours_s, parts = generation(bundle.graph, pos, nodes, reps)
    generated = Measurement("json_html", "JSON + HTML, whole graph (vs from_nx + generate_html)", ours_s,
                            reps=reps, parts=parts)
    browser_baseline = browser is not None and not quick and nodes <= BROWSER_BASELINE_MAX_NODES
    pyvis_page = work / f"pyvis-{nodes}.html" if browser_baseline else None
    generated.baseline_s, generated.baseline_capped, generated.baseline_reps = run_baseline(
        data_dir, 0, 1 if nodes >= LARGE_NODES else 3, pyvis_page)
    rows.append(generated.compare())

    progress(f"{nodes:,} nodes: a Streamlit rerun after a filter change")
    rows.append(streamlit_rerun(data_dir, reps))
    _drop_caches()

    progress(f"{nodes:,} nodes: exported pages in Chromium")
    rows.extend(browser_rows(data_dir, work, nodes, browser, pyvis_page, quick))
    return size


def _cached_positions(bundle) -> dict:
    from . import webapp
    return webapp.layout_of(bundle, bundle.key)


def _drop_caches() -> None:
    """Empty the app's caches between sizes, so one size's graph does not weigh on the next."""
    import streamlit as st
    from streamlit import logger
    logger.set_log_level("error")  # AppTest puts the level back; keep the bench's output readable
    st.cache_resource.clear()
    st.cache_data.clear()
    gc.collect()


def browser_rows(data_dir: Path, work: Path, nodes: int, browser, pyvis_page: Path | None,
                 quick: bool) -> list[Measurement]:
    """The default export and (up to 10,000 nodes) the whole graph, drawn in Chromium."""
    rows = []
    page = work / f"view-{nodes}.html"
    export_s = cli_export_html(data_dir, page)
    rows.append(Measurement("export_cli", "pain-atlas export --format html (fresh process)", export_s, reps=1))
    if browser is None:
        rows.append(Measurement("browser_default", "browser: default export drawn", note="Chromium not available"))
        return rows
    drawn_s, shown, errors = time_our_page(browser, page)
    rows.append(Measurement("browser_default", "browser: default export (node budget) drawn", drawn_s,
                            reps=BROWSER_REPEATS, note=f"{shown:,} nodes drawn" + _errors_note(errors)))
    if quick or nodes > LARGE_NODES:
        return rows
    whole = work / f"whole-{nodes}.html"
    cli_export_html(data_dir, whole, max_nodes=nodes)
    drawn_s, shown, errors = time_our_page(browser, whole)
    row = Measurement("browser_whole", f"browser: whole graph drawn (--max-nodes {nodes:,})", drawn_s,
                      reps=BROWSER_REPEATS, note=f"{shown:,} nodes drawn" + _errors_note(errors))
    if pyvis_page is not None and pyvis_page.exists():
        progress(f"{nodes:,} nodes: pyvis in Chromium until stabilised (cap {BASELINE_CAP_S:.0f} s)")
        _set_pyvis_baseline(row, time_pyvis_page(browser, pyvis_page))
    else:
        row.note += "; pyvis not run in the browser above 3,400 nodes (over the cap already at 3,400)"
    rows.append(row.compare())
    return rows


def _set_pyvis_baseline(row: Measurement, seen: PyvisPage) -> None:
    """The baseline of a browser row is the time until pyvis is still, capped; the rest is a note."""
    row.baseline_s = seen.still_s if seen.still_s is not None else BASELINE_CAP_S
    row.baseline_capped = seen.still_s is None
    row.baseline_reps = 1
    row.parts.update({"pyvis_drawn_s": seen.drawn_s, "pyvis_still_s": seen.still_s,
                      "pyvis_moving_px": seen.moving_px})
    row.note = "; ".join(filter(None, [row.note, seen.note(BASELINE_CAP_S)]))


def _errors_note(errors: list[str]) -> str:
    return f"; page errors: {'; '.join(errors[:3])}" if errors else ""


# --------------------------------------------------------------------------- comparisons beyond the sizes

def compare_generation(work: Path) -> Measurement:
    """JSON + HTML at exactly :data:`COMPARE_NODES` nodes, ours against pyvis (a target)."""
    from .graph import build_graph
    from .layout import positions
    from .load import load_dataset
    from .synth import synthesize

    data_dir = work / f"n{COMPARE_NODES}"
    synthesize(COMPARE_NODES, data_dir, seed=SEED)
    G = build_graph(load_dataset(data_dir).dataset)
    ours_s, parts = generation(G, positions(G), COMPARE_NODES, REPEATS)
    row = Measurement("json_html_5000", f"JSON + HTML at {COMPARE_NODES:,} nodes (vs from_nx + generate_html)",
                      ours_s, reps=REPEATS, parts=parts)
    row.baseline_s, row.baseline_capped, row.baseline_reps = run_baseline(data_dir, 0, 3, None)
    return row.compare()


def compare_browser_view(work: Path, browser) -> list[Measurement]:
    """A 1,000-node view of the 3,400-node dataset, ours and pyvis on the same nodes."""
    data_dir = work / "n3400"
    if browser is None or not data_dir.exists():
        return []
    page, pyvis_page = work / "view-1000.html", work / "pyvis-view-1000.html"
    cli_export_html(data_dir, page, max_nodes=BROWSER_VIEW_NODES)
    drawn_s, shown, errors = time_our_page(browser, page)
    row = Measurement("browser_1000", f"browser: {BROWSER_VIEW_NODES:,}-node view drawn (vs pyvis stabilised)",
                      drawn_s, reps=BROWSER_REPEATS, note=f"{shown:,} nodes drawn" + _errors_note(errors))
    run_baseline(data_dir, BROWSER_VIEW_NODES, 1, pyvis_page)  # pyvis on the same 1,000 nodes, for its page
    progress(f"{BROWSER_VIEW_NODES:,}-node view: pyvis in Chromium until stabilised")
    _set_pyvis_baseline(row, time_pyvis_page(browser, pyvis_page))
    return [row.compare()]


def curated_in_browser(work: Path, browser) -> Measurement:
    """The bundled curated graph, exported by the command line and drawn in Chromium."""
    row = Measurement("browser_curated", "browser: curated graph drawn")
    if browser is None:
        row.note = "Chromium not available"
        return row
    page = work / "curated.html"
    try:
        cli_export_html(None, page)
    except subprocess.CalledProcessError as exc:
        row.note = f"export refused: {exc.stderr.strip()[-200:] if exc.stderr else exc}"
        return row
    row.ours_s, shown, errors = time_our_page(browser, page)
    row.reps, row.note = BROWSER_REPEATS, f"{shown:,} nodes drawn" + _errors_note(errors)
    return row


# --------------------------------------------------------------------------- targets

@dataclass
class Target:
    key: str
    text: str
    limit: float
    value: float | None
    unit: str = "s"
    #: "max" for an upper limit (time, memory), "min" for a lower one (a speed-up).
    kind: str = "max"

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        return self.value <= self.limit if self.kind == "max" else self.value >= self.limit


def targets(sizes: list[SizeResult], extra: list[Measurement]) -> list[Target]:
    """The issue's targets against this run's numbers (``None`` where not measured)."""
    by_nodes = {s.nodes: s for s in sizes}
    ten = by_nodes.get(10_000)
    largest = max(sizes, key=lambda s: s.claims) if sizes else None
    extras = {m.key: m for m in extra}

    def ours(size, key):
        row = size.get(key) if size else None
        return row.ours_s if row else None

    views = [ours(ten, k) for k in ("view_whole", "view_focus", "view_filtered")] if ten else []
    gen = extras.get("json_html_5000")
    browser_10k = ten.get("browser_whole") if ten else None
    memory = largest.peak_rss_mb if largest and largest.claims >= 90_000 else None
    return [
        Target("load_validate_10k", "10,000 nodes: load + validate, fresh process", 3.0, ours(ten, "load_validate")),
        Target("view_10k", "10,000 nodes: any view on the server, warm caches", 0.150,
               max(views) if views and None not in views else None),
        Target("rerun_10k", "10,000 nodes: Streamlit rerun after a filter change", 0.300, ours(ten, "rerun")),
        Target("generation_5000", "JSON + HTML vs from_nx + generate_html at 5,000 nodes", 20.0,
               gen.ratio if gen else None, "x", "min"),
        Target("browser_curated", "browser: curated graph drawn", 1.5,
               extras["browser_curated"].ours_s if "browser_curated" in extras else None),
        Target("browser_1000", "browser: 1,000-node view drawn", 2.0,
               extras["browser_1000"].ours_s if "browser_1000" in extras else None),
        Target("browser_10000", "browser: 10,000-node export drawn", 5.0,
               browser_10k.ours_s if browser_10k else None),
        Target("memory_100k", "100,000 claims: peak memory of load + validate", 1536.0, memory, "MB"),
    ]


# --------------------------------------------------------------------------- machine and output

def machine() -> dict:
    """What the numbers were measured on."""
    info = {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()]}
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(line.split(":", 1)[1].strip() for line in cpu.splitlines() if line.startswith("model name"))
        mem = Path("/proc/meminfo").read_text().split()
        info["memory_gb"] = round(int(mem[mem.index("MemTotal:") + 1]) / 2**20, 1)
    except (OSError, StopIteration, ValueError):
        pass
    return info


def run(sizes: tuple[int, ...], quick: bool, work: Path) -> dict:
    """Run the whole benchmark in ``work``; returns the results as plain data (the JSON)."""
    started = time.perf_counter()
    from streamlit import logger
    logger.set_log_level("error")  # the app's caches used outside a server warn "no runtime": harmless here
    info = machine()
    results, extra = [], []
    with chromium() as browser:
        if browser is not None:
            info["chromium"] = browser.version
        for nodes in sizes:
            results.append(bench_size(nodes, work, browser, quick))
            _drop_caches()
        progress("the curated graph in Chromium")
        extra.append(curated_in_browser(work, browser))
        if not quick:
            progress(f"JSON + HTML at {COMPARE_NODES:,} nodes, ours and pyvis")
            extra.append(compare_generation(work))
            extra.extend(compare_browser_view(work, browser))
    found = targets(results, extra)
    return {
        "version": 1, "quick": quick, "machine": info, "duration_s": round(time.perf_counter() - started, 1),
        "sizes": [asdict(s) for s in results],
        "comparisons": [asdict(m) for m in extra],
        "targets": [dict(asdict(t), met=t.met) for t in found],
    }


def _cell(row: dict, which: str) -> str:
    if which == "ours":
        return format_seconds(row["ours_s"])
    if row["baseline_s"] is None:
        return ""
    return (">" if row["baseline_capped"] else "") + format_seconds(row["baseline_s"])


def _ratio(row: dict) -> str:
    if row["ratio"] is None:
        return ""
    return (">" if row["baseline_capped"] else "") + f"{row['ratio']:,.1f}x"


def format_table(data: dict) -> str:
    """The results as a Markdown table (sizes, then comparisons, then targets)."""
    lines = ["| dataset | measurement | ours | baseline (pyvis) | ratio | notes |", "|---|---|---:|---:|---:|---|"]
    for size in data["sizes"]:
        label = f"{size['nodes']:,} nodes / {size['claims']:,} claims"
        for row in size["measurements"]:
            lines.append(f"| {label} | {row['name']} | {_cell(row, 'ours')} | {_cell(row, 'baseline')} | "
                         f"{_ratio(row)} | {row['note']} |")
            label = ""
        lines.append(f"| | peak memory, load + validate | {size['peak_rss_mb']:,.0f} MB | | | |")
    for row in data["comparisons"]:
        lines.append(f"| | {row['name']} | {_cell(row, 'ours')} | {_cell(row, 'baseline')} | {_ratio(row)} | "
                     f"{row['note']} |")
    lines += ["", "| target | limit | this run | met |", "|---|---:|---:|---|"]
    for target in data["targets"]:
        if target["unit"] == "s":
            limit, value = format_seconds(target["limit"]), format_seconds(target["value"])
        else:
            limit = f"{'≥' if target['kind'] == 'min' else '≤'} {target['limit']:,.0f} {target['unit']}"
            value = "—" if target["value"] is None else f"{target['value']:,.1f} {target['unit']}"
        met = {True: "yes", False: "**no**", None: "not measured"}[target["met"]]
        lines.append(f"| {target['text']} | {limit} | {value} | {met} |")
    machine_info = data["machine"]
    lines += ["", f"Machine: {machine_info.get('cpu', '?')}, {machine_info.get('cpus')} CPUs, "
                  f"{machine_info.get('memory_gb', '?')} GB; {machine_info['platform']}; Python "
                  f"{machine_info['python']}; Chromium {machine_info.get('chromium', 'not available')}; load "
                  f"average at start {machine_info['load_average']}; {data['duration_s']:.0f} s in all."]
    return "\n".join(lines)


# --------------------------------------------------------------------------- command line

def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``bench`` subcommand's options (shared with :func:`main`)."""
    parser.add_argument("--quick", action="store_true",
                        help="smallest size only, no slow baselines: a smoke test in under a minute")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--sizes", type=int, nargs="+", metavar="N",
                        help=f"dataset sizes in nodes, about 3 claims each (default {' '.join(map(str, FULL_SIZES))}; "
                             f"--quick: {QUICK_SIZES[0]})")


def command(args) -> int:
    """Run the benchmark from parsed arguments; prints the table, writes ``--json``."""
    sizes = tuple(args.sizes) if args.sizes else (QUICK_SIZES if args.quick else FULL_SIZES)
    if any(n < 10 for n in sizes):
        print("pain-atlas: bench: --sizes: give sizes of at least 10 nodes", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="pain-atlas-bench-") as tmp:
        data = run(sizes, args.quick, Path(tmp))
    print(format_table(data))
    if args.json:
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pain-atlas bench", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    return command(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
