"""The standalone HTML of a tour in a real browser (Debian's Chromium), with every request that
is not file:, data:, blob: or about: aborted and recorded: the graph draws, the steps advance with
the buttons and the arrow keys, the predict step reveals its claim, a #step=N link opens that step,
data stays text, and no request is attempted."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from builders.data.files import DEFAULT_DATA_DIR
from builders.data.load import load_dataset
from builders.graph.build import build_graph
from builders.graph.layout import positions
from builders.teach.tour_files import load_tours
from builders.teach.tours import tour_html, tour_page_data
from support.browser import OFFLINE_PREFIXES, graph, open_page
from support.datasets import write_tour
from support.hostile import IMG

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TOUR = f"""
title: A tiny tour {IMG}
steps:
  - title: The pump
    narration: The pump uses morphine. {IMG}
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
    write_tour(folder, "tiny", TOUR)
    dataset = load_dataset(folder).dataset
    G = build_graph(dataset)
    tour = load_tours(folder, dataset).tours["tiny"]
    path = tmp_path / "tour.html"
    path.write_text(tour_html(G, tour, positions(G)), encoding="utf-8")
    _, data = tour_page_data(G, tour, positions(G))
    return path, data


def open_tour(chromium, url):
    return open_page(chromium, url, OFFLINE_PREFIXES, viewport=(1300, 1000), timeout=30_000)


def expect_counts(page, nodes: int, edges: int | None = None) -> None:
    """Wait until the graph has drawn ``nodes`` nodes (and ``edges`` claims)."""
    expect(graph(page)).to_have_attribute("data-node-count", str(nodes))
    if edges is not None:
        expect(graph(page)).to_have_attribute("data-edge-count", str(edges))


def test_the_tour_draws_and_steps_with_buttons_and_keys(chromium, tiny_tour):
    path, data = tiny_tour
    steps = data["steps"]
    page, log = open_tour(chromium, path.as_uri())
    counter = page.locator("#pa-counter")
    expect(counter).to_have_text("1 / 3")
    expect_counts(page, len(steps[0]["payload"]["nodes"]), len(steps[0]["payload"]["edges"]))
    expect(page.locator("#pa-narration")).to_have_text(f"The pump uses morphine. {IMG}")
    expect(page.locator("#pa-prev")).to_be_disabled()

    page.click("#pa-next")
    expect(counter).to_have_text("2 / 3")
    hidden = len(steps[1]["payload"]["edges"])
    expect(graph(page)).to_have_attribute("data-edge-count", str(hidden))
    expect(page.locator("#pa-question")).to_have_text("What connects Pump and Infection? Predict, then reveal.")
    expect(page.locator("#pa-answer")).to_be_hidden()
    page.click("#pa-reveal")
    expect(page.locator("#pa-answer h3")).to_have_text("It may infect.")
    expect(graph(page)).to_have_attribute("data-edge-count", str(hidden + 1))
    expect(page.locator("#pa-step-sources")).to_contain_text(
        "Source: A blog (reliability: low), L2 — evidence terms: infection")

    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text("3 / 3")
    expect(page.locator("#pa-next")).to_be_disabled()
    expect_counts(page, len(steps[2]["payload"]["nodes"]))
    expect(page).to_have_url(re.compile(r"#step=3$"))
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(counter).to_have_text("1 / 3")

    references = page.locator("#pa-references li")
    expect(references).to_have_count(2)
    expect(references.filter(has_text="A blog")).to_have_count(1)
    assert log.blocked == [] and log.console_errors == [] and log.dialogs == []
    page.close()


def test_a_step_link_opens_that_step(chromium, tiny_tour):
    path, _ = tiny_tour
    page, log = open_tour(chromium, path.as_uri() + "#step=3")
    expect(page.locator("#pa-counter")).to_have_text("3 / 3")
    expect(page.locator("#pa-step-title")).to_have_text("Morphine")
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
    _, data = tour_page_data(G, tour, positions(G))
    for number in range(2, len(tour.steps) + 1):
        page.keyboard.press("ArrowRight")
        expect(page.locator("#pa-counter")).to_have_text(f"{number} / {len(tour.steps)}")
        drawn = len(data["steps"][number - 1]["payload"]["nodes"])
        assert drawn > 0, f"step {number} draws nothing"
        expect_counts(page, drawn)
    assert log.blocked == [] and log.console_errors == [] and log.dialogs == []
    page.close()
