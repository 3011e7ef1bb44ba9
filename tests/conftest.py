"""Fixtures and hooks: the bundled data, the tiny and teaching datasets written to a temporary
folder, Chromium, and the app on the bundled data for the browser tests.

Helpers and test data live in ``tests/support/`` (imported as ``support``); this file holds only
fixtures and hooks, as datasette's tests do."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest

from builders.graph.build import build_graph
from builders.data.files import DEFAULT_DATA_DIR
from builders.data.load import load_dataset
from support.datasets import SEEDS_DIR, TINY_ROWS, TINY_TEXT, graph_of, write_dataset
from support.teaching import write_teaching_dataset

#: How long a browser test's ``expect(...)`` waits: generous, as the machine may be busy.
EXPECT_MS = 30_000


@pytest.fixture(scope="session", autouse=True)
def _layout_cache(tmp_path_factory):
    """The app's on-disk layouts (``builders.app.layout_cache``) go to a folder of this test
    session, for the app under test and the servers it starts, never to the user's own cache."""
    saved = os.environ.get("PAIN_ATLAS_CACHE")
    os.environ["PAIN_ATLAS_CACHE"] = str(tmp_path_factory.mktemp("layout-cache"))
    yield
    if saved is None:
        os.environ.pop("PAIN_ATLAS_CACHE", None)
    else:
        os.environ["PAIN_ATLAS_CACHE"] = saved


@pytest.fixture
def tiny_rows():
    """A deep copy of the tiny dataset's rows, to break in a test."""
    return copy.deepcopy(TINY_ROWS)


@pytest.fixture
def make_dataset(tmp_path):
    """Write rows as a dataset folder and return its path: ``make_dataset(rows)``."""
    counter = iter(range(1000))

    def make(rows=None, text=TINY_TEXT) -> Path:
        return write_dataset(tmp_path / f"data{next(counter)}", rows, text)

    return make


@pytest.fixture(scope="session")
def tiny_folder(tmp_path_factory) -> Path:
    """The tiny dataset written once, for the tests that only read it (AppTest above all: one
    folder is one entry of the app's caches, so the bundled data's entries are not pushed out)."""
    return write_dataset(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    assert SEEDS_DIR.is_dir(), f"the source documents must be at {SEEDS_DIR}"
    return SEEDS_DIR


@pytest.fixture(scope="session")
def bundled():
    """The bundled data, loaded and validated once per test session."""
    return load_dataset(DEFAULT_DATA_DIR, SEEDS_DIR)


@pytest.fixture(scope="session")
def bundled_graph(bundled):
    return build_graph(bundled.dataset)


@pytest.fixture(scope="session")
def teaching_folder(tmp_path_factory) -> Path:
    """The teaching dataset of ``support.teaching`` with its tour, written once; read it, don't change it."""
    folder = write_teaching_dataset(tmp_path_factory.mktemp("teaching"))
    assert load_dataset(folder).problems == []
    return folder


@pytest.fixture(scope="session")
def teaching_graph(teaching_folder):
    return graph_of(teaching_folder)


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (never a downloaded browser), launched as the benchmark
    launches it."""
    from support.browser import require_chromium
    require_chromium()
    from playwright.sync_api import expect, sync_playwright
    from builders.scale.browser import launch
    expect.set_options(timeout=EXPECT_MS)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def bundled_url(chromium):
    """The app on the bundled data, on a loopback port, shared by the browser tests (each page opened
    is a session of its own)."""
    from builders.scale.browser import streamlit_server
    with streamlit_server() as url:
        yield url
