"""The tour builder in a real browser (Debian's Chromium), every non-local request blocked and
recorded: a 4-step tour built with clicks from Explore (a focus, a search, a clicked node, a path
of the path finder), narrated, turned into a prediction, reordered and checked on the Build a
tour page; downloaded as YAML and uploaded again unchanged; exported as the offline HTML page,
which draws every step with no request at all; and presented. Screenshots for the README are
written to ``artifacts/`` (``docs/screenshots/`` keeps small copies)."""

from __future__ import annotations

import re

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from builders.teach.tour_files import parse_tour
from builders.scale.browser import script
from support.browser import DRAWN, OFFLINE_PREFIXES, click_node, graph, screenshot, watch

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WIDTH, HEIGHT = 1440, 900
SCROLL_TOP = script("scroll_top.js")


def settled(page) -> None:
    """Wait until Streamlit has finished the run: no element is stale and nothing is running."""
    page.wait_for_function("!document.querySelector('[data-stale=\"true\"]') && "
                           "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def keyed(page, key: str, inner: str = ""):
    """The element of the widget with this Streamlit key (its ``st-key-`` class), or one inside it."""
    return page.locator(f".st-key-{key} {inner}".strip()).first


def add_to_tour(page, number: int, title: str | None = None, shot: str | None = None) -> None:
    """Explore's "Add to tour": open the box, edit the title, click "Add as step N" (a screenshot
    of the open box first, with ``shot``)."""
    page.get_by_role("button", name="Add to tour").click()
    button = keyed(page, "tour_add_view", "button")
    expect(button).to_have_text(re.compile(f"Add as step {number}"))
    if title:
        field = keyed(page, "tour_add_title", "input")
        field.fill(title)
        field.press("Enter")
        expect(field).to_have_value(title)
    if shot:
        screenshot(page, shot)
    button.click()
    expect(page.get_by_text(f"your tour now has {number} step(s)")).to_be_visible()
    settled(page)
    page.keyboard.press("Escape")


def search(page, target: str, text: str, box, chosen) -> None:
    """Type into one of Explore's search boxes and click the best match; ``chosen`` shows the choice."""
    box.fill(text)
    box.press("Enter")
    keyed(page, f"{target}_pick_0", "button").click()
    expect(chosen).to_be_visible()
    settled(page)


def write(page, uid: int, number: int, text: str) -> None:
    """Edit the step ``uid`` (step ``number``) and write its narration."""
    keyed(page, f"tour_edit_{uid}", "button").click()
    expect(page.get_by_role("heading", name=re.compile(f"^Step {number} of"))).to_be_visible()
    field = keyed(page, f"tour_0_step_{uid}_narration", "textarea")
    field.fill(text)
    field.press("Tab")  # Streamlit takes the value when the field loses focus
    expect(page.get_by_text(f"Step {number} has no narration yet")).to_have_count(0)
    settled(page)


def build_from_explore(page, url: str) -> None:
    """Four steps with clicks: a deep-linked focus, a searched focus, a clicked node, a path."""
    page.goto(url + "/?focus=intrathecal-pump")
    page.wait_for_selector(DRAWN, timeout=60_000)
    settled(page)
    add_to_tour(page, 1, "What the pump is")
    box = page.get_by_role("textbox", name="Search labels and aliases")
    search(page, "focus", "infection", box, page.get_by_placeholder("Focus: Infection"))
    add_to_tour(page, 2, "Where infection comes from")
    click_node(page, "intrathecal-pump")
    expect(page.get_by_role("heading", name="Intrathecal pump", level=2)).to_be_visible()
    settled(page)
    add_to_tour(page, 3, shot="tour-builder-explore")
    page.get_by_role("button", name="Connect").click()
    search(page, "path_from", "morphine", page.get_by_role("textbox", name="From"), page.get_by_text("Chosen: Morphine"))
    search(page, "path_to", "naloxone", page.get_by_role("textbox", name="To"), page.get_by_text("Chosen: Naloxone"))
    keyed(page, "path_only", "label").click()  # "Show just the path"
    expect(graph(page)).to_have_attribute("data-node-count", re.compile(r"^[2-6]$"))
    settled(page)
    page.keyboard.press("Escape")
    keyed(page, "tour_add_path_1", "button").click()
    # Leave Explore only once the add has run: a page change can cut the button's run short.
    expect(page.get_by_text("your tour now has 4 step(s)")).to_be_visible()
    settled(page)
    page.get_by_role("link", name="Build a tour").click()
    expect(page.get_by_role("heading", name="Step 4 of 4")).to_be_visible(timeout=60_000)
    settled(page)


def narrate(page) -> None:
    """A title, the narrations, a prediction, and the path moved up."""
    title = keyed(page, "tour_0_title", "input")
    title.fill("The pump, its risk and its reversal")
    title.press("Tab")
    expect(page.get_by_text("The tour needs a title.")).to_have_count(0)
    words = ["A small pump under the skin sends medicine through a thin tube into the spinal fluid.",
             "Think about where a wound and a device could go wrong.",
             "The whole neighbourhood of the pump, as the class first meets it.",
             "From morphine to the medicine that reverses it, one claim at a time."]
    for uid, text in enumerate(words, 1):
        write(page, uid, uid, text)
    keyed(page, "tour_edit_2", "button").click()
    expect(page.get_by_role("heading", name="Step 2 of 4")).to_be_visible()
    keyed(page, "tour_0_step_2_predict", "label").click()
    keyed(page, "tour_0_step_2_claim", "input").click()
    page.get_by_role("option", name=re.compile(r"^Intrathecal pump — carries the risk of — Infection")).first.click()
    expect(page.get_by_text("What the class guesses")).to_be_visible()
    settled(page)
    for place in (3, 2):  # the path right after the first step
        keyed(page, "tour_up_4", "button").click()
        expect(keyed(page, "tour_card_4")).to_contain_text(f"{place}. From Morphine to Naloxone")
        settled(page)


def test_build_a_tour_with_clicks_download_reload_export_and_present(chromium, bundled_url, tmp_path, bundled):
    page = chromium.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    log = watch(page)
    try:
        build_from_explore(page, bundled_url)
        narrate(page)
    except Exception:
        screenshot(page, "tour-builder-failed")
        raise
    expect(page.get_by_text(re.compile(r"4 step\(s\) · 0 error\(s\)"))).to_be_visible()
    expect(keyed(page, "tour_card_3")).to_contain_text("4. Infection: Intrathecal pump")  # the clicked node
    page.evaluate(SCROLL_TOP)
    screenshot(page, "tour-builder-page")
    keyed(page, "tour_preview_box").scroll_into_view_if_needed()
    expect(keyed(page, "tour_preview_box", "button")).to_have_text(re.compile("Reveal the answer"))
    screenshot(page, "tour-builder-preview")
    page.wait_for_selector(DRAWN)  # the preview
    page.mouse.move(1, 1)  # no tooltip left open (Streamlit draws them outside the page's landmarks)
    page.wait_for_function("!(document.querySelector('#stFloatingOverlayPortal') || {}).childElementCount")
    found = Axe().run(page, context={"exclude": [["[data-testid='stFileUploaderDropzone']"]]}).response["violations"]
    problems = [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in found]
    assert problems == [], "\n".join(problems)

    with page.expect_download() as download:
        keyed(page, "tour_download", "button").click()
    assert download.value.suggested_filename == "my-tour.yaml"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    document = yaml.safe_load(saved.read_text(encoding="utf-8"))
    tour, problems = parse_tour(document, "my-tour", bundled.dataset)
    assert [p for p in problems if p.severity == "error"] == [] and len(tour.steps) == 4
    assert [s.type for s in tour.steps] == ["show", "show", "predict", "show"] and tour.steps[1].path

    with page.expect_download() as download:
        keyed(page, "tour_export", "button").click()
    assert download.value.suggested_filename == "pain-atlas-tour-my-tour.html"
    html = tmp_path / "tour.html"
    download.value.save_as(html)
    offline = chromium.new_page(viewport={"width": 1280, "height": 800})
    offline_log = watch(offline, OFFLINE_PREFIXES)
    offline.goto(html.as_uri())
    for number in range(1, 5):
        expect(offline.locator("#pa-counter")).to_have_text(f"{number} / 4")
        expect(graph(offline)).to_have_attribute("data-drawn", "1")
        offline.keyboard.press("ArrowRight")
    assert offline_log.blocked == [] and offline_log.console_errors == []
    offline.close()

    page.get_by_role("button", name="New, open or upload").click()
    keyed(page, "tour_replace_ok", "label").click()
    uploader = keyed(page, "tour_upload", "input[type='file']")
    expect(uploader).to_be_enabled()
    uploader.set_input_files(str(saved))
    expect(keyed(page, "tour_1_title", "input")).to_have_value("The pump, its risk and its reversal")  # a new draft
    expect(page.get_by_text(re.compile(r"4 step\(s\) · 0 error\(s\)"))).to_be_visible()
    settled(page)
    page.keyboard.press("Escape")

    keyed(page, "tour_present", "button").click()
    expect(page.get_by_text("1 / 4")).to_be_visible(timeout=60_000)
    expect(page).to_have_url(re.compile(r"/present\?tour=my-tour&step=1"))
    page.wait_for_selector(DRAWN, timeout=60_000)
    screenshot(page, "tour-builder-present")
    assert log.blocked == [], log.blocked
    page.close()
