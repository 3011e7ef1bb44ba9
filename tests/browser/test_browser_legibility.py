"""Legibility in a real browser, for a sample of views (``pain-atlas legibility`` measures them all).

Every drawn view: no node or label off the frame, no two labels overlapping, no label under
11 px, the canvas above the fold and the legend beside it. Explore's default view labels at least
40% of the nodes, every therapy among them, on a laptop; Present fits a 1024x768 projector; a
predict step keeps its answer off the canvas until the reveal; the standalone page does the same
offline; status reads without colour; the graph can be used from the keyboard.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from builders.scale.legibility import IGNORED_CONSOLE, QUIET_MS, View, measure_graph
from builders.scale.legibility import _open as open_view
from builders.scale.browser import script
from support.browser import OFFLINE_PREFIXES, screenshot, watch

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LAPTOP, PROJECTOR = (1440, 900), (1024, 768)


def page_at(chromium, size, allowed=None):
    page = chromium.new_page(viewport={"width": size[0], "height": size[1]})
    log = watch(page, allowed) if allowed else watch(page)
    return page, log


def measured(page, view: View, base: str | None) -> dict:
    warning = open_view(page, view, base)
    assert warning is None, warning
    page.evaluate(script("scroll_top.js"))
    return measure_graph(page, detail=True)


def clean(log) -> bool:
    """No request left the machine and no console error, but Streamlit's known 404s for a page
    opened by its own URL (it probes /present/_stcore/health)."""
    return log.blocked == [] and [e for e in log.console_errors if not IGNORED_CONSOLE.search(e)] == []


def assert_legible(numbers: dict) -> None:
    assert numbers["nodes"] > 0
    assert numbers["off_frame"] == 0, numbers
    assert numbers["overlapping_label_pairs"] == 0, numbers
    assert numbers["small_labels"] == 0, numbers
    assert numbers["below_fold_px"] == 0, numbers
    assert numbers["under_legend"] == 0, numbers


def unlabelled(numbers: dict, ids) -> list[str]:
    drawn = {n["id"] for n in numbers["per_node"] if n["drawn"]}
    return sorted(set(ids) - drawn)


def test_explore_opens_legible_on_a_laptop(chromium, bundled_url, bundled_graph):
    page, log = page_at(chromium, LAPTOP)
    numbers = measured(page, View("explore", "explore", "/"), bundled_url)
    assert_legible(numbers)
    assert numbers["nodes"] == bundled_graph.number_of_nodes()
    assert numbers["readable_share"] >= 0.4, numbers["readable_share"]
    therapies = [n for n, d in bundled_graph.nodes(data=True) if d["kind"] == "therapy"]
    assert unlabelled(numbers, therapies) == []
    expect(page.get_by_role("group", name="Legend")).to_have_count(1)
    screenshot(page, "legibility-explore-1440")
    assert clean(log), (log.blocked, log.console_errors)
    page.close()


@pytest.mark.parametrize("target", ["/", "/?focus=intrathecal-pump&depth=2", "/?kind=risk,therapy",
                                    "/?focus=intrathecal-pump&mode=fade"])
def test_explore_views_reframe_on_a_projector(chromium, bundled_url, target):
    page, log = page_at(chromium, PROJECTOR)
    numbers = measured(page, View(target, "explore", target), bundled_url)
    assert_legible(numbers)
    assert numbers["labels_drawn"] >= min(numbers["nodes"], 12)
    assert clean(log), (log.blocked, log.console_errors)
    page.close()


def test_just_the_path_reads_left_to_right(chromium, bundled_url):
    page, log = page_at(chromium, LAPTOP)
    numbers = measured(page, View("path", "explore", "/?from=morphine&to=infection&show=path",
                                  ("How are they connected?",)), bundled_url)
    assert_legible(numbers)
    left = {n["id"]: n["shape"]["left"] for n in numbers["per_node"]}
    assert left["morphine"] < left["intrathecal-pump"] < left["infection"]
    assert numbers["readable_share"] == 1.0
    page.get_by_text("1. Morphine — is used in — Intrathecal pump").wait_for()
    assert clean(log), (log.blocked, log.console_errors)
    page.close()


def test_present_fits_a_projector(chromium, bundled_url):
    page, log = page_at(chromium, PROJECTOR)
    view = View("step", "present", "/present?tour=intrathecal-pump-journey&step=5", ("5 / 9", "The operation"))
    assert_legible(measured(page, view, bundled_url))
    for name in ("Previous", "Next"):
        button = page.get_by_role("button", name=name, exact=False).first
        expect(button).to_have_text(re.compile(rf"^\s*{name}[^←→]*[←→]?[^←→]*$"), use_inner_text=True)  # ≤ 1 arrow
        box = button.bounding_box()
        assert box["y"] + box["height"] <= PROJECTOR[1], name
    for text in ("5 / 9", "The surgeon threads the tube"):
        shown = page.get_by_text(text, exact=False).first
        shown.wait_for()
        box = shown.bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= PROJECTOR[1], text
    # Present mode has no sidebar (Streamlit may still be sliding it away).
    page.wait_for_function("() => document.querySelector('[data-testid=\"stSidebar\"]')"
                           ".getBoundingClientRect().width === 0")
    screenshot(page, "legibility-present-1024")
    assert clean(log), (log.blocked, log.console_errors)
    page.close()


def test_a_predict_step_keeps_its_answer_off_the_canvas(chromium, bundled_url):
    page, log = page_at(chromium, PROJECTOR)
    view = View("predict", "present", "/present?tour=when-the-pump-stops&step=5", ("5 / 8",))
    before = measured(page, view, bundled_url)
    assert_legible(before)
    assert "empty-reservoir" not in {n["id"] for n in before["per_node"]}
    page.get_by_role("button", name="Reveal the answer").click()
    page.get_by_text("The answer").first.wait_for()
    page.wait_for_function("() => globalThis.painAtlasGraphs.some(h => h.holder.isConnected && "
                           "h.network.body.data.nodes.get('empty-reservoir'))")
    assert clean(log), (log.blocked, log.console_errors)
    page.close()


def test_the_offline_tour_page_is_legible(chromium, tmp_path, bundled):
    from builders.graph.build import build_graph
    from builders.graph.layout import positions
    from builders.teach.tour_files import load_tours
    from builders.teach.tours import tour_html

    G = build_graph(bundled.dataset)
    tour = load_tours(bundled.folder, bundled.dataset).tours["routes-compared"]
    path = tmp_path / "tour.html"
    path.write_text(tour_html(G, tour, positions(G)), encoding="utf-8")
    page, log = page_at(chromium, PROJECTOR, OFFLINE_PREFIXES)
    page.goto(path.as_uri())
    for number in range(1, len(tour.steps) + 1):
        page.locator(f'#pa-tour[data-step="{number}"]').wait_for()
        # Drawn is set once and stays set: wait until this step's drawing has settled instead.
        page.wait_for_function(script("legibility_settled.js"), polling=150,
                               arg={"quietMs": QUIET_MS, "caption": False, "texts": [f"{number} / {len(tour.steps)}"]})
        numbers = measure_graph(page, detail=True)
        assert_legible(numbers)
        for element in ("#pa-prev", "#pa-next", "#pa-counter", "#pa-narration"):
            box = page.locator(element).bounding_box()
            assert box and box["y"] + min(box["height"], 40) <= PROJECTOR[1], (number, element)
        page.keyboard.press("ArrowRight")
    assert clean(log), (log.blocked, log.console_errors)
    page.close()


def test_status_reads_without_colour(chromium, bundled_url, bundled_graph):
    """Each status has its own line pattern (greyscale keeps it), and weak lines keep 3:1."""
    statuses = bundled_graph.graph["schema"].statuses
    assert len({s.pattern for s in statuses.values()}) == len(statuses)
    assert contrast(statuses["weak"].color, "#ffffff") >= 3.0
    page, log = page_at(chromium, LAPTOP)
    measured(page, View("explore", "explore", "/?focus=intrathecal-pump&depth=1"), bundled_url)
    lines = page.locator(".pa-legend line")
    expect(lines).not_to_have_count(0)
    session = page.context.new_cdp_session(page)
    for deficiency in ("achromatopsia", "deuteranopia"):
        session.send("Emulation.setEmulatedVisionDeficiency", {"type": deficiency})
        screenshot(page, f"legibility-{deficiency}")
    patterns = {line.get_attribute("stroke-dasharray") or "solid" for line in lines.all()}
    assert len(patterns) == len(statuses)
    page.close()


def test_the_graph_works_from_the_keyboard(chromium, bundled_url):
    page, log = page_at(chromium, LAPTOP)
    measured(page, View("explore", "explore", "/"), bundled_url)
    canvas = page.get_by_role("group", name="Graph of 195 nodes and 328 claims", exact=False)
    expect(canvas).to_have_count(1)
    summary = page.get_by_text("List of the 195 nodes and 328 claims in this view")
    summary.focus()
    page.keyboard.press("Enter")
    button = page.get_by_role("button", name="Ziconotide", exact=True)
    button.focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Ziconotide").wait_for()
    assert clean(log), (log.blocked, log.console_errors)
    page.close()


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours.

    >>> round(contrast("#000000", "#ffffff"))
    21
    """
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
