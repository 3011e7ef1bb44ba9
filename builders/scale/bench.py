"""``pain-atlas bench``: how fast Pain Atlas is at scale, measured side by side with plain pyvis.

One run generates synthetic datasets (:mod:`builders.scale.synth`) of about 1,000, 10,000, 30,000 and
100,000 claims in a temporary folder and measures, for each, the medians of several
repetitions (fewer for the largest) of:

- load and validate in a fresh process (``python -m builders validate``), with its peak memory;
- graph build; the layout cold and cached (through the app's own cache, :func:`builders.app.bundle.layout_of`);
- three views prepared on the server with warm caches: the whole graph within the node budget, a
  focus on the busiest node at depth 2, and "supported only" (``make_view`` + ``vis_payload``);
- the node/edge JSON and the HTML page for the whole graph, against pyvis ``Network.from_nx`` +
  ``generate_html`` on the same graph (the baseline, run in a child process with a time cap);
- a Streamlit rerun after a filter change (AppTest, caches warm, a new filter every time);
- in headless Chromium, the time from opening an exported page to the graph drawn and still,
  read from the page itself, against the pyvis page until its physics has stabilised.

The module is split along its seams: :mod:`.measure` (what is measured on one data folder),
:mod:`.baseline` (pyvis), :mod:`.browser` (Chromium) and :mod:`.report` (results and the table);
this module runs them over the sizes. The results print as a table and, with ``--json PATH``, as JSON. ``--quick`` runs the smallest
size only and skips the slow baselines, in under a minute, as a smoke test for CI. Targets are
reported, never asserted: timings depend on the machine.

"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from .baseline import run_baseline
from .browser import BASELINE_CAP_S, BROWSER_REPEATS, PyvisPage, chromium, time_our_page, time_pyvis_page
from .measure import cli_export_html, generation, server_side, streamlit_rerun, validate_fresh
from .report import Measurement, SizeResult, Target, format_seconds, format_table, machine, progress, write_json

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
#: In the browser, pyvis physics is not even tried above this many nodes: 3,400 nodes already
#: exceed the cap, and the issue measured over 150 s at 5,000.
BROWSER_BASELINE_MAX_NODES = 3400


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
    from ..app.bundle import layout_of
    return layout_of(bundle)


def _drop_caches() -> None:
    """Empty the app's caches between sizes, so one size's graph does not weigh on the next."""
    from ..app.bundle import clear_caches
    clear_caches()
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
    from ..data.load import load_dataset
    from ..graph.build import build_graph
    from ..graph.layout import positions
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


def run(sizes: tuple[int, ...], quick: bool, work: Path) -> dict:
    """Run the whole benchmark in ``work``; returns the results as plain data (the JSON)."""
    started = time.perf_counter()
    from ..app.bundle import clear_caches
    clear_caches()  # and quiets Streamlit: its caches used outside a server warn "no runtime", harmlessly
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


# --------------------------------------------------------------------------- command line

def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``bench`` subcommand's options (shared with :func:`main`)."""
    parser.add_argument("--quick", action="store_true",
                        help="smallest size only, no slow baselines: a smoke test in under a minute")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--interaction", action="store_true",
                        help="how long a person waits (click, filter, focus, depth, tour step, page load, a fresh "
                             "server, a classroom), in Chromium against a bare Streamlit app; bundled data and "
                             "10,000 synthetic nodes, or --data DIR")
    parser.add_argument("--sessions", type=int, nargs="+", metavar="N",
                        help="with --interaction: the classroom's sizes, in sessions on one server (default 1 10 30; "
                             "--quick: 1 3)")
    parser.add_argument("--sizes", type=int, nargs="+", metavar="N",
                        help=f"dataset sizes in nodes, about 3 claims each (default {' '.join(map(str, FULL_SIZES))}; "
                             f"--quick: {QUICK_SIZES[0]})")


def command(args) -> int:
    """Run the benchmark from parsed arguments; prints the table, writes ``--json``."""
    if getattr(args, "interaction", False):
        from .interaction import command as interaction
        return interaction(args)
    sizes = tuple(args.sizes) if args.sizes else (QUICK_SIZES if args.quick else FULL_SIZES)
    if any(n < 10 for n in sizes):
        print("pain-atlas: bench: --sizes: give sizes of at least 10 nodes", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="pain-atlas-bench-") as tmp:
        data = run(sizes, args.quick, Path(tmp))
    print(format_table(data))
    write_json(args.json, data)
    return 0


def bench_folder(data_dir: Path, dataset, quick: bool, json_out: Path | None) -> int:
    """``bench --data DIR``: the measurements of one valid data folder, in place of the synthetic sizes."""
    reps = 1 if quick else 3
    rows = [validate_fresh(data_dir, reps), *server_side(data_dir, reps, layout_reps=1)[0],
            streamlit_rerun(data_dir, reps)]
    print(f"{data_dir}: {len(dataset.nodes):,} nodes, {len(dataset.edges):,} claims; median of {reps} run(s)")
    for row in rows:
        print(f"  {row.name:<62} {format_seconds(row.ours_s):>9}  {row.note}".rstrip())
    write_json(json_out, {"data": str(data_dir), "reps": reps, "measurements": [asdict(r) for r in rows]})
    return 0
