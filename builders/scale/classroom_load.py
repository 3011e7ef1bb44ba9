"""The classroom load test: many sessions on one app server, as a class following a teacher.

Each simulated student is a session of Streamlit's own protocol over its websocket (what the
browser sends: a ``BackMsg`` asking for a script run with the widgets' values; what it gets back:
``ForwardMsg`` deltas until ``script_finished``), so that thirty of them load the server, not the
2-core machine's browser. Each opens Explore, clicks nodes and claims there (the graph component's
value, as a click in the page sets it, rerunning only its fragment when there is one), then steps
through a tour on Present (its Next button), thinking one to three seconds between actions. One
real Chromium session (:mod:`.interaction_steps`) clicks in the explorer meanwhile: its
click-to-text is the number a person in the class would feel.

Memory per idle session is the server process's resident memory (``/proc/PID/status``) once the
sessions have all opened Explore and sit idle, less what it held before they came, over their
number.
"""

from __future__ import annotations

import json
import random
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from ..app.component import COMPONENT_NAME
from . import interaction_steps as steps
from .browser import streamlit_server

GRAPH_COMPONENT = COMPONENT_NAME
THINK_S = (1.0, 3.0)
TIMEOUT_S = 120.0


def rss_mb(pid: int) -> float | None:
    """The resident memory of a process, in MB (Linux's ``/proc``; ``None`` elsewhere)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@dataclass
class Run:
    """One script run as a client sees it: seconds from the request to ``script_finished``, and
    the widgets and the graph it drew."""

    seconds: float
    widgets: dict[str, str] = field(default_factory=dict)  # label or key -> widget id
    graph: tuple[str, str] | None = None  # the graph component's widget id and fragment id
    pages: dict[str, str] = field(default_factory=dict)  # url path -> page script hash
    received: int = 0  # bytes


class Session:
    """One browser tab's worth of Streamlit protocol: open a page, set widget values, rerun."""

    def __init__(self, url: str):
        from websockets.sync.client import connect
        parts = urlsplit(url)
        self.socket = connect(f"ws://{parts.netloc}/_stcore/stream", subprotocols=["streamlit"], origin=url,
                              max_size=None, open_timeout=TIMEOUT_S)
        self.page, self.query, self.pages = "", "", {}

    def close(self) -> None:
        self.socket.close()

    def run(self, widgets=(), fragment: str = "") -> Run:
        """Ask for a script run (of the page's fragment ``fragment``) with these widget states
        (``(id, field, value)``); wait for it to finish."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string, state.page_script_hash, state.fragment_id = self.query, self.page, fragment
        for widget_id, name, value in widgets:
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            setattr(widget, name, value)
        start = time.perf_counter()
        self.socket.send(message.SerializeToString())
        run = Run(0.0)
        while True:
            raw = self.socket.recv(timeout=TIMEOUT_S)
            run.received += len(raw)
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "delta":
                _note_element(run, forward.delta)
            elif kind == "page_info_changed":  # the app rewrote the URL: the browser follows
                self.query = forward.page_info_changed.query_string
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in forward.navigation.app_pages}
            elif kind == "script_finished":
                run.seconds = time.perf_counter() - start
                run.pages = self.pages
                return run

    def open(self, path: str = "", query: str = "") -> Run:
        """Open a page of the app (``""`` is Explore, ``"present"`` ...) with a query string."""
        self.page, self.query = self.pages.get(path, ""), query
        return self.run()


def _note_element(run: Run, delta) -> None:
    if delta.WhichOneof("type") != "new_element":
        return
    kind = delta.new_element.WhichOneof("type")
    element = getattr(delta.new_element, kind)
    if kind == "bidi_component" and element.component_name == GRAPH_COMPONENT:
        run.graph = (element.id, delta.fragment_id)
    elif getattr(element, "id", "") and getattr(element, "label", ""):
        run.widgets.setdefault(element.label, element.id)


def click(session: Session, opened: Run, kind: str, item: str) -> float:
    """Click a node or a claim of Explore's graph, as the component reports a click."""
    graph_id, fragment = opened.graph
    value = json.dumps({"selected": {"kind": kind, "id": item}})
    return session.run([(graph_id, "json_value", value)], fragment).seconds


@dataclass
class Class:
    """The signals of a class: all have opened Explore (``ready``), start (``go``), the end of
    the test (``done``, when they disconnect)."""

    size: int
    ready: threading.Barrier = None
    go: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self):
        self.ready = threading.Barrier(self.size + 1)


@dataclass
class Student:
    """What one simulated student did: seconds per explorer click and per tour step."""

    clicks: list[float] = field(default_factory=list)
    steps: list[float] = field(default_factory=list)
    error: str = ""
    finished: threading.Event = field(default_factory=threading.Event)


def student(url: str, targets: list[tuple[str, str]], tour: str | None, actions: int, seed: int,
            school: Class, out: Student) -> None:
    """Open Explore, wait for the class, then click ``actions`` nodes or claims and step through the
    tour ``actions`` times, thinking between actions; then stay connected, idle, until the end."""
    rng = random.Random(seed)
    session = opened = None
    try:
        session = Session(url)
        opened = session.run()
        if opened.graph is None:
            raise RuntimeError("no graph on Explore")
    except Exception as error:  # a failed student is reported, not raised: the others go on
        out.error = f"{type(error).__name__}: {error}"
    try:
        school.ready.wait(TIMEOUT_S)
        school.go.wait(TIMEOUT_S)
        if not out.error:
            _act(session, opened, targets, tour, actions, rng, out)
    except Exception as error:
        out.error = out.error or f"{type(error).__name__}: {error}"
    finally:
        out.finished.set()
        school.done.wait(TIMEOUT_S * 4)
        if session is not None:
            session.close()


def _act(session: Session, opened: Run, targets, tour, actions: int, rng: random.Random, out: Student) -> None:
    for _ in range(actions):
        time.sleep(rng.uniform(*THINK_S))
        kind, item = rng.choice(targets)
        out.clicks.append(click(session, opened, kind, item))
    if tour:
        present = session.open("present", f"tour={tour}&step=1")
        for number in range(actions):
            time.sleep(rng.uniform(*THINK_S))
            button = present.widgets.get("Next" if (number // 4) % 2 == 0 else "Previous")
            if button:
                out.steps.append(session.run([(button, "trigger_value", True)]).seconds)
    session.open("", "")  # back to Explore, and idle there


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


# --------------------------------------------------------------------------- one level

def classroom_level(browser, data_dir: Path | None, bare_page, G, sessions: int, reps: int, actions: int,
                    tour: str | None, seed: int = 1) -> dict:
    """``sessions`` sessions on one new server: a Chromium tab that clicks in the explorer, paired
    with the bare app's clicks, while ``sessions - 1`` simulated students click and step."""
    started: list = []
    with streamlit_server(data_dir, started=started) as url:
        pid = started[0].pid
        context = steps.probed_context(browser)
        try:
            page = steps.open_app(context, url)
            targets = steps.click_targets(page, G)
            chosen = [item for item in steps.clickable(page) if item in targets.headings]
            steps.explore_click(page, targets, 0)  # the server's caches warm, as in a class
            before = rss_mb(pid)
            school = Class(sessions - 1)
            students = [Student() for _ in range(school.size)]
            threads = [threading.Thread(target=student, daemon=True,
                                        args=(url, chosen, tour, actions, seed + i, school, students[i]))
                       for i in range(school.size)]
            for thread in threads:
                thread.start()
            school.ready.wait(TIMEOUT_S)
            opened = rss_mb(pid)
            school.go.set()
            clicks, bare = _observe(page, bare_page, targets, reps, students)
            idle = rss_mb(pid)
            school.done.set()
            for thread in threads:
                thread.join(TIMEOUT_S)
        finally:
            context.close()
    return _level_result(sessions, clicks, bare, students, before, opened, idle)


def _observe(page, bare_page, targets, reps: int, students: list[Student]) -> tuple[list[float], list[float]]:
    """The browser's clicks, each after one of the bare app, until the students are done (at least ``reps``)."""
    clicks, bare = [], []
    number = 1
    while number <= reps or (not all(s.finished.is_set() for s in students) and number <= 20 * reps):
        bare.append(steps.bare_click(bare_page))
        clicks.append(steps.explore_click(page, targets, number))
        number += 1
    for one in students:
        one.finished.wait(TIMEOUT_S)
    return clicks, bare


def _level_result(sessions: int, clicks, bare, students: list[Student], before, opened, idle) -> dict:
    student_clicks = [t for s in students for t in s.clicks]
    student_steps = [t for s in students for t in s.steps]
    per_session = (opened - before) / len(students) if students and opened and before else None
    return {
        "sessions": sessions, "browser_clicks": clicks, "bare_clicks": bare,
        "browser_click": median(clicks), "bare_click": median(bare),
        "student_click": median(student_clicks), "student_click_p90": _p90(student_clicks),
        "student_step": median(student_steps), "student_actions": len(student_clicks) + len(student_steps),
        "errors": [s.error for s in students if s.error],
        "rss_before_mb": before, "rss_open_mb": opened, "rss_after_mb": idle, "idle_session_mb": per_session,
    }


def _p90(values: list[float]) -> float | None:
    return sorted(values)[int(0.9 * (len(values) - 1))] if values else None
