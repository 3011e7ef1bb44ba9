"""Helpers for AppTest (``streamlit.testing.v1``): the app's path, starting it on a data folder,
opening a page, and reading what a page shows as text.

The text helpers read one area at a time. ``texts(at)`` is the main area, ``sidebar_texts(at)``
the sidebar: the same words often stand in both (the active dataset, for one), and a check that
reads both at once can pass on the wrong one. ``all_texts(at)`` is for the checks that really
mean "anywhere on the page".
"""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from builders.app.session import (CONNECT_BOX, EXPORT_BOX, FILTERS_BOX, FOCUS_BOX, MORE_FILTERS_BOX,
                                  PRESENT_EXPORT_BOX)
from builders.data.files import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")
#: The elements whose value Streamlit renders as markdown.
MARKDOWN_KINDS = ("markdown", "caption", "title", "subheader", "header", "info", "warning", "error", "success",
                  "badge")
#: The elements whose value is text a reader sees: the markdown ones and code blocks (shown as typed).
TEXT_KINDS = (*MARKDOWN_KINDS, "code")


def app_test(data_dir: Path | str | None, monkeypatch, timeout: float = 60) -> AppTest:
    """The app, not yet run, on ``data_dir`` (``None``: the bundled data), as ``make run`` would open it."""
    if data_dir is None:
        monkeypatch.delenv("PAIN_ATLAS_DATA", raising=False)
    else:
        monkeypatch.setenv("PAIN_ATLAS_DATA", str(data_dir))
    return AppTest.from_file(APP, default_timeout=timeout)


def open_page(at: AppTest, page: str, **params) -> AppTest:
    """Run the app, switch to ``app_pages/<page>.py`` with the query parameters ``params``, run it."""
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"app_pages/{page}.py")
    for key, value in params.items():  # switch_page clears the URL, as a click in the sidebar does
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def open_boxes(at: AppTest) -> AppTest:
    """Open Explore's toolbar boxes (Focus, Filters and its "Relations, sources, size", Connect,
    Export) and Present's "Export for class", as clicks on them do: their widgets are made only
    while they are open."""
    for box in (FOCUS_BOX, FILTERS_BOX, MORE_FILTERS_BOX, CONNECT_BOX, EXPORT_BOX, PRESENT_EXPORT_BOX):
        at.session_state[box] = True
    at.run()
    assert not at.exception, at.exception
    return at


def _area(at, area: str):
    if area not in ("main", "sidebar", "anywhere"):
        raise ValueError(f"area is main, sidebar or anywhere, not {area!r}")
    return at if area == "anywhere" else getattr(at, area)


def raw_texts(at, area: str = "anywhere") -> list[str]:
    """Every string that ``area`` ("main", "sidebar" or "anywhere") renders as markdown, as sent to
    the browser (escapes kept), tab labels included: what a check for live markup reads."""
    root = _area(at, area)
    values = [str(getattr(e, "value", "")) for kind in MARKDOWN_KINDS for e in root.get(kind)]
    return values + [t.label for t in root.get("tabs")]


def unescape(text: str) -> str:
    """Markdown text as a reader sees it: every backslash escape removed (``\\*`` shows ``*``)."""
    return re.sub(r"\\(.)", r"\1", text)


def _shown(at, area: str) -> str:
    root = _area(at, area)
    values = [str(getattr(e, "value", "")) for kind in TEXT_KINDS for e in root.get(kind)]
    return unescape("\n".join(values + [t.label for t in root.get("tabs")]))


def texts(at) -> str:
    """What the main area of the page shows, as one string, markdown escapes removed (the text as a
    reader sees it)."""
    return _shown(at, "main")


def sidebar_texts(at) -> str:
    """What the sidebar shows, as one string, markdown escapes removed."""
    return _shown(at, "sidebar")


def all_texts(at) -> str:
    """What the whole page shows, main area and sidebar, as one string, markdown escapes removed."""
    return _shown(at, "anywhere")
