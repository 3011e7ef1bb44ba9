"""Your own data (issue 6), app side: the "Your data" page in AppTest, the upload handling in
``builders.own_data``, and ``--data DIR`` in the app, the command line and ``make run``."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from builders.app import own_data, session
from builders.cli import main
from builders.data.files import DEFAULT_DATA_DIR, PROJECT_ROOT, megabytes
from builders.data.upload import Limits, dataset_template_zip
from support.app import APP, all_texts, app_test, raw_texts, sidebar_texts, texts
from support.hostile import CASES, IMG, SCRIPT, make_zip, write_case, write_hostile, zip_folder
from support.datasets import write_dataset, write_tour

PAGE = "app_pages/data.py"
EXPLORE = "app_pages/explore.py"
TINY = "Showing 3 of 3 nodes and 2 of 2 claims"
TOUR = "title: A tour\nsteps:\n  - title: The pump\n    narration: Look at the pump.\n    focus: pump\n"


def unescaped_markup(values: list[str]) -> list[str]:
    """The strings holding a ``<`` that markdown would read as the start of a tag."""
    return [v for v in values if re.search(r"(?<!\\)<[A-Za-z/!]", v)]


def upload(at, name: str, data: bytes):
    at.file_uploader(key="own_data_upload").set_value((name, data, "application/zip")).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def app(monkeypatch):
    """The app on the bundled data, opened on the Your data page."""
    at = app_test(None, monkeypatch, timeout=90).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


@pytest.fixture
def tiny_zip(tmp_path) -> bytes:
    return zip_folder(write_dataset(tmp_path / "tiny"), "my-course/")


@pytest.fixture
def bad_zip(tmp_path) -> bytes:
    """The tiny dataset with nodes.csv missing its kind column: an error at nodes.csv row 1."""
    case = next(c for c in CASES if c.name == "missing column")
    return zip_folder(write_case(tmp_path / "bad", case))


@pytest.fixture
def bundled_counts(bundled_graph) -> str:
    n, m = bundled_graph.number_of_nodes(), bundled_graph.number_of_edges()
    return f"Showing {n:,} of {n:,} nodes and {m:,} of {m:,} claims"


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


# --------------------------------------------------------------------------- the page

def test_the_page_runs_and_names_the_active_dataset(app, bundled_graph):
    shown = texts(app)
    assert "Your data" in shown and "Educational, not medical advice" in shown
    summary = f"Dataset: the bundled data · {bundled_graph.number_of_nodes():,} nodes"
    assert shown.count(summary) == 1 and sidebar_texts(app).count(summary) == 1    # on the page and in the sidebar
    assert "A zip of at most 25 MB holding at most 200 files and 100 MB once unpacked" in shown
    assert [b.proto.label for b in app.get("download_button")] == ["New dataset template (.zip)",
                                                                  "This dataset's files (.zip)"]
    assert not [b for b in app.button if b.key == "own_data_reset"]   # nothing to go back from


def test_the_page_is_in_the_navigation_without_an_icon():
    source = (PROJECT_ROOT / "app.py").read_text()
    line = next(x for x in source.splitlines() if "app_pages/data.py" in x)
    assert 'url_path="data"' in line and "icon" not in line


def test_a_bad_zip_gives_its_report_and_keeps_the_old_data(app, bad_zip, bundled_counts):
    upload(app, "broken.zip", bad_zip)
    assert "data_dir" not in app.session_state
    shown = texts(app)
    assert "broken.zip was not loaded: 13 error(s), 0 warning(s)." in shown
    assert "The app keeps working on the data it had, the bundled data" in shown
    assert "Your upload broken.zip has errors and was not loaded" in sidebar_texts(app)   # the sidebar says it too
    report = app.dataframe[0].value
    assert list(report.columns) == ["file", "row", "field", "severity", "message"]
    first = report.iloc[0]
    assert (first["file"], first["row"], first["field"], first["severity"]) == ("nodes.csv", "1", "kind", "error")
    assert "0" not in set(report["row"]) and "row 0" not in shown  # a problem with a whole file says so
    assert first["message"] == "missing column"
    assert [b.proto.label for b in app.get("download_button")][-1] == "Download the report (CSV)"
    app.switch_page(EXPLORE).run()
    assert bundled_counts in texts(app)


def test_the_report_is_grouped_by_file_and_searchable(app, tmp_path):
    folder = write_dataset(tmp_path / "d")
    (folder / "notes.txt").write_text("not data")                       # a warning about notes.txt
    (folder / "edges.csv").write_text((folder / "edges.csv").read_text().replace("has_risk", "gadget"))
    upload(app, "mixed.zip", zip_folder(folder))
    labels = [t.label for t in app.tabs]
    assert labels[0].startswith("All (") and any(l.startswith(r"notes\.txt (1)") for l in labels)
    assert any(l.startswith(r"edges\.csv (") for l in labels)
    everything = app.dataframe[0].value
    app.text_input(key="own_data_search").set_value("GADGET").run()
    matching = app.dataframe[0].value
    assert 0 < len(matching) < len(everything)
    assert all("gadget" in " ".join(map(str, row)).casefold() for row in matching.itertuples())
    assert f"{len(matching)} of {len(everything)} problem(s) match." in texts(app)
    app.text_input(key="own_data_search").set_value("no such words anywhere").run()
    assert "No problem matches the search." in texts(app)


def test_a_good_zip_switches_the_dataset_and_clears_the_view(monkeypatch, tiny_zip):
    at = app_test(None, monkeypatch, timeout=90)
    at.query_params["focus"] = "intrathecal-pump"
    at.query_params["status"] = "supported"
    at.run()
    assert at.session_state["focus"] == "intrathecal-pump"
    at.switch_page(PAGE).run()
    upload(at, "my-course.zip", tiny_zip)
    folder = Path(at.session_state["data_dir"])
    assert folder.is_dir() and folder.resolve().is_relative_to(own_data.uploads_root().resolve())
    assert at.session_state["focus"] is None and at.session_state["statuses"] == []
    shown = texts(at)
    assert "my-course.zip is now this session's dataset: 3 nodes, 2 claims, 3 sources" in shown
    summary = "Dataset: your upload my-course.zip · 3 nodes, 2 claims, 3 sources"
    assert summary in shown and summary in sidebar_texts(at)
    at.switch_page(EXPLORE).run()
    assert not at.exception
    assert TINY in texts(at)
    assert "focus" not in at.query_params


def test_reset_returns_to_the_bundled_data(app, tiny_zip, bundled_counts):
    upload(app, "my-course.zip", tiny_zip)
    folder = Path(app.session_state["data_dir"])
    app.session_state["kinds"] = ["drug"]
    app.button(key="own_data_reset").click().run()
    assert not app.exception
    assert "data_dir" not in app.session_state and app.session_state["kinds"] == []
    assert not folder.exists()                    # the upload's folder is removed
    assert "Dataset: the bundled data" in texts(app) and "Dataset: the bundled data" in sidebar_texts(app)
    app.switch_page(EXPLORE).run()
    assert bundled_counts in texts(app)


def test_an_upload_folder_cleaned_away_by_the_os_falls_back_to_the_bundled_data(app, tiny_zip, bundled_counts):
    upload(app, "my-course.zip", tiny_zip)
    own_data._remove(app.session_state["data_dir"])
    app.switch_page(EXPLORE).run()
    assert not app.exception and "data_dir" not in app.session_state
    assert bundled_counts in texts(app)


def test_a_bad_upload_after_a_good_one_keeps_the_good_one(app, tiny_zip, bad_zip):
    upload(app, "my-course.zip", tiny_zip)
    good = app.session_state["data_dir"]
    upload(app, "broken.zip", bad_zip)
    assert app.session_state["data_dir"] == good and Path(good).is_dir()
    shown = texts(app)
    assert "broken.zip was not loaded" in shown and "the data it had, your upload my-course.zip" in shown
    app.switch_page(EXPLORE).run()
    assert TINY in texts(app)


def test_a_second_good_upload_replaces_the_first(app, tiny_zip, tmp_path):
    upload(app, "first.zip", tiny_zip)
    first = Path(app.session_state["data_dir"])
    upload(app, "template.zip", dataset_template_zip())
    assert not first.exists() and app.session_state["data_name"] == "template.zip"
    assert "it has no nodes yet" in texts(app)
    for page in (EXPLORE, "app_pages/sources.py", "app_pages/table.py", "app_pages/compare.py",
                 "app_pages/present.py", "app_pages/quiz.py"):
        app.switch_page(page).run()
        assert not app.exception, page


def test_hostile_labels_in_an_upload_show_as_text(app, tmp_path):
    upload(app, "hostile.zip", zip_folder(write_hostile(tmp_path / "hostile")))
    assert app.session_state["data_dir"], all_texts(app)
    assert unescaped_markup(raw_texts(app)) == []
    app.session_state["selected"] = ("node", "pump")
    app.switch_page(EXPLORE).run()
    assert not app.exception
    assert app.header[0].value == r"\<script\>alert\(1\)\</script\>"
    assert unescaped_markup(raw_texts(app)) == []
    for page in ("app_pages/sources.py", "app_pages/table.py", "app_pages/compare.py", "app_pages/quiz.py"):
        app.switch_page(page).run()
        assert not app.exception, page
        assert unescaped_markup(raw_texts(app)) == [], page


def test_hostile_names_in_the_zip_show_as_text_in_the_report(app, tmp_path):
    entries = _entries(zip_folder(write_dataset(tmp_path / "d")))
    entries[f"{IMG}.csv"] = "x"
    entries["[x](javascript:alert(1)).csv"] = "x"
    upload(app, f"{SCRIPT}.zip", make_zip(entries))
    assert unescaped_markup(raw_texts(app)) == []
    assert not any("](" in label.replace(r"\]\(", "") for label in raw_texts(app))    # no live link
    assert app.session_state["data_dir"]          # the odd files are ignored with a warning
    report = app.dataframe[0].value
    assert f"{IMG}.csv" in set(report["file"]) and any(l.startswith(r"\<img src\=x") for l in raw_texts(app))
    summary = f"Dataset: your upload {SCRIPT}.zip"
    assert summary in texts(app) and summary in sidebar_texts(app)


def _entries(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def test_an_upload_over_the_size_limit_is_refused_with_a_clear_message(app, tiny_zip, monkeypatch):
    monkeypatch.setenv("PAIN_ATLAS_MAX_UPLOAD_MB", "0.001")   # 1,048 bytes
    upload(app, "big.zip", tiny_zip)
    assert "data_dir" not in app.session_state
    message = app.dataframe[0].value.iloc[0]["message"]
    assert message.startswith(f"the upload is {megabytes(len(tiny_zip))}; the limit is 1 KB;"), message
    assert "big.zip was not loaded" in texts(app)


def test_tour_problems_in_an_upload_are_reported(app, tmp_path):
    folder = write_dataset(tmp_path / "d")
    write_tour(folder, "broken", TOUR.replace("focus: pump", "focus: unicorn"))
    upload(app, "tours.zip", zip_folder(folder))
    assert "data_dir" not in app.session_state
    report = app.dataframe[0].value
    row = report[report["file"] == "tours/broken.yaml"].iloc[0]
    assert row["field"] == "step 1: focus" and "unicorn" in row["message"]


def test_nothing_is_ever_written_into_graph_data(app, tiny_zip, bad_zip, tmp_path):
    before = tree_digest(DEFAULT_DATA_DIR)
    upload(app, "my-course.zip", tiny_zip)
    upload(app, "broken.zip", bad_zip)
    upload(app, "escape.zip", make_zip({"../../graph_data/nodes.csv": "id\n", "nodes.csv": "id\n"}))
    app.button(key="own_data_reset").click().run()
    assert tree_digest(DEFAULT_DATA_DIR) == before


# --------------------------------------------------------------------------- builders.own_data

def test_handle_upload_keeps_state_on_errors_and_clears_the_view_on_success(tiny_zip, bad_zip):
    state = {"focus": "pump", "kinds": ["drug"], "compare_therapies": ["x"], "present_step": 3}
    report = own_data.handle_upload(bad_zip, "broken.zip", state)
    assert not report.adopted and state["focus"] == "pump" and "data_dir" not in state
    assert state[session.UPLOAD_REFUSED] == "broken.zip"
    assert (report.errors[0].file, report.errors[0].row, report.errors[0].field) == ("nodes.csv", 1, "kind")
    steps = []
    report = own_data.handle_upload(tiny_zip, "good.zip", state, progress=steps.append)
    assert report.adopted and report.counts["nodes"] == 3 and steps
    assert state["focus"] is None and state["kinds"] == [] and "compare_therapies" not in state
    assert session.UPLOAD_REFUSED not in state
    assert Path(state["data_sources_dir"]).name == "sources"   # the upload's own source texts


def test_each_upload_gets_a_fresh_folder_in_the_session_folder(tiny_zip):
    state = {}
    own_data.handle_upload(tiny_zip, "a.zip", state)
    first = Path(state["data_dir"])
    own_data.handle_upload(tiny_zip, "b.zip", state)
    second = Path(state["data_dir"])
    assert first != second and first.parent == second.parent == Path(state[session.UPLOAD_FOLDER])
    assert second.parent.parent == own_data.uploads_root()
    assert own_data.handle_upload(tiny_zip, "c.zip", {})  # another session, another folder
    refused = own_data.handle_upload(b"junk", "junk.zip", state)
    assert not refused.adopted and sorted(p.name for p in second.parent.iterdir()) == [".session", second.name]


def test_the_report_csv_neutralises_formula_cells(tmp_path):
    report = own_data.handle_upload(make_zip({"=HYPERLINK(1).csv": "x", "nodes.csv": "id\n"}), "f.zip", {})
    text = report.csv()
    assert "'=HYPERLINK" in text and '"=HYPERLINK' not in text and ",=HYPERLINK" not in text


def test_dataset_zip_round_trips(tmp_path):
    state = {}
    data = own_data.dataset_zip(write_dataset(tmp_path / "d"))
    report = own_data.handle_upload(data, "again.zip", state)
    assert report.adopted and report.problems == () and report.counts["claims"] == 2
    bundled = zipfile.ZipFile(io.BytesIO(own_data.dataset_zip(DEFAULT_DATA_DIR))).namelist()
    assert "pain-atlas-dataset/tours/risks-at-a-glance.yaml" in bundled


def test_limits_text_follows_the_environment(monkeypatch):
    monkeypatch.setenv("PAIN_ATLAS_MAX_UPLOAD_MB", "5")
    assert own_data.limits_text().startswith("A zip of at most 5 MB")
    assert own_data.limits_text(Limits(max_files=7)).startswith("A zip of at most 25 MB holding at most 7 files")


def test_streamlit_upload_limit_matches_the_builders_limit():
    config = (PROJECT_ROOT / ".streamlit" / "config.toml").read_text()
    mb = int(re.search(r"^maxUploadSize\s*=\s*(\d+)", config, re.MULTILINE).group(1))
    assert mb * 2**20 == Limits().max_upload_bytes


# --------------------------------------------------------------------------- --data DIR everywhere

def test_the_app_reads_data_from_the_command_line(tiny_folder, monkeypatch):
    folder = tiny_folder
    monkeypatch.setattr(sys, "argv", [APP, "--data", str(folder)])
    at = app_test(None, monkeypatch).run()
    assert not at.exception
    assert TINY in texts(at) and f"Dataset: the data folder {folder.name} · 3 nodes" in sidebar_texts(at)


def test_the_app_says_when_the_data_folder_does_not_exist(tmp_path, monkeypatch):
    at = app_test(tmp_path / "nope", monkeypatch).run()
    assert not at.exception
    assert f"There is no data folder {tmp_path / 'nope'}" in texts(at)


def test_make_run_passes_the_data_folder():
    done = subprocess.run(["make", "-n", "run", "DATA=/some where/data"], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, check=True)
    assert 'streamlit run app.py -- --data "/some where/data"' in done.stdout


@pytest.fixture
def toured(make_dataset) -> Path:
    folder = make_dataset()
    write_tour(folder, "pump", TOUR)
    return folder


def test_every_command_reads_data_from_the_folder_given(toured, tmp_path, capsys):
    assert main(["validate", "--data", str(toured)]) == 0
    assert "ok: 3 nodes, 2 claims, 3 sources, 5 citations, 0 corrections, 1 tours" in capsys.readouterr().out
    assert main(["stats", "--data", str(toured)]) == 0
    assert capsys.readouterr().out.startswith("3 nodes, 2 claims")
    assert main(["tours", "--data", str(toured)]) == 0
    assert re.search(r"^pump\s+1 steps\s+A tour$", capsys.readouterr().out, re.MULTILINE)
    for fmt in ("json", "csv", "html"):
        out = tmp_path / f"out-{fmt}"
        assert main(["export", "--data", str(toured), "--format", fmt, "--out", str(out)]) == 0
    assert '"id": "pump"' in (tmp_path / "out-json").read_text()
    assert main(["export", "--data", str(toured), "--format", "html", "--tour", "pump",
                 "--out", str(tmp_path / "tour.html")]) == 0
    assert "Look at the pump." in (tmp_path / "tour.html").read_text()


def test_a_missing_data_folder_is_one_line(tmp_path, capsys):
    for command in (["validate"], ["stats"], ["tours"], ["export", "--format", "json", "--out", str(tmp_path / "x")]):
        assert main([*command, "--data", str(tmp_path / "nope")]) == 1
        out = capsys.readouterr().out
        assert out.splitlines()[:1] == [f"{tmp_path / 'nope'}: folder: no such data folder"], command
        assert "missing file" not in out


def test_bench_measures_a_data_folder(make_dataset, tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert main(["bench", "--quick", "--data", str(make_dataset()), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "3 nodes, 2 claims" in printed and "load + validate" in printed and "Streamlit rerun" in printed
    assert '"measurements"' in out.read_text()
    assert main(["bench", "--data", str(tmp_path / "nope")]) == 1
    assert main(["bench", "--data", str(make_dataset()), "--sizes", "20"]) == 2


def test_synth_writes_a_folder_that_every_command_reads(tmp_path, capsys):
    folder = tmp_path / "synth"
    assert main(["synth", "--nodes", "30", "--out", str(folder)]) == 0
    assert main(["validate", "--data", str(folder)]) == 0
    assert main(["stats", "--data", str(folder)]) == 0
