"""``pain-atlas bench --interaction``: how long a person waits for the app, against a bare
Streamlit app (one button that writes a line, ``assets/bare_app.py``) in the same run.

Both run as real servers (:func:`.browser.streamlit_server`), the app with its own settings and the
bare app with Streamlit's defaults, and are driven in Debian's Chromium
at 1440x900 (:mod:`.interaction_steps`, timed by the page's own clock). Every step of ours is
paired with a click of the bare app just before it, so that both see the same load of a shared
machine; a row reports the medians and their ratio:

- click a node or a claim → its details shown (and the first click of a new session);
- a filter, a focus, a depth, a tour step → the graph drawn anew;
- warm page load → graph drawn, against the bare app's own page load;
- fresh server → first graph drawn (from starting the process);
- a classroom (:mod:`.classroom_load`): 1, 10 and 30 sessions on one server, the browser's
  click-to-text among them, and the server's memory per idle session.

It runs on the bundled data and on a synthetic dataset of 10,000 nodes (``synth --nodes 10000
--seed 1``), or on ``--data DIR``. Targets are reported, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import interaction_steps as steps
from .browser import ASSETS, chromium, streamlit_server
from .report import format_seconds, machine, machine_line, progress, write_json

BIG_NODES = 10_000
SEED = 1
REPS, QUICK_REPS = 9, 3
FRESH_REPS, QUICK_FRESH_REPS = 3, 1
SESSIONS, QUICK_SESSIONS = (1, 10, 30), (1, 3)
#: Actions each simulated student takes in the explorer, and again in a tour.
STUDENT_ACTIONS, QUICK_STUDENT_ACTIONS = 6, 2
#: The issue's limits: against the bare app's click (x), over its page load (s), or seconds.
LIMITS = {"click": ("x", 2.0), "first_click": ("x", 2.0), "filter": ("x", 2.5), "focus": ("x", 2.5),
          "depth": ("x", 2.5), "tour_step": ("x", 2.5), "load": ("+s", 1.0), "fresh": ("s", 4.0),
          "classroom": ("x", 3.0), "idle_mb": ("MB", 30.0)}
BARE_APP = ASSETS / "bare_app.py"


@dataclass
class Row:
    """One step on one dataset: our samples, the bare app's paired with them, and the target."""

    key: str
    dataset: str
    step: str
    ours: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    note: str = ""
    failed: list[str] = field(default_factory=list)  # steps that did not finish, and why

    @property
    def median(self) -> float | None:
        return statistics.median(self.ours) if self.ours else None

    @property
    def bare_median(self) -> float | None:
        return statistics.median(self.bare) if self.bare else None

    @property
    def value(self) -> float | None:
        """What the target limits: a ratio to the bare app, a difference from it, or seconds."""
        unit, _ = LIMITS[self.key]
        ours, bare = self.median, self.bare_median
        if ours is None or (unit != "s" and not bare):
            return None
        return ours / bare if unit == "x" else ours - bare if unit == "+s" else ours

    @property
    def met(self) -> bool | None:
        return None if self.value is None else self.value <= LIMITS[self.key][1]

    def summary(self) -> dict:
        return dict(asdict(self), median=self.median, bare_median=self.bare_median, value=self.value,
                    unit=LIMITS[self.key][0], limit=LIMITS[self.key][1], met=self.met)


def paired(row: Row, reps: int, bare, ours) -> Row:
    """``reps`` times: one click of the bare app, then one step of ours (given its number). A step
    that does not finish (a timeout) is reported in ``failed``, and the next one goes on."""
    for number in range(reps):
        bare_s = bare()
        try:
            ours_s = ours(number)
        except Exception as error:  # Playwright's TimeoutError, or nothing left to click
            row.failed.append(f"{type(error).__name__}: {str(error).splitlines()[0][:160]}")
            progress(f"{row.dataset}: {row.step}: {row.failed[-1]}")
            continue
        row.bare.append(bare_s)
        row.ours.append(ours_s)
    return row


# --------------------------------------------------------------------------- one dataset

def explore_rows(browser, url: str, bare_page, G, label: str, reps: int) -> list[Row]:
    """Explore's rows on one server: first click, clicks, filters, focus, depth, warm page load."""
    bare = lambda: steps.bare_click(bare_page)  # noqa: E731
    context = steps.probed_context(browser)
    rows = [Row("first_click", label, "first click of a new session → details shown")]
    try:
        page = steps.open_app(context, url)
        targets = steps.click_targets(page, G)
        # As many new sessions as other steps have samples: a median of 3 moved by ±30 ms.
        progress(f"{label}: the first click of {reps} new sessions")
        for number in range(reps):
            fresh = steps.open_app(context, url)
            paired(rows[0], 1, bare, lambda _: steps.explore_click(fresh, targets, 2 * number))
            fresh.close()
        progress(f"{label}: clicks, filters, focus and depth")
        rows.append(paired(Row("click", label, "click a node or a claim → details shown"), reps, bare,
                           lambda n: steps.explore_click(page, targets, n + 1)))
        rows.append(paired(Row("filter", label, "filter (Supported only / Reset) → graph redrawn"), reps, bare,
                           lambda n: steps.filter_step(page, n)))
        steps.close_popover(page)
        queries = focus_queries(G)
        rows.append(paired(Row("focus", label, "focus (search, pick / whole graph) → graph redrawn"), reps, bare,
                           lambda n: steps.focus_step(page, queries, n)))
        steps.focus_step(page, queries, 0)
        rows.append(paired(Row("depth", label, "focus depth 1 ↔ 2 → graph redrawn"), reps, bare,
                           lambda n: steps.depth_step(page, n)))
        page.close()
        progress(f"{label}: warm page loads")
        steps.open_app(context, url).close()  # both pages once, so that the browser's cache is warm
        steps.open_app(context, bare_page.url, graph=False).close()
        rows.append(paired(Row("load", label, "warm page load → graph drawn (bare: its page load)"), reps,
                           lambda: steps.page_load(context, bare_page.url, graph=False),
                           lambda n: steps.page_load(context, url)))
    finally:
        context.close()
    return rows


def focus_queries(G, count: int = 3) -> list[tuple[str, str]]:
    """What to type in the search box, and the label of the match to pick: the busiest nodes."""
    busiest = sorted(G.nodes, key=lambda n: (-G.degree(n), n))[:count]
    return [(G.nodes[n]["label"], G.nodes[n]["label"]) for n in busiest]


def tour_row(browser, url: str, bare_page, tour: str, label: str, reps: int) -> Row:
    """Present: the next step of a tour (the arrow key) → its graph drawn."""
    context = steps.probed_context(browser)
    try:
        walk = steps.TourWalk(steps.open_app(context, f"{url}/present?tour={tour}&step=1"))
        row = paired(Row("tour_step", label, f"tour step (→ key, tour {tour}) → graph redrawn"), reps,
                     lambda: steps.bare_click(bare_page), lambda n: walk.next())
        row.note = f"{walk.skipped} step(s) with the same graph skipped" if walk.skipped else ""
        return row
    finally:
        context.close()


def fresh_row(browser, data_dir: Path | None, label: str, reps: int) -> Row:
    """From starting a new server process to the first page's graph drawn, in a new browser context."""
    row = Row("fresh", label, "fresh server → first graph drawn")
    for _ in range(reps):
        context = steps.probed_context(browser)
        start = time.perf_counter()
        try:
            with streamlit_server(data_dir) as url:
                navigated = time.perf_counter()
                page = steps.open_app(context, url)
                drawn = float(page.locator(".pa-graph").first.get_attribute("data-first-drawn-ms")) / 1000
                row.ours.append(navigated - start + drawn)
                row.note = f"server ready after {format_seconds(navigated - start)} (last run)"
        finally:
            context.close()
    return row


def dataset_rows(browser, bare_page, data_dir: Path | None, label: str, reps: int, fresh_reps: int,
                 tour: str | None) -> list[Row]:
    """Every row of one dataset."""
    from ..data.files import DataFolder
    from ..data.load import load_folder
    from ..graph.build import build_graph
    G = build_graph(load_folder(DataFolder.of(data_dir)).dataset)
    with streamlit_server(data_dir) as url:
        rows = explore_rows(browser, url, bare_page, G, label, reps)
        if tour:
            progress(f"{label}: tour steps")
            rows.append(tour_row(browser, url, bare_page, tour, label, reps))
    progress(f"{label}: {fresh_reps} fresh server(s)")
    rows.append(fresh_row(browser, data_dir, label, fresh_reps))
    return rows


def first_tour(data_dir: Path | None) -> str | None:
    folder = (data_dir or Path(__file__).resolve().parent.parent.parent / "graph_data") / "tours"
    names = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
    return names[0] if names else None


# --------------------------------------------------------------------------- the whole run

def run(work: Path, quick: bool = False, data_dir: Path | None = None, sessions=None) -> dict:
    """Every row on the bundled data (or ``data_dir``) and on 10,000 synthetic nodes, and the
    classroom levels; returns plain data (the JSON)."""
    from .classroom_load import classroom_level
    from .synth import synthesize
    started = time.perf_counter()
    reps, fresh_reps = (QUICK_REPS, QUICK_FRESH_REPS) if quick else (REPS, FRESH_REPS)
    sessions = tuple(sessions or (QUICK_SESSIONS if quick else SESSIONS))
    info, rows, levels, errors = machine(), [], [], []
    datasets = [(data_dir, "your data" if data_dir else "bundled data", first_tour(data_dir))]
    if data_dir is None:
        big = work / f"n{BIG_NODES}"
        synthesize(BIG_NODES, big, seed=SEED)
        datasets.append((big, f"{BIG_NODES:,} synthetic nodes", None))
    with chromium() as browser, streamlit_server(app=BARE_APP) as bare_url:
        if browser is None:
            raise RuntimeError("the interaction benchmark needs Chromium (/usr/bin/chromium) and Playwright")
        info["chromium"] = browser.version
        bare_context = steps.probed_context(browser)
        bare_page = steps.open_app(bare_context, bare_url, graph=False)
        for folder, label, tour in datasets:
            progress(f"interaction: {label}")
            rows += _guarded(errors, label, lambda: dataset_rows(browser, bare_page, folder, label, reps,
                                                                  fresh_reps, tour)) or []
        G = _graph(data_dir)
        for count in sessions:
            progress(f"interaction: a class of {count} session(s)")
            level = _guarded(errors, f"a class of {count}", lambda: classroom_level(
                browser, data_dir, bare_page, G, count, reps, QUICK_STUDENT_ACTIONS if quick else STUDENT_ACTIONS,
                datasets[0][2]))
            levels += [level] if level else []
        bare_context.close()
    info["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    return {"version": 1, "quick": quick, "machine": info, "duration_s": round(time.perf_counter() - started, 1),
            "rows": [r.summary() for r in rows], "classroom": levels, "targets": classroom_targets(levels),
            "errors": errors}


def _guarded(errors: list[str], what: str, function):
    """Run one part of the benchmark; a failure is reported (and the rest goes on), not raised."""
    try:
        return function()
    except Exception as error:  # a part that breaks must not lose the others' numbers
        errors.append(f"{what}: {type(error).__name__}: {str(error).splitlines()[0][:200]}")
        progress(f"{what}: failed: {errors[-1]}")
        return None


def _graph(data_dir: Path | None):
    from ..data.files import DataFolder
    from ..data.load import load_folder
    from ..graph.build import build_graph
    return build_graph(load_folder(DataFolder.of(data_dir)).dataset)


def classroom_targets(levels: list[dict]) -> list[dict]:
    """The classroom's two targets, at the largest class measured."""
    if not levels:
        return []
    top = max(levels, key=lambda level: level["sessions"])
    ratio = top["browser_click"] / top["bare_click"] if top["browser_click"] and top["bare_click"] else None
    quiet = min(levels, key=lambda level: level["sessions"])
    quiet_ratio = (top["browser_click"] / quiet["bare_click"]) if top["browser_click"] and quiet["bare_click"] else None
    out = [{"key": "classroom", "text": f"{top['sessions']} sessions: median click against the bare app's",
            "unit": "x", "limit": LIMITS["classroom"][1], "value": ratio, "quiet_value": quiet_ratio},
           {"key": "idle_mb", "text": "memory per idle session", "unit": "MB", "limit": LIMITS["idle_mb"][1],
            "value": top["idle_session_mb"]}]
    for target in out:
        target["met"] = None if target["value"] is None else target["value"] <= target["limit"]
    return out


# --------------------------------------------------------------------------- the table

def _measure(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return {"x": f"{value:.1f}×", "+s": f"+{format_seconds(value)}" if value >= 0 else f"−{format_seconds(-value)}",
            "s": format_seconds(value), "MB": f"{value:,.1f} MB"}[unit]


def _limit(unit: str, limit: float) -> str:
    return {"x": f"≤ {limit:g}×", "+s": f"≤ +{format_seconds(limit)}", "s": f"≤ {format_seconds(limit)}",
            "MB": f"< {limit:g} MB"}[unit]


MET = {True: "yes", False: "**no**", None: "not measured"}


def format_interaction(data: dict) -> str:
    """The results as Markdown: the steps, the classroom curve, the targets, the machine."""
    lines = ["| dataset | step | ours (median) | bare app (median) | against the bare app | target | met |",
             "|---|---|---:|---:|---:|---|---|"]
    for row in data["rows"]:
        spread = f" ({format_seconds(min(row['ours']))}–{format_seconds(max(row['ours']))})" if row["ours"] else ""
        note = f" {row['note']}" if row["note"] else ""
        note += f" ({len(row['failed'])} did not finish)" if row["failed"] else ""
        lines.append(f"| {row['dataset']} | {row['step']}{note} | {format_seconds(row['median'])}{spread} | "
                     f"{format_seconds(row['bare_median'])} | {_measure(row['value'], row['unit'])} | "
                     f"{_limit(row['unit'], row['limit'])} | {MET[row['met']]} |")
    lines += ["", "| sessions | browser click (median) | bare app click (median, same load) | against it | "
                  "simulated students' clicks (median / p90) | their tour steps (median) | server memory "
                  "(before → all open → after) | per idle session |", "|---:|---:|---:|---:|---:|---:|---|---:|"]
    for level in data["classroom"]:
        ratio = level["browser_click"] / level["bare_click"] if level["browser_click"] and level["bare_click"] else None
        memory = " → ".join("—" if m is None else f"{m:,.0f}" for m in
                            (level["rss_before_mb"], level["rss_open_mb"], level["rss_after_mb"])) + " MB"
        errors = f" ({len(level['errors'])} failed)" if level["errors"] else ""
        lines.append(f"| {level['sessions']}{errors} | {format_seconds(level['browser_click'])} | "
                     f"{format_seconds(level['bare_click'])} | {_measure(ratio, 'x')} | "
                     f"{format_seconds(level['student_click'])} / {format_seconds(level['student_click_p90'])} | "
                     f"{format_seconds(level['student_step'])} | {memory} | "
                     f"{_measure(level['idle_session_mb'], 'MB')} |")
    if data["targets"]:
        lines += ["", "| classroom target | limit | this run | met |", "|---|---:|---:|---|"]
        for target in data["targets"]:
            quiet = (f" ({_measure(target['quiet_value'], 'x')} against the bare app's click with no class)"
                     if target.get("quiet_value") else "")
            lines.append(f"| {target['text']} | {_limit(target['unit'], target['limit'])} | "
                         f"{_measure(target['value'], target['unit'])}{quiet} | {MET[target['met']]} |")
    lines += [f"\nNot measured: {error}" for error in data.get("errors", [])]
    lines += ["", machine_line(data["machine"], data["duration_s"], data["machine"].get("load_average_end"))]
    return "\n".join(lines)


def command(args: argparse.Namespace) -> int:
    """``bench --interaction``: run, print the table, write ``--json``."""
    with tempfile.TemporaryDirectory(prefix="pain-atlas-interaction-") as tmp:
        try:
            data = run(Path(tmp), args.quick, getattr(args, "data", None), args.sessions)
        except RuntimeError as error:
            print(f"pain-atlas: bench --interaction: {error}", file=sys.stderr)
            return 1
    print(format_interaction(data))
    write_json(args.json, data)
    return 0
