"""The teaching pages in a real browser (Debian's Chromium) at 1440x900, every non-local request
blocked and recorded: Compare fits three therapies in two screens with its exports at the top
and a cell's citations behind its book icon; the Table view's plain headers; the Sources page
without asterisks or file names; the search box offers only what contains the query; the
quiz handout prints its answer key on a page of its own. Screenshots go to ``artifacts/``.

Streamlit's own start-up probes ``<page>/_stcore/health`` and ``host-config`` before it finds
the server's root when a page is opened by its own URL; those two 404s (and their console lines)
are the only failures allowed.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from builders.teach.quiz_export import quiz_file
from support.browser import OFFLINE_PREFIXES, screenshot, watch

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WIDTH, HEIGHT = 1440, 900
THREE = "intrathecal-pump,oral-opioids,iv-infusion-therapy"
MAIN = "[data-testid='stMain']"
#: The scroll height of the page's main area, in CSS pixels.
MAIN_HEIGHT = f"document.querySelector(\"{MAIN}\").scrollHeight"


def open_page(chromium, url: str):
    page = chromium.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    log = watch(page)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(url)
    page.get_by_role("heading", level=1).first.wait_for(timeout=60_000)
    return page, log, failed


def settled(page) -> None:
    """Wait until Streamlit has finished the run: no element is stale and nothing is running."""
    page.wait_for_function("!document.querySelector('[data-stale=\"true\"]') && "
                           "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def only_probes(log, failed) -> bool:
    probes = [u for u in failed if re.search(r"/_stcore/(health|host-config)$", u)]
    return log.blocked == [] and failed == probes and len(log.console_errors) <= len(probes)


def test_compare_fits_three_therapies_in_two_screens(chromium, bundled_url):
    page, log, failed = open_page(chromium, f"{bundled_url}/compare?therapies={THREE}")
    page.get_by_text("The matrix as a table, every row and item").wait_for(timeout=60_000)
    settled(page)
    height = page.evaluate(MAIN_HEIGHT)
    assert height <= 2 * HEIGHT, f"Compare is {height}px high at {WIDTH}x{HEIGHT}"
    for row in ("Route and delivery", "How it works", "Drugs", "Risks and side effects", "Who gives it", "Where",
                "Onset", "Figures"):
        expect(page.locator(f"{MAIN} strong").filter(has_text=re.compile(rf"^\s*{re.escape(row)}\s*$"))).not_to_have_count(0)
    export = page.get_by_role("button", name=re.compile("Export")).bounding_box()
    first_row = page.get_by_text("Route and delivery", exact=True).bounding_box()
    assert export["y"] < first_row["y"]  # the exports are at the top
    for text in ("Trained infusion staff", "Because the drug goes straight into the blood",
                 "flagged", "contradicted"):  # flagged items are marked as such
        expect(page.locator(MAIN)).to_contain_text(text)
    screenshot(page, "compare-three-therapies")
    page.locator(f"{MAIN} [data-testid='stPopover'] button").nth(1).click()
    page.get_by_text("Source: ", exact=False).first.wait_for(timeout=30_000)
    screenshot(page, "compare-cell-sources")
    assert only_probes(log, failed), (log.blocked, failed, log.console_errors)
    page.close()


def test_table_view_has_plain_headers(chromium, bundled_url):
    page, log, failed = open_page(chromium, f"{bundled_url}/table")
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
    settled(page)
    header_cells = page.locator("[data-testid='stDataFrame'] [role='columnheader']")
    header_cells.nth(5).wait_for(state="attached", timeout=30_000)  # the grid fills its header a moment later
    page.wait_for_function("[...document.querySelectorAll(\"[data-testid='stDataFrame'] [role='columnheader']\")]"
                           ".slice(0, 6).every(h => h.textContent.trim())", timeout=30_000)
    headers = header_cells.all_text_contents()
    assert [h.strip() for h in headers][:6] == ["From", "Relation", "To", "Claim", "Evidence", "Sources"]
    screenshot(page, "table-view")
    assert only_probes(log, failed), (log.blocked, failed, log.console_errors)
    page.close()


def test_sources_page_shows_no_asterisk_or_file_name(chromium, bundled_url):
    page, log, failed = open_page(chromium, f"{bundled_url}/sources")
    page.get_by_text("Vetted references").wait_for(timeout=60_000)
    settled(page)
    text = page.locator(MAIN).inner_text()
    assert "*" not in text and ".txt" not in text and not re.search(r"\b\d{3}_[0-9a-f]{6,}", text)
    expect(page.locator(f"{MAIN} em", has_text="Expert Opin Drug Saf")).not_to_have_count(0)  # italics as italics
    screenshot(page, "sources")
    assert only_probes(log, failed), (log.blocked, failed, log.console_errors)
    page.close()


def test_search_offers_only_names_that_contain_the_query(chromium, bundled_url):
    page, log, failed = open_page(chromium, bundled_url)
    box = page.get_by_role("textbox", name="Search labels and aliases")
    box.fill("ketamine")
    box.press("Enter")
    page.locator("[class*='st-key-focus_pick_0'] button").wait_for(timeout=30_000)
    settled(page)
    expect(page.locator("[class*='st-key-focus_pick_0'] button")).to_have_text(re.compile(r"^\s*Ketamine \(Drug\)"))
    buttons = [t.strip() for t in page.locator("[class*='st-key-focus_pick_'] button").all_inner_texts()]
    assert buttons and all("ketamine" in b.casefold() for b in buttons), buttons
    screenshot(page, "search-ketamine")
    page.locator("[class*='st-key-focus_pick_0'] button").click()
    page.wait_for_function("decodeURIComponent(location.search).includes('focus=ketamine')", timeout=30_000)
    assert log.blocked == [] and failed == []
    page.close()


def test_quiz_handout_prints_its_answer_key_on_its_own_page(chromium, bundled_graph, tmp_path):
    path = tmp_path / "quiz.html"
    path.write_bytes(quiz_file(bundled_graph, "html", seed=3, count=12))
    page = chromium.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    log = watch(page, OFFLINE_PREFIXES)
    page.goto(path.as_uri())
    page.emulate_media(media="print")
    page.locator(".pa-answer-key").wait_for(state="attached")
    expect(page.locator(".pa-question")).to_have_count(12)
    expect(page.locator(".pa-answer")).to_have_count(12)
    assert page.evaluate("getComputedStyle(document.querySelector('.pa-answer-key')).breakBefore") == "page"
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) >= 2  # questions, then the key on a page of its own
    screenshot(page, "quiz-handout")
    assert log.blocked == [] and log.console_errors == [] and log.dialogs == []
    page.close()
