"""The interaction benchmark's steps in Chromium: what a person does, timed by the page itself.

Every page is opened in a browser context that carries ``assets/interaction_probe.js``: it marks
the user's last input and each new drawing of a graph, and watches for a text to appear, all
with the page's own clock (``performance.now()``). A step is timed from the input (the
pointerdown of a click, the keydown of a key) to what a person waits for:

- a click on a node or a claim: its details' heading (Streamlit's ``h2``) on the page;
- a filter, a focus, a depth or a tour step: the graph drawn with its new payload;
- the bare app's click: its new line of text;
- a page load: from the start of navigation to the graph drawn (the bare app: its button shown).

Between two steps the page settles: Streamlit is not running the script and nothing is stale.
Nothing here sleeps and reads once.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from .browser import offline_page, script

VIEWPORT = (1440, 900)
WAIT_MS = 60_000
DRAWN = ".pa-graph[data-drawn='1']"
#: The bare app's button and the line it writes (``assets/bare_app.py``).
BARE_BUTTON, BARE_LINE = "Write a line", "Line {}"
#: Resolves after the page has drawn two more frames.
FRAMES = "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def probed_context(browser, viewport=VIEWPORT):
    """A fresh browser context (its own cache and cookies) whose pages all carry the probe."""
    context, page = offline_page(browser, viewport)
    page.close()
    context.add_init_script(script("interaction_probe.js"))
    return context


def settle(page) -> None:
    """Wait until Streamlit has finished running the script and nothing on the page is stale."""
    page.wait_for_function("__paProbe.settled()", polling=50, timeout=WAIT_MS)


def open_app(context, url: str, graph: bool = True):
    """A new page on ``url``, once its graph is drawn (or, for the bare app, its button shown) and
    the page has settled."""
    page = context.new_page()
    page.goto(url, wait_until="commit", timeout=WAIT_MS)
    if graph:
        page.wait_for_selector(DRAWN, state="attached", timeout=WAIT_MS)
    else:
        page.wait_for_function("__paProbe.loaded !== null", polling=50, timeout=WAIT_MS)
    settle(page)
    return page


def _time_until(page, action, done: str) -> float:
    """Seconds from the input ``action`` makes to the time ``done`` (a probe expression) reads,
    once it reads a value; then wait for the page to settle."""
    action()
    page.wait_for_function(f"({done}) !== undefined", polling=50, timeout=WAIT_MS)
    elapsed = page.evaluate(f"({done}) - __paProbe.input") / 1000
    settle(page)
    return elapsed


def text_time(page, selector: str, text: str, action) -> float:
    """Seconds from the input ``action`` makes to an element ``selector`` holding exactly ``text``."""
    token = page.evaluate("([s, t]) => __paProbe.watch(s, t)", [selector, text])
    return _time_until(page, action, f"__paProbe.seen['{token}']")


def redraw_time(page, action) -> float:
    """Seconds from the input ``action`` makes to the graph drawn with a new payload."""
    before = page.evaluate("__paProbe.redraws.length")
    return _time_until(page, action, f"(__paProbe.redraws[{before}] || {{}}).drawn")


# --------------------------------------------------------------------------- the bare app

def bare_click(page) -> float:
    """The bare app: click its button (pointed at first, as in Explore), until its new line shows."""
    current = int(page.locator("[data-testid='stMarkdownContainer'] p").last.text_content().split()[-1])
    button = page.get_by_role("button", name=BARE_BUTTON)
    button.hover()
    page.evaluate(FRAMES)
    return text_time(page, "[data-testid='stMarkdownContainer'] p", BARE_LINE.format(current + 1), button.click)


def page_load(context, url: str, graph: bool = True) -> float:
    """A warm page load: a new tab on ``url``, from the start of navigation to the graph drawn
    (``graph``) or the bare app's button shown. Open the page once before, to warm the caches."""
    page = open_app(context, url, graph)
    try:
        if graph:
            return float(page.locator(".pa-graph").first.get_attribute("data-first-drawn-ms")) / 1000
        return page.evaluate("__paProbe.loaded") / 1000
    finally:
        page.close()


# --------------------------------------------------------------------------- Explore

@dataclass
class Targets:
    """What clicks show: the heading of each node's and claim's details (a node's label, a claim's
    text), for those whose heading has no markdown in it."""

    headings: dict[tuple[str, str], str]
    seed: int = 1


def click_targets(page, G, seed: int = 1) -> Targets:
    """The headings of every node and claim of ``G`` that a click may show, once the graph is drawn."""
    page.wait_for_selector(DRAWN, state="attached", timeout=WAIT_MS)
    plain = str.maketrans("", "", "*_`#[]<>\\$~:|")
    headings = {("node", n): d["label"] for n, d in G.nodes(data=True)}
    headings.update({("edge", k): d["claim"] for _, _, k, d in G.edges(keys=True, data=True)})
    return Targets({key: text for key, text in headings.items() if text == text.translate(plain)}, seed)


def clickable(page) -> list[tuple[str, str]]:
    """The nodes and claims of the drawn graph that a click picks unambiguously, as ``(kind, id)``."""
    found = page.wait_for_function(script("interaction_targets.js"), polling=100, timeout=WAIT_MS).json_value()
    return [("node", t["id"]) for t in found["nodes"]] + [("edge", t["id"]) for t in found["claims"]]


def explore_click(page, targets: Targets, number: int) -> float:
    """Click a node (even ``number``) or a claim (odd) that one click picks unambiguously right now,
    other than what is selected (in the graph or in the details), until its details' heading shows."""
    found = page.wait_for_function(script("interaction_targets.js"), polling=100, timeout=WAIT_MS).json_value()
    kind, group = ("edge", found["claims"]) if number % 2 and found["claims"] else ("node", found["nodes"])
    shown = set(page.locator("h2").all_text_contents())
    choices = [t for t in group if targets.headings.get((kind, t["id"])) not in (None, *shown)
               and t["id"] not in found["selected"]]
    if not choices:
        raise RuntimeError("nothing to click in the graph")
    random.Random(targets.seed * 1000 + number).shuffle(choices)
    target = choices[0]
    page.mouse.move(5, 5)  # away from the last target: no tooltip in the way
    point_at(page, target["x"], target["y"])
    return text_time(page, "h2", targets.headings[(kind, target["id"])],
                     lambda: page.mouse.click(target["x"], target["y"]))


def point_at(page, x: float, y: float) -> None:
    """Move the pointer to a point and let the page draw what hovering there shows, as a person's
    pointer is on a target before they press: the click then times the press alone."""
    page.mouse.move(x, y)
    page.evaluate(FRAMES)


def popover(page, name: str):
    """Open the toolbar's popover ``name`` if it is not open; returns its body."""
    body = page.locator("[data-testid='stPopoverBody']")
    if not body.count() or not body.first.is_visible():
        page.get_by_role("button", name=name).first.click()
        body.first.wait_for(state="visible", timeout=WAIT_MS)
    return body.first


def close_popover(page) -> None:
    if page.locator("[data-testid='stPopoverBody']").count():
        page.keyboard.press("Escape")


def filter_step(page, number: int) -> float:
    """"Supported only", then "Reset filters", in turn, in the Filters popover."""
    body = popover(page, "Filters")
    return redraw_time(page, body.get_by_role("button", name="Reset filters" if number % 2 else "Supported only").click)


def focus_step(page, queries: list[tuple[str, str]], number: int) -> float:
    """A focus on a node found with the search box (type a name, click the match), then back to
    the whole graph (the Focus popover's button), in turn."""
    if number % 2:
        body = popover(page, "Focus")
        elapsed = redraw_time(page, body.get_by_role("button", name="Show the whole graph").click)
        close_popover(page)
        return elapsed
    query, label = queries[(number // 2) % len(queries)]
    box = page.get_by_label("Search labels and aliases")
    box.click()
    box.fill(query)
    match = page.get_by_role("button", name=label).first
    match.wait_for(state="visible", timeout=WAIT_MS)
    settle(page)
    return redraw_time(page, match.click)


def depth_step(page, number: int) -> float:
    """With a focus set: the Focus popover's depth slider one step up, then down, from the keyboard."""
    popover(page, "Focus").get_by_role("slider").focus()
    return redraw_time(page, lambda: page.keyboard.press("ArrowLeft" if number % 2 else "ArrowRight"))


# --------------------------------------------------------------------------- Present

class TourWalk:
    """Present, from step 1: the next step (the right arrow key), and back (the left one) from the
    end. A step whose graph is the same as the one before has nothing to redraw: it is skipped."""

    def __init__(self, page):
        self.page, self.step, self.forward, self.skipped = page, 1, True, 0
        counter = re.search(r"\b1 / (\d+)\b", page.locator("[data-testid='stMain']").inner_text())
        self.total = int(counter.group(1)) if counter else 1

    def next(self) -> float:
        """Seconds from the key to the graph of the next step that changes it."""
        if self.total < 2:
            raise ValueError("a tour of one step has no next step")
        for _ in range(2 * self.total):
            self.forward = self.step < self.total and (self.forward or self.step == 1)
            self.step += 1 if self.forward else -1
            before = self.page.evaluate("__paProbe.redraws.length")
            self.page.locator("body").press("ArrowRight" if self.forward else "ArrowLeft")
            self.page.get_by_text(f"{self.step} / {self.total}", exact=True).wait_for(timeout=WAIT_MS)
            settle(self.page)
            redraws = self.page.evaluate(f"__paProbe.redraws.slice({before})")
            if redraws:
                return (redraws[0]["drawn"] - self.page.evaluate("__paProbe.input")) / 1000
            self.skipped += 1
        raise RuntimeError("no step of the tour changes the graph")
