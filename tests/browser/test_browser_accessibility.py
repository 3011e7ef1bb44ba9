"""axe-core (bundled by axe-playwright-python) finds no violation on any page of the app, nor on
the offline pages, in Debian's Chromium.

Two exclusions, both Streamlit's markup, not ours: its file-upload drop zone on Your data
(``role="presentation"`` with ``tabindex="-1"``, a minor "presentation-role-conflict"; the file
input inside it is labelled and reachable by keyboard), and the portals its widgets open beside a
popover for their tooltips (``data-floating-ui-portal``: outside any landmark, "region").
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from builders.scale.legibility import IGNORED_CONSOLE, View
from builders.scale.legibility import _open as open_view
from support.browser import OFFLINE_PREFIXES, watch

pytestmark = [pytest.mark.browser, pytest.mark.slow]
STREAMLITS_OWN = ["[data-testid='stFileUploaderDropzone']", "[data-floating-ui-portal]"]
PAGES = [
    View("explore with a selection", "explore", "/?sel=node:morphine"),
    View("sources", "page", "/sources", ("Source documents",)),
    View("table", "page", "/table", ("Table view",)),
    View("compare", "page", "/compare", ("Compare therapies",)),
    View("present", "present", "/present?tour=risks-at-a-glance&step=2", ("2 / 7",)),
    View("quiz", "page", "/quiz", ("Quiz",)),
    View("your data", "page", "/data", ("Your data",)),
    View("build a tour", "page", "/build-tour", ("No steps yet",)),
]


#: True once the pages' own style sheet (assets/page.css, mounted by a component) is in force.
STYLED = ("() => { const main = document.querySelector('[data-testid=stMainBlockContainer]');"
          " return main && getComputedStyle(main).paddingTop === '64px'; }")


def violations(page) -> list[str]:
    found = Axe().run(page, context={"exclude": [[s] for s in STREAMLITS_OWN]}).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}" for v in found]


@pytest.mark.parametrize("view", PAGES, ids=lambda v: v.name)
def test_no_accessibility_violations_on_the_pages(chromium, bundled_url, view):
    page = chromium.new_page(viewport={"width": 1440, "height": 900})
    log = watch(page)
    if view.kind == "page":
        page.goto(bundled_url + view.target)
        page.get_by_text(view.texts[0]).first.wait_for(timeout=60_000)
        page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')")
    else:
        assert open_view(page, view, bundled_url) is None
    page.wait_for_function(STYLED)
    assert violations(page) == []
    assert log.blocked == [] and [e for e in log.console_errors if not IGNORED_CONSOLE.search(e)] == []
    page.close()


def test_no_accessibility_violations_offline(chromium, tmp_path, bundled, bundled_graph):
    from builders.graph.layout import positions
    from builders.graph.views import ViewSpec
    from builders.teach.handouts import view_page
    from builders.teach.tour_files import load_tours
    from builders.teach.tours import tour_html

    pos = positions(bundled_graph)
    tour = load_tours(bundled.folder, bundled.dataset).tours["when-the-pump-stops"]
    pages = {"view.html": view_page(bundled_graph, pos, ViewSpec(focus="ziconotide"), "Ziconotide"),
             "tour.html": tour_html(bundled_graph, tour, pos)}
    for name, html in pages.items():
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        page = chromium.new_page(viewport={"width": 1024, "height": 768})
        log = watch(page, OFFLINE_PREFIXES)
        page.goto(path.as_uri())
        page.wait_for_selector(".pa-graph[data-drawn='1']")
        assert violations(page) == [], name
        assert log.blocked == [] and log.console_errors == []
        page.close()


#: The boxes of the toolbars, made only when they open: their page, and a text each then shows.
BOXES = [("/", "Focus", "No focus yet"), ("/?focus=morphine", "Focus", "Focus depth"), ("/", "Filters", "Evidence status"), ("/", "Connect", "Show just the path"),
         ("/", "Export", "References (plain text, to copy)"),
         ("/present?tour=risks-at-a-glance&step=2", "Export for class", "This whole tour as one HTML page")]


@pytest.mark.parametrize("path, box, inside", BOXES, ids=[f"{b[1]}: {b[2]}" for b in BOXES])
def test_each_box_shows_its_controls_when_it_opens_without_violations(chromium, bundled_url, path, box, inside):
    page = chromium.new_page(viewport={"width": 1024, "height": 768})
    log = watch(page)
    page.goto(bundled_url + path)
    page.wait_for_selector(".pa-graph[data-drawn='1']", timeout=60_000)
    page.wait_for_function(STYLED)
    assert page.get_by_text(inside, exact=False).count() == 0  # closed: not made
    page.get_by_role("button", name=box, exact=True).click()
    body = page.locator("[data-testid='stPopoverBody']")
    body.get_by_text(inside, exact=False).first.wait_for(timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')")
    assert violations(page) == []
    assert log.blocked == [] and [e for e in log.console_errors if not IGNORED_CONSOLE.search(e)] == []
    page.close()
