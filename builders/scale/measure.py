"""The benchmark's measurements on one data folder: load and validate in a fresh process, the
graph, layouts and views on the server through the app's own caches, the page generation, and
a Streamlit rerun.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from .report import Measurement, format_seconds, median_time

STATUS_CHANGES = (["supported"], ["weak"], ["contradicted"], ["supported", "weak"],
                  ["supported", "contradicted"], ["weak", "contradicted"])
APP = Path(__file__).resolve().parent.parent.parent / "app.py"


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


@contextmanager
def app_environment(data_dir: Path):
    """Point the app at ``data_dir`` (``PAIN_ATLAS_DATA``) and hide the bench's own arguments.

    ``builders.app.bundle.app_folder`` reads ``--data`` from ``sys.argv``; the app under test must not see ours.
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

    from ..app.session import FILTERS_BOX

    with app_environment(data_dir):
        app = AppTest.from_file(str(APP), default_timeout=900)
        app.session_state[FILTERS_BOX] = True  # open, as a click does: its widgets are made only then
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
    ``st.cache_data`` functions in :mod:`builders.app.bundle`, which work outside a Streamlit server.
    """
    from ..app import bundle as app_bundle
    from ..data.load import load_dataset
    from ..graph.build import build_graph
    from ..graph.layout import positions
    from ..graph.views import Filters, ViewSpec, make_view
    from ..render.payload import vis_payload

    result = load_dataset(data_dir)
    build_s, G = median_time(lambda: build_graph(result.dataset), reps)
    rows = [Measurement("graph_build", "graph build", build_s, reps=reps)]
    cold_s, _ = median_time(lambda: positions(G), layout_reps)
    rows.append(Measurement("layout_cold", "layout, cold", cold_s, reps=layout_reps))
    bundle = app_bundle.Bundle(result, G, f"bench-{data_dir.name}")
    app_bundle.layout_of(bundle)  # fill the cache
    hit_s, pos = median_time(lambda: app_bundle.layout_of(bundle), 20)
    rows.append(Measurement("layout_cached", "layout, cached (app.bundle.layout_of)", hit_s, reps=20))

    hub = max(G.nodes, key=lambda n: (G.degree(n), n))
    views = [("view_whole", "whole graph within the budget", ViewSpec()),
             ("view_focus", "focus on the busiest node, depth 2", ViewSpec(focus=hub, depth=2)),
             ("view_filtered", "filtered: supported only", ViewSpec(filters=Filters.of(statuses=["supported"])))]
    for key, name, spec in views:
        view_s, view = median_time(lambda: make_view(G, spec), reps)
        both_s, payload = median_time(lambda: vis_payload(G, make_view(G, spec), pos, spec), reps)
        rows.append(Measurement(key, f"{name}: make_view + vis_payload", both_s, reps=reps,
                                note=f"{len(view.nodes):,} nodes, {len(view.edges):,} claims; make_view alone "
                                     f"{format_seconds(view_s)}",
                                parts={"make_view_s": view_s, "nodes": len(view.nodes), "claims": len(view.edges)}))
    app_bundle.payload_of(bundle, ViewSpec())  # fill the cache
    hit_s, _ = median_time(lambda: app_bundle.payload_of(bundle, ViewSpec()), 20)
    rows.append(Measurement("payload_cached", "view + payload, cached (app.bundle.payload_of)", hit_s, reps=20))
    return rows, bundle


def generation(G, pos, max_nodes: int, reps: int) -> tuple[float, dict]:
    """Our side of "JSON + HTML": ``make_view`` + ``vis_payload`` + ``standalone_html``; (median, parts)."""
    from ..graph.views import ViewSpec, make_view
    from ..render.page import standalone_html
    from ..render.payload import vis_payload

    def once():
        view = make_view(G, ViewSpec(max_nodes=max_nodes))
        return len(standalone_html(G, view, vis_payload(G, view, pos, ViewSpec(max_nodes=max_nodes)), "Pain Atlas"))

    seconds, size = median_time(once, reps)
    return seconds, {"html_mb": round(size / 2**20, 1)}
