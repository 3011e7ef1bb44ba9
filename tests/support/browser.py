"""Helpers for browser tests: Debian's Chromium through Playwright and the app on loopback (both
started as the benchmark starts them, by ``builders.scale.browser``), every non-local request
blocked and recorded, console errors and dialogs recorded, and the graph's own marks to wait on.

Browser tests wait for conditions (``expect``, ``locator.wait_for``, ``page.wait_for_function``)
and never read the page once right after an action."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from builders.scale.browser import CHROMIUM, LOCAL_PREFIXES

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
ASSETS = Path(__file__).parent / "assets"
#: What an offline page (a standalone export opened from disk) may load.
OFFLINE_PREFIXES = ("file:", "data:", "blob:", "about:")
#: The graph has been drawn at least once (``graph.js`` sets it at vis-network's first drawing).
DRAWN = ".pa-graph[data-drawn='1']"
#: How long to wait for the app's first page: a Streamlit start on a busy machine.
FIRST_PAGE_MS = 60_000


def require_chromium() -> None:
    """Skip without Chromium on a developer's machine; under CI its absence is a failure."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs it with apt-get install chromium")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")


@dataclass
class PageLog:
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def watch(page, allowed: tuple[str, ...] = LOCAL_PREFIXES) -> PageLog:
    """Block and record every request whose URL does not start with ``allowed`` (by default:
    loopback, file, data, blob and about URLs); record console errors and dialogs."""
    log = PageLog()

    def route(route):
        url = route.request.url
        if url.startswith(allowed):
            route.continue_()
        else:
            log.blocked.append(url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log.console_errors.append(str(e)))

    def on_dialog(dialog):
        log.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return log


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_page(chromium, url: str, allowed: tuple[str, ...] = LOCAL_PREFIXES, viewport=(1400, 1000),
              timeout: float = FIRST_PAGE_MS):
    """A new page on ``url``, watched (see :func:`watch`), once its graph is drawn; returns (page, log)."""
    page = chromium.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    log = watch(page, allowed)
    page.goto(url)
    page.wait_for_selector(DRAWN, timeout=timeout)
    return page, log


def graph(page):
    """The newest graph's holder, whose ``data-node-count`` and ``data-edge-count`` say what it drew."""
    return page.locator(".pa-graph").last


def click_node(page, node_id: str, timeout: float = 30_000) -> None:
    """Click a node of the newest graph, once it is drawn and stays put on screen."""
    where = page.wait_for_function(script("node_position.js"), arg=node_id, polling=100,
                                   timeout=timeout).json_value()
    page.mouse.click(where["x"], where["y"])


def script(name: str) -> str:
    """A script of ``tests/support/assets/``, for ``page.evaluate`` or ``page.wait_for_function``."""
    return (ASSETS / name).read_text(encoding="utf-8")
