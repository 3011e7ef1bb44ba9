"""The pain-atlas command: exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from builders.cli import main


def test_validate_clean(make_dataset, capsys):
    assert main(["validate", "--data", str(make_dataset())]) == 0
    assert capsys.readouterr().out.startswith("ok: 3 nodes, 2 claims")


def test_validate_lists_every_problem(make_dataset, tiny_rows, capsys):
    tiny_rows["nodes.csv"][0]["kind"] = "gadget"
    tiny_rows["citations.csv"][1]["terms"] = "heroin"
    assert main(["validate", "--data", str(make_dataset(tiny_rows))]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("nodes.csv:2: kind: unknown kind 'gadget'; one of: therapy, drug")
    assert any(line.startswith("citations.csv:3: terms: term 'heroin'") for line in out)


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", "--format", "pdf", "--out", "x"])
    assert exc.value.code == 2


def test_missing_data_folder_is_a_message_not_a_traceback(tmp_path, capsys):
    assert main(["validate", "--data", str(tmp_path / "nope")]) == 1
    captured = capsys.readouterr()
    assert "no such data folder" in captured.out and "Traceback" not in captured.err


def test_export_refuses_invalid_data(make_dataset, tiny_rows, tmp_path, capsys):
    tiny_rows["edges.csv"][0]["target"] = "nobody"
    assert main(["export", "--data", str(make_dataset(tiny_rows)), "--format", "json",
                 "--out", str(tmp_path / "x.json")]) == 1
    assert not (tmp_path / "x.json").exists()


def test_export_unwritable_path(make_dataset, tmp_path, capsys):
    out = tmp_path / "no" / "such" / "dir" / "x.json"
    assert main(["export", "--data", str(make_dataset()), "--format", "json", "--out", str(out)]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_stats(make_dataset, capsys):
    assert main(["stats", "--data", str(make_dataset())]) == 0
    out = capsys.readouterr().out
    assert "nodes by kind" in out and "claims by status" in out


def test_python_dash_m(make_dataset, tmp_path):
    out = tmp_path / "g.json"
    done = subprocess.run([sys.executable, "-m", "builders", "export", "--data", str(make_dataset()),
                           "--format", "json", "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(out.read_text())["nodes"]) == 3
