"""The smaller problems of issue 16, on the pages: a therapy compared with itself, a step without
a tour, a path from a node to itself, tours named ``.YAML``, and downloads that printed
"missing ScriptRunContext!" in the server's terminal.

Streamlit makes a deferred download's file on a server thread of its own, outside the script
run. The test records the callables the pages register, then calls each on a plain thread (as
the server does) while listening to Streamlit's loggers: nothing may be logged.
"""

from __future__ import annotations

import logging
import re
import threading
from unittest.mock import MagicMock

import pytest
from streamlit.runtime import Runtime
from streamlit.runtime.caching.storage.dummy_cache_storage import MemoryCacheStorageManager
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from builders.app import own_data
from builders.cli import main
from builders.data.files import PROJECT_ROOT
from support.app import open_boxes
from support.datasets import write_dataset
from support.hostile import zip_folder
from support.teaching import TOUR, write_teaching_dataset

APP = str(PROJECT_ROOT / "app.py")


def texts(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "title", "subheader", "header", "info", "warning", "error", "success"):
        parts += [str(getattr(e, "value", "")) for e in at.get(kind)]
    parts += [e.proto.label for e in at.get("expandable")]
    return re.sub(r"\\(.)", r"\1", "\n".join(parts))


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("PAIN_ATLAS_DATA", str(write_teaching_dataset(tmp_path / "teaching")))
    return AppTest.from_file(APP, default_timeout=60)


def open_page(app, page: str, **params):
    at = app.run()
    at.switch_page(f"app_pages/{page}.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_therapy_named_twice_is_compared_once(app):
    at = open_page(app, "compare", therapies="pump,pump")
    assert at.multiselect(key="compare_therapies").value == ["pump"]
    shown = texts(at)
    assert "The link names a therapy more than once; each is compared once." in shown
    assert "Pick 2 to 4 therapies to compare (1 picked)." in shown
    at = open_page(app, "compare", therapies="pump,oral,pump")
    assert at.multiselect(key="compare_therapies").value == ["pump", "oral"]


def test_a_step_without_a_tour_is_a_step_of_the_tour_on_show(app):
    at = open_page(app, "present", step="3")
    shown = texts(at)
    assert "None" not in shown and "The link names the tour" not in shown
    assert "3 / 3" in shown and at.query_params["tour"] == "tiny"
    at = open_page(app, "present", step="4")  # past the end: the last step
    assert "3 / 3" in texts(at)


def test_a_path_from_a_node_to_itself_is_not_a_path(app):
    at = app.run()
    at.session_state["path_from"] = at.session_state["path_to"] = "pump"
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "From and To are both Pump: pick two different nodes." in shown
    assert "0 step(s)" not in shown and "Path 1" not in shown


@pytest.mark.parametrize("name", ["tour.YAML", "tour.Yml", "tour.yaml"])
def test_tours_in_any_case_are_loaded_from_an_upload_and_the_command_line(tmp_path, name, capsys):
    folder = write_dataset(tmp_path / "course")
    (folder / "tours").mkdir()
    (folder / "tours" / name).write_text(
        "title: A tour\nsteps:\n  - narration: Look at the pump.\n    focus: pump\n", encoding="utf-8")
    state = {}
    report = own_data.handle_upload(zip_folder(folder), "course.zip", state)
    assert report.adopted and report.problems == ()
    assert main(["tours", "--data", state["data_dir"]]) == 0
    assert "tour" in capsys.readouterr().out.split()[0]
    assert main(["tours", "--data", str(folder)]) == 0


# --------------------------------------------------------------------------- quiet downloads

@pytest.fixture
def deferred(monkeypatch):
    """The callables the pages register as deferred downloads, recorded as they are registered."""
    found = []
    register = MediaFileManager.add_deferred

    def record(self, data_callable, *args, **kwargs):
        found.append(data_callable)
        return register(self, data_callable, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return found


@pytest.fixture
def streamlit_log():
    """What Streamlit's loggers say (they do not pass records on to the root logger)."""
    said: list[str] = []

    class Listen(logging.Handler):
        def emit(self, record):
            said.append(record.getMessage())

    handler = Listen(logging.WARNING)
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict) if name.startswith("streamlit")]
    for logger in loggers:
        logger.addHandler(handler)
    yield said
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.mark.parametrize("page, params", [("present", {}), ("explore", {}), ("compare", {"therapies": "pump,oral"}),
                                          ("data", {})])
def test_downloads_print_nothing_in_the_terminal(app, deferred, streamlit_log, monkeypatch, page, params):
    at = open_page(app, page, **params)
    if page in ("explore", "present"):
        open_boxes(at)  # their export boxes make their buttons only while open
        streamlit_log.clear()  # setting the session state from the test's own thread warns, harmlessly
    assert deferred, "the page registers deferred downloads"
    runtime = MagicMock(spec=Runtime)  # the server's runtime is there while a file is made
    runtime.cache_storage_manager = MemoryCacheStorageManager()
    monkeypatch.setattr(Runtime, "_instance", runtime)
    made = []
    for make in deferred:
        thread = threading.Thread(target=lambda: made.append(make()), name="deferred-download")
        thread.start()
        thread.join()
    assert len(made) == len(deferred) and all(len(data) > 100 for data in made)
    assert not [m for m in streamlit_log if "ScriptRunContext" in m], streamlit_log
    assert not at.exception
