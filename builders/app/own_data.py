"""Your own data in the app: take an uploaded zip, report on it, and switch the session to it.

The "Your data" page only draws widgets; what happens to an upload is here, as plain functions
of the upload's bytes and the session state (any mutable mapping), so that tests can call them
without a browser.

- :func:`handle_upload` checks the size, unpacks the zip into a fresh temporary folder
  (:func:`builders.data.upload.load_upload`; never inside ``graph_data/``), validates the data and its
  tours, and returns a :class:`Report`. A clean upload (warnings allowed, no errors) becomes the
  session's dataset: ``state["data_dir"]``, which :func:`builders.app.bundle.current_bundle` reads.
  An upload with errors changes nothing: the session keeps the data it had.
- :func:`reset` returns the session to the app's own data.
- Switching clears the view state that names nodes, claims or sources of the old data (focus,
  selection, path finder, filters, and the teaching pages' choices).

Uploads are unpacked under one temporary folder per server process, one folder per session and
one per upload (:mod:`builders.app.upload_folders`): an upload's folder is removed as soon as it
stops being used, a session's when the session ends, a server's when it stops; nothing stays.
An upload interrupted by the user (leaving the page, choosing another zip) is finished all the
same: its report is kept and shown when the user comes back to the page.

Examples
--------
>>> from builders.data.upload import dataset_template_zip
>>> state = {}
>>> report = handle_upload(dataset_template_zip(), "template.zip", state)
>>> report.adopted, report.errors, state["data_name"]
(True, [], 'template.zip')
>>> refused = handle_upload(b"not a zip", "notes.zip", state)
>>> refused.summary()
'notes.zip was not loaded: 1 error(s), 0 warning(s).'
>>> len(refused.frame("NOT A ZIP")), len(refused.frame("nodes.csv")), len(refused.frame(" "))
(1, 0, 1)
>>> state["data_name"]          # the bad upload changed nothing
'template.zip'
>>> reset(state); "data_dir" in state
False
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, MutableMapping

import pandas as pd

from ..data.files import DataFolder, megabytes, over_limit
from ..data.model import Problem, counts_text
from ..data.problems import ProblemReport, has_errors, problems_csv, problems_frame, readable_rows  # noqa: F401
from ..data.tables import MAX_FIELD_CHARS, MAX_ROWS
from ..data.upload import UPLOAD, Limits, dataset_template_zip, dataset_zip, load_upload  # noqa: F401 (for the page)
from ..graph.build import build_graph
from ..teach.tour_files import validate_tours
from .session import DATA_DIR, DATA_NAME, DATA_SOURCES, UPLOAD_REFUSED, UPLOAD_REPORT, forget_dataset_state
from .upload_folders import remove as _remove
from .upload_folders import session_folder, uploads_root  # noqa: F401 (tests look here)


# --------------------------------------------------------------------------- the report

@dataclass(frozen=True)
class Report(ProblemReport):
    """What became of one upload: its problems, and whether it is now the session's dataset."""

    name: str
    size: int
    problems: tuple[Problem, ...]
    adopted: bool
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @cached_property
    def _frame(self) -> pd.DataFrame:
        return problems_frame(list(self.problems))

    @cached_property
    def _haystack(self) -> pd.Series:
        text = self._frame.astype(str)
        joined = text["file"]
        for column in text.columns[1:]:
            joined = joined + "\x1f" + text[column]
        return joined.str.casefold()

    def frame(self, query: str = "") -> pd.DataFrame:
        """One row per problem (file, row, field, severity, message); with ``query``, the rows in
        which any column contains it, ignoring case. Built once per report (a report can hold
        hundreds of thousands of rows, and the page searches it on every keystroke)."""
        query = query.strip().casefold()
        if not query or self._frame.empty:
            return self._frame
        return self._frame[self._haystack.str.contains(query, regex=False).to_numpy()]

    def csv(self) -> str:
        """The report as CSV, formula-like cells neutralised."""
        return problems_csv(list(self.problems))

    def summary(self) -> str:
        """One sentence for the top of the report (plain text: escape it before markdown)."""
        if not self.adopted:
            return f"{self.name} was not loaded: {len(self.errors)} error(s), {len(self.warnings)} warning(s)."
        found = counts_text(self.counts)
        notes = f"; {len(self.warnings)} warning(s) to read below" if self.warnings else "; no problems found"
        if not self.counts.get("nodes"):
            notes += " (it has no nodes yet: fill in the CSV files and upload it again)"
        return f"{self.name} is now this session's dataset: {found}{notes}."


def by_file(frame: pd.DataFrame, most: int = 12) -> list[tuple[str, pd.DataFrame]]:
    """The report grouped by file, in the report's order; past ``most`` files, the rest as one group.

    >>> frame = problems_frame([Problem("a.csv", 2, "x", "m"), Problem("b.csv", 0, "y", "n")])
    >>> [(name, len(group)) for name, group in by_file(frame, most=1)]
    [('a.csv', 1), ('other files', 1)]
    """
    files = list(dict.fromkeys(frame["file"]))
    groups = [(name, frame[frame["file"] == name]) for name in files[:most]]
    if len(files) > most:
        groups.append(("other files", frame[frame["file"].isin(files[most:])]))
    return groups


def limits_text(limits: Limits | None = None) -> str:
    """The limits an upload must keep, as one sentence."""
    limits = limits or Limits.from_env()
    return (f"A zip of at most {megabytes(limits.max_upload_bytes)} holding at most {limits.max_files:,} files "
            f"and {megabytes(limits.max_total_bytes)} once unpacked; each CSV file at most {MAX_ROWS:,} rows, "
            f"each field at most {MAX_FIELD_CHARS:,} characters.")


# --------------------------------------------------------------------------- switching

def reset(state: MutableMapping) -> None:
    """Back to the app's own data (the bundled data, or ``--data DIR``)."""
    folder = state.pop(DATA_DIR, None)
    for key in (DATA_NAME, DATA_SOURCES, UPLOAD_REFUSED, UPLOAD_REPORT):
        state.pop(key, None)
    forget_dataset_state(state)
    _remove(folder)


def handle_upload(data: bytes, name: str, state: MutableMapping, *, limits: Limits | None = None,
                  progress: Callable[[str], None] | None = None) -> Report:
    """Check an uploaded zip and, when it has no errors, make it the session's dataset.

    Parameters
    ----------
    data, name : bytes, str
        The zip as uploaded, and its file name for the messages (data: escape it before markdown).
    state : mutable mapping
        The session state (``st.session_state``); the report is kept under ``UPLOAD_REPORT``.
    limits : Limits, optional
        By default :meth:`Limits.from_env`.
    progress : callable, optional
        Called with a short sentence as each step starts.

    Returns
    -------
    Report
        The problems of the zip, of its data and of its tours; ``adopted`` when the session
        now shows it.
    """
    limits = limits or Limits.from_env()
    started = time.perf_counter()

    def finish(problems, counts=None) -> Report:
        report = Report(name, len(data), tuple(problems), counts is not None, counts or {},
                        time.perf_counter() - started)
        _keep_report(state, report)
        return report

    if len(data) > limits.max_upload_bytes:
        return finish([Problem(UPLOAD, 0, "size", f"the upload is {over_limit(len(data), limits.max_upload_bytes)}; "
                               "zip only the dataset's files, or ask for a higher limit "
                               "(PAIN_ATLAS_MAX_UPLOAD_MB)")])
    say = _Progress(progress)
    dest = Path(tempfile.mkdtemp(prefix="upload-", dir=session_folder(state)))
    try:
        report = _check(data, name, dest, state, limits, say, finish)
    except BaseException:
        _remove(dest)  # whatever stopped the check, its folder does not stay behind
        raise
    say.resume()
    return report


def _check(data: bytes, name: str, dest: Path, state: MutableMapping, limits: Limits, say, finish) -> Report:
    """Unpack and validate an upload in ``dest``; adopt it when it has no errors, else remove it."""
    say("Unpacking the zip and validating every file…")
    result = load_upload(data, dest, max_upload_bytes=limits.max_upload_bytes,
                         max_total_bytes=limits.max_total_bytes, max_files=limits.max_files)
    problems = list(result.problems)
    if result.folder is not None:
        say("Checking the tours…")
        problems += _tour_problems(result.folder, result.dataset)
    if has_errors(problems):
        _remove(dest)
        return finish(problems)
    _adopt(state, result.folder, name)
    return finish(problems, result.dataset.counts())


class _Progress:
    """Passes progress sentences on; if passing one on is interrupted (Streamlit stops a script
    run when the user leaves the page or picks another file, by raising from the next call that
    draws), the check goes on quietly and the interruption is raised again once its report is kept."""

    def __init__(self, progress: Callable[[str], None] | None):
        self.progress, self.stopped = progress, None

    def __call__(self, text: str) -> None:
        if self.progress is None or self.stopped is not None:
            return
        try:
            self.progress(text)
        except BaseException as exc:  # Streamlit's StopException and RerunException are BaseExceptions
            self.stopped = exc

    def resume(self) -> None:
        if self.stopped is not None:
            raise self.stopped


def _keep_report(state: MutableMapping, report: Report) -> None:
    state[UPLOAD_REPORT] = report
    if report.adopted:
        state.pop(UPLOAD_REFUSED, None)
    else:
        state[UPLOAD_REFUSED] = report.name


def _adopt(state: MutableMapping, folder: DataFolder, name: str) -> None:
    """Make an unpacked upload the session's dataset, and forget the old one's view state."""
    previous = state.get(DATA_DIR)
    state[DATA_DIR] = str(folder.root)
    state[DATA_NAME] = name
    sources = folder.root / "sources"
    if sources.is_dir():
        state[DATA_SOURCES] = str(sources)   # the upload's own texts, as load_upload used them
    else:
        state.pop(DATA_SOURCES, None)
    forget_dataset_state(state)
    if previous and previous != str(folder.root):
        _remove(previous)


def _tour_problems(folder: DataFolder, dataset) -> list[Problem]:
    """The problems of the upload's tours, as ``pain-atlas validate`` checks them."""
    if not folder.tour_files():
        return []
    return validate_tours(folder, dataset, build_graph(dataset)).problems


def last_report(state: MutableMapping) -> Report | None:
    return state.get(UPLOAD_REPORT)
