"""Problem lists: which are errors and which warnings, their order, and the report as a table.

Every check in the project reports :class:`~builders.data.model.Problem` records; this module
is the one place that splits them by severity, sorts them for people and writes them as CSV.

Examples
--------
>>> found = [Problem("a.csv", 2, "id", "bad"), Problem("a.csv", 3, "id", "odd", "warning")]
>>> [p.row for p in errors_in(found)], [p.row for p in warnings_in(found)], has_errors(found)
([2], [3], True)
"""

from __future__ import annotations

from typing import Iterable, Sequence

from ..escape import safe_csv
from .model import Problem

COLUMNS = ["file", "row", "field", "severity", "message"]


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that stop the data from validating."""
    return [p for p in problems if p.severity == "error"]


def warnings_in(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that let the data validate but look wrong."""
    return [p for p in problems if p.severity != "error"]


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


class ProblemReport:
    """Mixin for results that carry ``problems``: ``errors``, ``warnings`` and ``ok``."""

    problems: Sequence[Problem]

    @property
    def errors(self) -> list[Problem]:
        return errors_in(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return warnings_in(self.problems)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def problems_frame(problems: Sequence[Problem]):
    """Problems as a table with the columns file, row, field, severity and message."""
    import pandas as pd  # only the reports need it

    return pd.DataFrame([p.as_dict() for p in problems], columns=COLUMNS)


#: How a report people read names a problem with a file as a whole (row 0 in the CSV report).
WHOLE_FILE = "whole file"


def readable_rows(frame):
    """A problem table for people: row 0 reads "whole file" (the CSV report keeps the number).

    >>> list(readable_rows(problems_frame([Problem("a.csv", 0, "x", "m"), Problem("a.csv", 3, "y", "n")]))["row"])
    ['whole file', '3']
    """
    readable = frame.copy()
    readable["row"] = [WHOLE_FILE if row == 0 else str(row) for row in frame["row"]]
    return readable


def problems_csv(problems: Sequence[Problem]) -> str:
    """A problem report as CSV (file, row, field, severity, message), safe to open in a spreadsheet."""
    return safe_csv(problems_frame(problems))


def sorted_problems(problems: Iterable[Problem], file_order: Sequence[str]) -> list[Problem]:
    """Problems without repeats, by file (``file_order`` first), row, field and message."""
    def key(problem: Problem):
        known = file_order.index(problem.file) if problem.file in file_order else len(file_order)
        return (known, problem.file, problem.row, problem.field, problem.message)

    return sorted(set(problems), key=key)
