"""The benchmark's results: measurements, targets, the machine, and the table they print as.

Examples
--------
>>> format_seconds(0.0123), format_seconds(2.5), format_seconds(0.00004), format_seconds(None)
('12.3 ms', '2.50 s', '40 µs', '—')
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


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


def write_json(path: Path | None, data) -> None:
    """Write ``data`` as indented JSON to ``path`` (``--json``), and say so; nothing without a path."""
    if path:
        import json
        path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)


def machine_line(info: dict, seconds: float, load_at_end=None) -> str:
    """One line naming the machine, its load and how long the run took, under a table."""
    end = f", {load_at_end} at the end" if load_at_end is not None else ""
    return (f"Machine: {info.get('cpu', '?')}, {info.get('cpus')} CPUs, {info.get('memory_gb', '?')} GB; "
            f"{info['platform']}; Python {info['python']}; Chromium {info.get('chromium', 'not available')}; "
            f"load average {info['load_average']} at the start{end}; {seconds:.0f} s in all.")


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
    lines += ["", machine_line(data["machine"], data["duration_s"])]
    return "\n".join(lines)
