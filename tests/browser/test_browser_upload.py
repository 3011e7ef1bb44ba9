"""Uploads in a real browser (Debian's Chromium): a bad zip gives its report while the explorer
keeps the bundled data; a good zip full of hostile labels becomes the session's dataset and its
labels stay text. No dialog, no request off the machine, no console error."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from support.browser import DRAWN, click_node, open_page, screenshot
from support.datasets import write_dataset
from support.hostile import CASES, IMG, SCRIPT, write_case, write_hostile, zip_folder

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def go_to(page, title: str) -> None:
    """Switch page through the navigation bar: the same session, so the session's dataset stays."""
    page.get_by_test_id("stTopNav").get_by_role("link", name=title, exact=True).click()


def upload(page, path) -> None:
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(path))


def explorer_counts(page, nodes: int) -> None:
    """Open Explore and wait until it draws ``nodes`` nodes and says so."""
    go_to(page, "Explore")
    page.get_by_text(re.compile(rf"Showing {nodes:,} of {nodes:,} nodes")).wait_for(timeout=60_000)
    page.wait_for_selector(f"{DRAWN}[data-node-count='{nodes}']", timeout=60_000)


def open_data_page(chromium, url):
    # Opened at the root, then through the navigation bar: a first load at /data makes Streamlit's client
    # probe /data/_stcore/... for its server (404s in the console), whatever the page.
    page, log = open_page(chromium, url, viewport=(1400, 1100))
    go_to(page, "Your data")
    page.get_by_role("heading", name="Your data").wait_for(timeout=60_000)
    return page, log


def test_a_bad_zip_gives_its_report_and_the_explorer_keeps_the_bundled_data(chromium, bundled_url, bundled_graph,
                                                                            tmp_path):
    case = next(c for c in CASES if c.name == "missing column")
    path = tmp_path / "broken.zip"
    path.write_bytes(zip_folder(write_case(tmp_path / "bad", case)))
    page, log = open_data_page(chromium, bundled_url)
    upload(page, path)
    page.get_by_text("broken.zip was not loaded: 13 error(s)").wait_for(timeout=60_000)
    page.get_by_text("The app keeps working on the data it had, the bundled data").wait_for()
    page.get_by_role("tab", name="nodes.csv (4)").wait_for()
    page.get_by_text("Your upload broken.zip has errors and was not loaded").wait_for()     # sidebar
    page.get_by_test_id("stDataFrame").first.wait_for()  # the report table appears after the summary
    page.get_by_role("button", name="Download the report (CSV)").wait_for()
    screenshot(page, "upload-bad-report")
    explorer_counts(page, bundled_graph.number_of_nodes())
    assert log.blocked == [] and log.console_errors == [] and log.dialogs == []
    page.close()


def test_a_good_zip_with_hostile_labels_switches_the_dataset(chromium, bundled_url, bundled_graph, tmp_path):
    path = tmp_path / "hostile.zip"
    path.write_bytes(zip_folder(write_hostile(tmp_path / "hostile"), "course/"))
    page, log = open_data_page(chromium, bundled_url)
    upload(page, path)
    page.get_by_text("hostile.zip is now this session's dataset: 3 nodes, 2 claims").wait_for(timeout=60_000)
    page.get_by_text("Dataset: your upload hostile.zip · 3 nodes, 2 claims").first.wait_for()
    screenshot(page, "upload-good-report")
    explorer_counts(page, 3)
    click_node(page, "pump")
    page.get_by_role("heading", name=SCRIPT).wait_for(timeout=30_000)     # the label, as text
    page.mouse.move(5, 5)
    click_node(page, "morphine")
    page.get_by_role("heading", name=IMG).wait_for(timeout=30_000)
    expect(page.locator("img[src=x], script:text('alert')")).to_have_count(0)
    screenshot(page, "upload-hostile-explorer")

    go_to(page, "Your data")
    page.get_by_role("button", name="Back to the bundled data").click()
    page.get_by_text(f"Dataset: the bundled data · {bundled_graph.number_of_nodes():,} nodes").first.wait_for(
        timeout=60_000)
    explorer_counts(page, bundled_graph.number_of_nodes())
    assert log.dialogs == [] and log.blocked == [] and log.console_errors == []
    page.close()


def test_uploads_are_per_session(chromium, bundled_url, bundled_graph, tmp_path):
    """One browser's upload is not another's data."""
    path = tmp_path / "mine.zip"
    path.write_bytes(zip_folder(write_dataset(tmp_path / "mine")))
    page, log = open_data_page(chromium, bundled_url)
    upload(page, path)
    page.get_by_text("mine.zip is now this session's dataset").wait_for(timeout=60_000)
    other, other_log = open_data_page(chromium, bundled_url)
    other.get_by_text(f"Dataset: the bundled data · {bundled_graph.number_of_nodes():,} nodes").first.wait_for()
    assert log.console_errors == other_log.console_errors == [] and log.blocked == other_log.blocked == []
    page.close()
    other.close()
