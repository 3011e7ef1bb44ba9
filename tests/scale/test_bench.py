"""``pain-atlas bench --quick`` as a smoke test: it runs end to end and writes valid JSON.

No timing is asserted: the numbers depend on the machine, and the README reports them.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

MEASUREMENT_KEYS = {"key", "name", "ours_s", "baseline_s", "baseline_capped", "ratio", "reps", "baseline_reps",
                    "note", "parts"}
TARGETS = {"load_validate_10k", "view_10k", "rerun_10k", "generation_5000", "browser_curated", "browser_1000",
           "browser_10000", "memory_100k"}


@pytest.mark.slow
def test_quick_bench_runs_end_to_end(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, "-m", "builders", "bench", "--quick", "--json", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| target |" in done.stdout  # the table was printed

    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"version", "quick", "machine", "duration_s", "sizes", "comparisons", "targets"} <= set(data)
    assert data["quick"] is True
    assert {"platform", "python", "cpus"} <= set(data["machine"])

    [size] = data["sizes"]
    assert size["nodes"] == 340 and size["claims"] > 0 and size["peak_rss_mb"] > 0
    rows = {row["key"]: row for row in size["measurements"]}
    assert {"load_validate", "graph_build", "layout_cold", "layout_cached", "view_whole", "view_focus",
            "view_filtered", "payload_cached", "json_html", "rerun", "export_cli", "browser_default"} <= set(rows)
    for row in size["measurements"] + data["comparisons"]:
        assert set(row) == MEASUREMENT_KEYS, row
    # Everything on the server side was measured (a number, whatever it is).
    for key in ("load_validate", "graph_build", "view_whole", "view_focus", "view_filtered", "json_html", "rerun"):
        assert isinstance(rows[key]["ours_s"], float), rows[key]
    assert isinstance(rows["json_html"]["baseline_s"], float)

    assert {t["key"] for t in data["targets"]} == TARGETS
    for target in data["targets"]:
        assert {"text", "limit", "value", "unit", "kind", "met"} <= set(target)
        assert target["met"] in (True, False, None)
