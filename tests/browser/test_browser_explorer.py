"""The explorer in a real browser (Debian's Chromium): it draws, clicks open the details, deep
links restore the view, data stays text, and no request leaves the machine."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from builders.graph.views import ViewSpec, make_view
from builders.scale.browser import streamlit_server
from support.browser import click_node, graph, open_page, screenshot
from support.hostile import IMG, SCRIPT

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_default_view_draws_every_node(chromium, bundled_url, bundled_graph):
    page, log = open_page(chromium, bundled_url)
    expect(graph(page)).to_have_attribute("data-node-count", str(bundled_graph.number_of_nodes()))
    page.get_by_role("group", name="Legend").wait_for()
    screenshot(page, "explorer-default")
    assert log.blocked == [] and log.console_errors == [] and log.dialogs == []
    page.close()


def test_click_on_a_node_shows_its_citations(chromium, bundled_url, bundled_graph):
    page, log = open_page(chromium, bundled_url)
    click_node(page, "intrathecal-pump")
    label = bundled_graph.nodes["intrathecal-pump"]["label"]
    page.get_by_role("heading", name=label).wait_for(timeout=30_000)
    page.get_by_text("reliability: moderate").first.wait_for(timeout=30_000)
    # The URL is rewritten at the end of the rerun, a moment after the details appear.
    page.wait_for_function("decodeURIComponent(location.search).includes('sel=node:intrathecal-pump')",
                           timeout=30_000)
    screenshot(page, "explorer-node-clicked")
    assert log.blocked == [] and log.console_errors == []
    page.close()


def test_deep_link_restores_the_view(chromium, bundled_url, bundled_graph):
    expected = len(make_view(bundled_graph, ViewSpec(focus="ketamine-infusion", depth=1)).nodes)
    page, log = open_page(chromium, f"{bundled_url}/?focus=ketamine-infusion&depth=1&sel=node:ketamine-infusion")
    page.get_by_role("heading", name=bundled_graph.nodes["ketamine-infusion"]["label"]).wait_for(timeout=30_000)
    expect(graph(page)).to_have_attribute("data-node-count", str(expected))
    screenshot(page, "explorer-deep-link")
    assert log.blocked == [] and log.console_errors == []
    page.close()


def test_hostile_labels_stay_text(chromium, make_dataset, tiny_rows):
    tiny_rows["nodes.csv"][0]["label"] = IMG
    tiny_rows["nodes.csv"][1]["label"] = SCRIPT
    with streamlit_server(make_dataset(tiny_rows)) as url:
        page, log = open_page(chromium, url)
        click_node(page, "pump")
        page.get_by_role("heading", name=IMG).wait_for(timeout=30_000)
        page.mouse.move(5, 5)
        click_node(page, "morphine")
        page.get_by_role("heading", name=SCRIPT).wait_for(timeout=30_000)
        expect(page.locator("img[src=x]")).to_have_count(0)
        screenshot(page, "explorer-hostile-labels")
        assert log.dialogs == [] and log.blocked == [] and log.console_errors == []
        page.close()
