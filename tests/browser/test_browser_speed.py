"""Interactions at the speed of Streamlit itself (issue 14), in a real browser, without timing
anything (the timings are ``pain-atlas bench --interaction``'s): a click reruns only the graph's
fragment, not the page; nothing remounts the graph; its JavaScript is fetched once, as files, and
never travels in a script run; the URL keeps up with the fragment."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from builders.app.component import COMPONENT_NAME
from builders.scale.legibility import IGNORED_CONSOLE
from support.browser import DRAWN, FIRST_PAGE_MS, click_node, graph, watch
from support.runs import record_runs

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Streamlit is not running the script (its app root says so).
IDLE = "document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'"
GRAPHS = "(globalThis.painAtlasGraphs || []).length"
#: Widgets of Explore's toolbar, outside the graph's fragment (inside the page's), with the Filters box open.
TOOLBAR = ("Search labels and aliases", "Node kinds", "Evidence status", "Supported only")
#: Widgets of the toolbar's other boxes, made only while their box is open.
CLOSED_BOXES = ("Focus depth", "Outside the focus", "From", "To", "Show just the path")


def open_recorded(chromium, url):
    """A page on ``url`` whose script runs and component requests are recorded from the start."""
    page = chromium.new_page(viewport={"width": 1440, "height": 900})
    log = watch(page)
    runs = record_runs(page)
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "/_stcore/bidi-components/" in r.url else None)
    page.goto(url)
    page.wait_for_selector(DRAWN, timeout=FIRST_PAGE_MS)
    page.wait_for_function(IDLE, timeout=FIRST_PAGE_MS)
    return page, log, runs, fetched


def test_a_click_reruns_only_the_graph_and_its_details(chromium, bundled_url, bundled_graph):
    page, log, runs, fetched = open_recorded(chromium, bundled_url)
    mounted = page.evaluate(GRAPHS)
    runs.clear()
    click_node(page, "intrathecal-pump")
    page.get_by_role("heading", name=bundled_graph.nodes["intrathecal-pump"]["label"]).wait_for(timeout=30_000)
    page.wait_for_function("decodeURIComponent(location.search).includes('sel=node:intrathecal-pump')",
                           timeout=30_000)
    page.wait_for_function(IDLE, timeout=30_000)
    assert runs.finished == ["fragment"]  # the toolbar, the caption and the sidebar did not run
    assert not set(TOOLBAR) & set(runs.widgets)  # none of the toolbar's widgets was sent again
    # A filter reruns Explore's fragment (the toolbar and the graph), not the page around it (the
    # sidebar and its style sheet), and the same graph draws the new view: nothing is remounted.
    page.get_by_role("button", name="Filters").click()
    supported_only = page.get_by_role("button", name="Supported only")
    expect(supported_only).to_be_visible()  # the box is made when it opens
    page.wait_for_function(IDLE, timeout=30_000)
    runs.clear()
    supported_only.click()
    expect(page.get_by_text("filter removed")).to_be_visible()
    page.wait_for_function(IDLE, timeout=30_000)
    assert runs.finished == ["fragment"] and set(TOOLBAR) <= set(runs.widgets)  # the contrast: the toolbar is sent
    assert not set(CLOSED_BOXES) & set(runs.widgets)  # but not the closed boxes' widgets
    assert [g.component_name for g in runs.graphs] == [COMPONENT_NAME]  # not the sidebar's page style
    assert page.evaluate(GRAPHS) == mounted
    assert log.blocked == [] and log.console_errors == []
    page.close()


def test_the_graphs_javascript_is_fetched_once_and_never_sent_in_a_run(chromium, bundled_url):
    page, log, runs, fetched = open_recorded(chromium, bundled_url)
    click_node(page, "morphine")
    page.wait_for_function("decodeURIComponent(location.search).includes('sel=node:morphine')", timeout=30_000)
    page.wait_for_function(IDLE, timeout=30_000)
    ours = [g for g in runs.graphs if g.component_name == COMPONENT_NAME]
    assert len(ours) >= 2  # the page's run and the click's
    assert all(g.js_source_path == "mount.js" and not g.js_content and not g.css_content for g in ours)
    scripts = [url.rsplit("/", 1)[-1] for url in fetched if url.endswith(".js")]
    assert sorted(scripts) == ["graph.js", "labels.js", "mount.js", "vis-network.min.js"]
    assert all(url.startswith(bundled_url) for url in fetched)  # from the app's own server: offline
    expect(graph(page)).to_have_attribute("data-drawn", "1")
    assert log.blocked == [] and log.console_errors == []
    page.close()


def test_a_tour_step_reruns_only_presents_fragment_and_keeps_its_url(chromium, bundled_url):
    """The arrow key reruns Present's fragment (the bar, the title, the narration and the graph),
    not the page around it, and the URL names the new step: a copied link opens it."""
    page, log, runs, fetched = open_recorded(chromium, bundled_url + "/present?tour=risks-at-a-glance&step=2")
    expect(page.get_by_text("2 / 7", exact=True)).to_be_visible()
    mounted = page.evaluate(GRAPHS)
    runs.clear()
    page.locator("body").press("ArrowRight")
    expect(page.get_by_text("3 / 7", exact=True)).to_be_visible()
    page.wait_for_function("new URLSearchParams(location.search).get('step') === '3'", timeout=30_000)
    page.wait_for_function(IDLE, timeout=30_000)
    assert runs.finished == ["fragment"]
    assert [g.component_name for g in runs.graphs] == [COMPONENT_NAME]  # not the sidebar's page style
    assert page.evaluate(GRAPHS) == mounted  # the same graph draws the new step
    assert "tour=risks-at-a-glance" in page.url
    # Opened at /present, Streamlit first asks /present/_stcore/ for its health (404), then the root.
    assert log.blocked == [] and [e for e in log.console_errors if not IGNORED_CONSOLE.search(e)] == []
    page.close()
