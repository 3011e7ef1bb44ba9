"""The baseline: the obvious pyvis way (``Network.from_nx`` + ``generate_html``) on the same graph,
timed in a child process with a cap.
"""

from __future__ import annotations

import queue
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from .browser import BASELINE_CAP_S, script

PYVIS_ANCHOR = "network = new vis.Network(container, data, options);"


def baseline_main(argv: list[str]) -> None:
    """The child process that times pyvis: ``DATA_DIR MAX_NODES REPS HTML_OUT`` (0 / "-" for none).

    It loads the dataset and builds our graph untimed, prints ``ready``, then one ``rep
    SECONDS`` line per repetition of ``Network(cdn_resources="in_line")``, ``from_nx`` and
    ``generate_html`` with pyvis's default physics, on a fresh copy of the graph each time
    (``from_nx`` writes sizes into the graph it is given). With HTML_OUT it writes the last
    page with :data:`PYVIS_HOOK` injected, for the browser.
    """
    from pyvis.network import Network

    from ..data.load import load_dataset
    from ..graph.build import build_graph
    from ..graph.views import ViewSpec, make_view

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
        Path(html_out).write_text(page.replace(PYVIS_ANCHOR, PYVIS_ANCHOR + script("pyvis_hook.js"), 1), encoding="utf-8")
    print("done", flush=True)


def run_baseline(data_dir: Path, max_nodes: int, reps: int, html_out: Path | None,
                 cap: float = BASELINE_CAP_S) -> tuple[float | None, bool, int]:
    """Run :func:`baseline_main` in a child; returns (median seconds, capped?, repetitions done).

    The cap counts from the end of loading, per repetition: a repetition still running after
    ``cap`` seconds stops the child. With no repetition done, the baseline is reported as
    "> cap"; otherwise as the median of those done.
    """
    code = "import sys; from builders.scale.baseline import baseline_main; baseline_main(sys.argv[1:])"
    child = subprocess.Popen([sys.executable, "-c", code, str(data_dir), str(max_nodes), str(reps),
                              str(html_out) if html_out else "-"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in child.stdout] + [lines.put(None)],
                     daemon=True).start()
    times: list[float] = []
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
        pass  # stopped at the cap: report the repetitions done, or the cap itself
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
    if not times:
        return cap, True, 0
    return statistics.median(times), False, len(times)
