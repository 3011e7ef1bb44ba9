"""Debian's Chromium through Playwright, for the benchmark and the browser tests: launched the
same way everywhere, with every non-local request aborted.

The pages are timed from the page's own marks: ``assets/graph.js`` sets ``data-first-drawn-ms``
on ``.pa-graph`` at the first drawing; in a pyvis page, ``assets/pyvis_hook.js`` records the
first drawing and the end of stabilisation.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .report import format_seconds

CHROMIUM = "/usr/bin/chromium"
#: Without the background-networking flags, Chromium tries to reach Google's hosts at every start.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: What a page may load: loopback (the app), and files, data and blobs (an exported page).
LOCAL_PREFIXES = ("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "ws://localhost",
                  "file:", "data:", "blob:", "about:")
#: pyvis is stopped after this long, in Python and in the browser, and reported as "> cap".
BASELINE_CAP_S = 120.0
BROWSER_REPEATS = 3
ASSETS = Path(__file__).parent / "assets"
APP = Path(__file__).resolve().parent.parent.parent / "app.py"


def script(name: str) -> str:
    """A script of ``scale/assets/``."""
    return (ASSETS / name).read_text(encoding="utf-8")


def launch(playwright):
    """Debian's Chromium, headless, with the project's flags."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@contextmanager
def chromium():
    """Debian's Chromium through Playwright, or ``None`` when either is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        yield None
        return
    if not Path(CHROMIUM).exists():
        yield None
        return
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(data_dir: Path | None = None, timeout: float = 90, env: dict | None = None,
                     app: Path = APP, started: list | None = None):
    """The app (or another Streamlit script, ``app``) on a free loopback port; yields its base URL
    once its health check answers.

    Its output goes to a temporary file, shown if it does not start (a pipe nobody reads would
    stop the server once full); it watches no files, as nothing edits the app while it runs. It
    starts in the script's own folder, so it reads that folder's ``.streamlit/config.toml``: the
    app its own settings, the bare app (in ``assets/``, which has none) Streamlit's defaults.
    ``started``, a list, receives the server process (the benchmark reads its memory).
    """
    port = free_port()
    environment = dict(os.environ, **(env or {}))
    if data_dir:
        environment["PAIN_ATLAS_DATA"] = str(data_dir)
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
             "--browser.gatherUsageStats", "false"],
            cwd=Path(app).parent, env=environment, stdout=output, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        if started is not None:
            started.append(process)
        try:
            _wait_healthy(url, process, output, timeout)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_healthy(url: str, process, output, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            output.seek(0)
            raise RuntimeError(f"streamlit did not start on {url}: {output.read().decode(errors='replace')[-2000:]}")
        time.sleep(0.3)


def block_remote(context, blocked: list | None = None) -> None:
    """Abort every non-local request of ``context``; append each aborted URL to ``blocked``."""
    def route(route):
        if route.request.url.startswith(LOCAL_PREFIXES):
            route.continue_()
        else:
            if blocked is not None:
                blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)


def offline_page(browser, viewport=(1280, 900)):
    """A fresh context and page in which every non-local request is aborted."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    block_remote(context)
    return context, context.new_page()


def time_our_page(browser, page_file: Path, reps: int = BROWSER_REPEATS) -> tuple[float, int, list[str]]:
    """Open an exported page until the graph is drawn; median seconds, nodes drawn, console errors.

    The page says when: ``assets/graph.js`` sets ``data-first-drawn-ms`` on ``.pa-graph`` to
    ``performance.now()`` at the first ``afterDrawing``, counted from the start of navigation.
    Physics is off, so drawn means still.
    """
    times, nodes, errors = [], 0, []
    for _ in range(reps):
        context, page = offline_page(browser)
        try:
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_file.as_uri(), wait_until="commit", timeout=BASELINE_CAP_S * 1000)
            page.wait_for_selector('.pa-graph[data-drawn="1"]', state="attached", timeout=BASELINE_CAP_S * 1000)
            holder = page.locator(".pa-graph").first
            times.append(float(holder.get_attribute("data-first-drawn-ms")) / 1000)
            nodes = int(holder.get_attribute("data-node-count"))
        finally:
            context.close()
    return statistics.median(times), nodes, errors


@dataclass
class PyvisPage:
    """What the pyvis page did in the browser, in seconds from the start of navigation."""

    drawn_s: float | None  # first drawing: vis shows nothing until its stabilisation iterations end
    still_s: float | None  # "stabilized": the nodes stopped moving
    moving_px: float | None = None  # at the cap, how far a node still moved in the last second

    def note(self, cap: float) -> str:
        drawn = f"pyvis first drawn after {format_seconds(self.drawn_s)}" if self.drawn_s else \
            f"pyvis not drawn within {cap:.0f} s"
        if self.still_s is not None:
            return f"{drawn}, still after {format_seconds(self.still_s)}"
        moving = f" (a node still moved {self.moving_px:,.0f} px in the last second)" if self.moving_px else ""
        return f"{drawn}, still moving at {cap:.0f} s{moving}"


def time_pyvis_page(browser, page_file: Path, cap: float = BASELINE_CAP_S) -> PyvisPage:
    """Open a pyvis page until its physics has stabilised, or ``cap`` seconds have passed.

    Reads the times recorded by :data:`PYVIS_HOOK`. At the cap, it measures how far the nodes
    still move in one second, so that "not still" is shown, not assumed.
    """
    context, page = offline_page(browser)
    try:
        page.goto(page_file.as_uri(), wait_until="commit", timeout=cap * 1000)
        try:
            page.wait_for_function("window.__paBench && window.__paBench.stabilized", timeout=cap * 1000)
        except Exception:  # Playwright's TimeoutError: still moving at the cap
            marks = page.evaluate("window.__paBench || {}")
            moving = page.evaluate(script("max_move.js")) if "firstDrawn" in marks else None
            return PyvisPage(_seconds(marks.get("firstDrawn")), None, moving)
        marks = page.evaluate("window.__paBench")
        return PyvisPage(_seconds(marks.get("firstDrawn")), _seconds(marks["stabilized"]))
    finally:
        context.close()


def _seconds(milliseconds: float | None) -> float | None:
    return None if milliseconds is None else milliseconds / 1000
