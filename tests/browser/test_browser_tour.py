"""The standalone HTML of a tour in a real browser (Debian's Chromium), with every request that
is not file:, data:, blob: or about: aborted and recorded: the graph draws, the steps advance with
the buttons and the arrow keys, the predict step reveals its claim, a #step=N link opens that step,
data stays text, and no request is attempted."""

from __future__ import annotations

import pytest

from support.browser import OFFLINE_PREFIXES, watch
from builders.graph.build import build_graph
from builders.graph.layout import positions
from builders.data.files import DEFAULT_DATA_DIR
from builders.data.load import load_dataset
from builders.teach.tour_files import load_tours
from builders.teach.tours import tour_html, tour_page_data

pytestmark = pytest.mark.browser
XSS = "<img src=x onerror=alert(1)>"
DRAWN = ".pa-graph[data-drawn='1']"

TOUR = f"""
title: A tiny tour {XSS}
steps:
  - title: The pump
    narration: The pump uses morphine. {XSS}
    focus: pump
    claims: [e-uses]
  - type: predict
    claim: e-risk
    narration: What could go wrong?
  - title: Morphine
    narration: Morphine on its own.
    focus: morphine
"""


@pytest.fixture
def tiny_tour(make_dataset, tmp_path):
    folder = make_dataset()
    (folder / "tours").mkdir()
    (folder / "tours" / "tiny.yaml").write_text(TOUR, encoding="utf-8")
    dataset = load_dataset(folder).dataset
    G = build_graph(dataset)
    tour = load_tours(folder, dataset).tours["tiny"]
    path = tmp_path / "tour.html"
    path.write_text(tour_html(G, tour, positions(G)), encoding="utf-8")
    _, data = tour_page_data(G, tour, positions(G))
    return path, data


def open_tour(chromium, url):
    page = chromium.new_page(viewport={"width": 1300, "height": 1000})
    log = watch(page, OFFLINE_PREFIXES)
    page.goto(url)
    page.wait_for_selector(DRAWN, timeout=30_000)
    return page, log


def graph_counts(page) -> tuple[int, int]:
    holder = page.locator(".pa-graph").first
    return int(holder.get_attribute("data-node-count")), int(holder.get_attribute("data-edge-count"))


def counter(page) -> str:
    return page.locator("#pa-counter").text_content()


def test_the_tour_draws_and_steps_with_buttons_and_keys(chromium, tiny_tour):
    path, data = tiny_tour
    steps = data["steps"]
    page, log = open_tour(chromium, path.as_uri())
    assert counter(page) == "1 / 3"
    assert graph_counts(page) == (len(steps[0]["payload"]["nodes"]), len(steps[0]["payload"]["edges"]))
    assert page.locator("#pa-narration").text_content() == f"The pump uses morphine. {XSS}"
    assert page.locator("#pa-prev").is_disabled()

    page.click("#pa-next")
    assert counter(page) == "2 / 3"
    hidden = len(steps[1]["payload"]["edges"])
    page.wait_for_function(f"document.querySelector('.pa-graph').getAttribute('data-edge-count') === '{hidden}'")
    assert page.locator("#pa-question").text_content() == "What connects Pump and Infection? Predict, then reveal."
    assert not page.locator("#pa-answer").is_visible()
    page.click("#pa-reveal")
    assert page.locator("#pa-answer h3").text_content() == "It may infect."
    page.wait_for_function(
        f"document.querySelector('.pa-graph').getAttribute('data-edge-count') === '{hidden + 1}'")
    assert "Source: A blog (reliability: low), L2 — evidence terms: infection" in page.locator(
        "#pa-step-sources").text_content()

    page.keyboard.press("ArrowRight")
    assert counter(page) == "3 / 3" and page.locator("#pa-next").is_disabled()
    assert graph_counts(page)[0] == len(steps[2]["payload"]["nodes"])
    assert page.url.endswith("#step=3")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert counter(page) == "1 / 3"

    references = page.locator("#pa-references li").all_text_contents()
    assert len(references) == 2 and any("A blog" in r for r in references)
    assert log.blocked == [] and log.console_errors == [] and log.dialogs == []
    page.close()


def test_a_step_link_opens_that_step(chromium, tiny_tour):
    path, _ = tiny_tour
    page, log = open_tour(chromium, path.as_uri() + "#step=3")
    assert counter(page) == "3 / 3"
    assert page.locator("#pa-step-title").text_content() == "Morphine"
    assert log.blocked == [] and log.console_errors == []
    page.close()


def test_a_shipped_tour_works_offline(chromium, tmp_path):
    result = load_dataset(DEFAULT_DATA_DIR)
    G = build_graph(result.dataset)
    tours = load_tours(DEFAULT_DATA_DIR, result.dataset).tours
    assert tours, "the bundled data ships tours"
    tour = tours.get("reading-sources-critically") or next(iter(tours.values()))
    path = tmp_path / "shipped.html"
    path.write_text(tour_html(G, tour, positions(G)), encoding="utf-8")
    page, log = open_tour(chromium, path.as_uri())
    for number in range(2, len(tour.steps) + 1):
        page.keyboard.press("ArrowRight")
        assert counter(page) == f"{number} / {len(tour.steps)}"
        assert graph_counts(page)[0] > 0
    assert log.blocked == [] and log.console_errors == [] and log.dialogs == []
    page.close()
