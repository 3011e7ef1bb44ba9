"""Uploads clean up after themselves (issue 16): nothing an upload brings stays on the server.

- an upload's folder goes when it is refused or replaced, a session's when its session ends (the
  sweep), a server's when it stops (at exit) or, if it was killed, at the next start;
- an upload interrupted by the user (Streamlit stops the script run from the next call that
  draws) is finished: its report is kept for when the user comes back, and no folder is left;
- a refused upload's report stays small, whatever the upload held.

The whole life of a session's folders in a real server and browser is in
``tests/browser/test_browser_upload_cleanup.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

from builders.app import own_data, session, upload_folders
from builders.data import problems as problems_module
from support.bombs import write_bad_rows
from support.datasets import write_dataset
from support.hostile import zip_folder
from support.limits import ROOT


@pytest.fixture
def tiny_zip(tmp_path) -> bytes:
    return zip_folder(write_dataset(tmp_path / "tiny"), "my-course/")


def folders_in(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_dir())


# --------------------------------------------------------------------------- the sweep of ended sessions

def test_a_session_folder_goes_once_its_session_has_been_gone_for_the_grace_time(tiny_zip):
    state = {}
    own_data.handle_upload(tiny_zip, "a.zip", state)
    folder = Path(state[session.UPLOAD_FOLDER])
    (folder / upload_folders.SESSION).write_text("session-a", encoding="utf-8")
    alive = {"session-a": True}
    now = 1_000_000.0
    assert upload_folders.sweep_sessions(alive.get, now) == [] and folder.is_dir()
    alive["session-a"] = False  # the tab was closed
    assert upload_folders.sweep_sessions(alive.get, now + 1) == [] and folder.is_dir()
    # Gone since it was last seen active (at ``now``): kept for the grace time, then removed.
    assert upload_folders.sweep_sessions(alive.get, now + upload_folders.GRACE_SECONDS - 1) == [] and folder.is_dir()
    assert upload_folders.sweep_sessions(alive.get, now + upload_folders.GRACE_SECONDS) == [folder]
    assert not folder.exists()


def test_a_session_that_comes_back_within_the_grace_time_keeps_its_folder(tiny_zip):
    state = {}
    own_data.handle_upload(tiny_zip, "a.zip", state)
    folder = Path(state[session.UPLOAD_FOLDER])
    (folder / upload_folders.SESSION).write_text("session-b", encoding="utf-8")
    alive = {"session-b": False}
    upload_folders.sweep_sessions(alive.get, 0.0)
    alive["session-b"] = True  # reconnected
    upload_folders.sweep_sessions(alive.get, 10.0)
    alive["session-b"] = False
    assert upload_folders.sweep_sessions(alive.get, 9.0 + upload_folders.GRACE_SECONDS) == [] and folder.is_dir()


def test_without_a_runtime_nothing_is_swept(tiny_zip):
    state = {}
    own_data.handle_upload(tiny_zip, "a.zip", state)
    folder = Path(state[session.UPLOAD_FOLDER])
    assert upload_folders.sweep_sessions(lambda _: None, 10**12) == [] and folder.is_dir()


# --------------------------------------------------------------------------- servers that are gone

def make_server_folder(base: Path, pid: int, started: str) -> Path:
    folder = base / f"server-{pid}-test"
    (folder / "session-x" / "upload-y").mkdir(parents=True)
    (folder / upload_folders.OWNER).write_text(f"{pid} {started}\n", encoding="utf-8")
    return folder


def test_the_folders_of_servers_that_are_gone_are_removed(tmp_path):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True)
    dead = make_server_folder(tmp_path, int(finished.stdout), "1")
    reused = make_server_folder(tmp_path, os.getppid(), "1")  # a live pid that started at another time
    mine = make_server_folder(tmp_path, os.getpid(), upload_folders._started(os.getpid()))
    stranger = tmp_path / "server-notes"
    stranger.mkdir()
    removed = upload_folders.sweep_servers(tmp_path)
    assert sorted(removed) == sorted([dead, reused]) or removed == [dead]  # no /proc: the pid alone decides
    assert mine.is_dir() and stranger.is_dir() and not dead.exists()


def test_a_server_removes_its_folder_when_it_stops_and_the_stale_ones_when_it_starts(tmp_path, tiny_zip):
    base = tmp_path / "uploads"
    base.mkdir(mode=0o700)
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True)
    stale = make_server_folder(base, int(finished.stdout), "1")
    (tmp_path / "upload.zip").write_bytes(tiny_zip)
    code = ("from pathlib import Path\nfrom builders.app import own_data, upload_folders\n"
            f"state = {{}}\nreport = own_data.handle_upload(Path({str(tmp_path / 'upload.zip')!r}).read_bytes(), "
            "'a.zip', state)\nassert report.adopted\n"
            "print(sorted(str(p.relative_to(upload_folders.base_folder())) for p in upload_folders.base_folder().rglob('*') "
            "if p.is_dir()))\n")
    child = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                           env=dict(os.environ, PAIN_ATLAS_UPLOADS_DIR=str(base)))
    assert child.returncode == 0, child.stderr
    during = eval(child.stdout)
    assert any(p.count("/") == 2 and "/session-" in p and "/upload-" in p for p in during), during
    assert not stale.exists()
    assert folders_in(base) == []  # after: the server's own folder went at exit


# --------------------------------------------------------------------------- interrupted uploads

@pytest.mark.parametrize("interruption", [StopException, RerunException])
def test_an_upload_interrupted_by_leaving_the_page_is_finished_and_reported(tiny_zip, interruption):
    state = {}
    said = []

    def progress(text: str) -> None:
        said.append(text)
        raise interruption(None) if interruption is RerunException else interruption()

    with pytest.raises(interruption):
        own_data.handle_upload(tiny_zip, "course.zip", state, progress=progress)
    assert len(said) == 1  # once interrupted, nothing more is drawn
    report = own_data.last_report(state)
    assert report is not None and report.adopted and report.name == "course.zip"
    assert Path(state["data_dir"]).is_dir()  # the user comes back to their data and its report


def test_a_refused_upload_interrupted_leaves_no_folder(tmp_path):
    state = {}
    bad = zip_folder(write_bad_rows(tmp_path / "bad", 10))

    def progress(text: str) -> None:
        raise StopException()

    with pytest.raises(StopException):
        own_data.handle_upload(bad, "bad.zip", state, progress=progress)
    assert not own_data.last_report(state).adopted
    assert [p.name for p in Path(state[session.UPLOAD_FOLDER]).iterdir()] == [upload_folders.SESSION]


def test_an_upload_that_fails_inside_leaves_no_folder(tiny_zip, monkeypatch):
    state = {}

    def fail(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(own_data, "load_upload", fail)
    with pytest.raises(MemoryError):
        own_data.handle_upload(tiny_zip, "a.zip", state)
    assert [p.name for p in Path(state[session.UPLOAD_FOLDER]).iterdir()] == [upload_folders.SESSION]


# --------------------------------------------------------------------------- the report stays small

def test_a_refused_report_keeps_the_first_problems_and_counts_the_rest(tmp_path, monkeypatch):
    monkeypatch.setattr(problems_module, "MAX_PER_FILE", 50)
    bad = zip_folder(write_bad_rows(tmp_path / "bad", 5_000))
    state = {}
    report = own_data.handle_upload(bad, "bad.zip", state)
    assert not report.adopted and len(report.problems) < 1_100
    assert report.problems[-1].format().startswith("nodes.csv: report: … and ")
    csv_text = report.csv()
    assert csv_text.count("\n") == len(report.problems) + 1 and "more problem(s) in this file" in csv_text
