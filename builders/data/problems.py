"""Problem lists: which are errors and which warnings, their order, their size, how they quote the
data, and the report as a table.

Every check in the project reports :class:`~builders.data.model.Problem` records; this module
is the one place that splits them by severity, sorts them for people and writes them as CSV.

A report stays small whatever the data: a message quotes at most :data:`MAX_QUOTED` characters of
a value (:func:`quote`) and names at most a few of the allowed values (:func:`choices`), and a
:class:`Problems` list keeps the first :data:`MAX_PER_FILE` problems of each file (at most
:data:`MAX_PROBLEMS` in all); one more line per file says how many more there were.

Examples
--------
>>> found = [Problem("a.csv", 2, "id", "bad"), Problem("a.csv", 3, "id", "odd", "warning")]
>>> [p.row for p in errors_in(found)], [p.row for p in warnings_in(found)], has_errors(found)
([2], [3], True)
>>> quote("x" * 500)[-5:], len(quote("x" * 500))
("xxx…'", 123)
>>> choices(["drug", "risk"]), choices([f"kind-{i}" for i in range(1000)])[-25:]
('drug, risk', 'kind-18, … (1,000 in all)')
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

from ..escape import safe_csv
from .model import Problem

COLUMNS = ["file", "row", "field", "severity", "message"]
#: Most characters of one value a message quotes; longer values are cut with "…".
MAX_QUOTED = 120
#: Most characters of allowed values a message lists ("one of: ...").
MAX_CHOICES = 160
#: Most problems a report keeps for one file, and in all; the rest are counted.
MAX_PER_FILE, MAX_PROBLEMS = 1_000, 5_000
#: ``Problem.field`` of the line that counts the problems left out.
MORE = "report"
#: Problems about a file as a whole (unreadable, too large, not read to the end) are kept past
#: the cap, up to this many per file: they say why the rest looks as it does.
MAX_ABOUT_FILE = 20
_FILE_FIELDS = frozenset({"file", "folder", "encoding", "header", "yaml", "size", "path"})


def _about_the_file(problem: Problem) -> bool:
    return problem.field in _FILE_FIELDS or problem.message.endswith("was not read")


def quote(value, limit: int = MAX_QUOTED) -> str:
    """A value from the data as a message quotes it: its ``repr``, at most ``limit`` characters
    of it, cut with "…". Lists and other values are named by their type, never written out (YAML
    aliases can make a short file hold an enormous list)."""
    if isinstance(value, str):
        return repr(value[:limit] + "…") if len(value) > limit else repr(value)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        return repr(value) if value.bit_length() < 200 else "a very large number"
    if isinstance(value, float):
        return repr(value)
    return f"a {type(value).__name__}"


def clip(text: str, limit: int = MAX_QUOTED) -> str:
    """Text from the data, unquoted, cut to ``limit`` characters with "…" (for values that a
    check has already found to be plain, such as a locator or a file name)."""
    return text if len(text) <= limit else text[:limit] + "…"


def choices(names: Iterable, limit: int = MAX_CHOICES, sep: str = ", ") -> str:
    """Allowed values for a message, "a, b, c": as many as fit in ``limit`` characters, then how
    many there are in all. Reads only the names it shows when ``names`` has a length."""
    iterator = iter(names)
    shown, size = [], 0
    for name in iterator:
        text = str(name) if len(str(name)) <= 40 else str(name)[:40] + "…"
        if size + len(text) > limit:
            total = len(names) if hasattr(names, "__len__") else len(shown) + 1 + sum(1 for _ in iterator)
            return sep.join(shown) + f"{sep}… ({total:,} in all)"
        shown.append(text)
        size += len(text) + len(sep)
    return sep.join(shown)


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
    """Problems without repeats, by file (``file_order`` first), row, field and message; for a
    :class:`Problems` list, each file's count of the problems left out comes after its own."""
    def key(problem: Problem):
        known = file_order.index(problem.file) if problem.file in file_order else len(file_order)
        return (known, problem.file, problem.field == MORE, problem.row, problem.field, problem.message)

    listed = problems.listed() if isinstance(problems, Problems) else problems
    return sorted(set(listed), key=key)


class Problems(list):
    """A problem list of bounded size: it keeps the first ``per_file`` problems of each file, and at
    most ``most`` in all, and counts the others by file and severity.

    Appending costs the same whether a problem is kept or counted, so checking a file with a
    million bad rows makes a report of a few thousand lines. :meth:`listed` gives the kept
    problems plus one line per file saying how many more there were; that line is an error when
    any problem left out was one, so a report never reads cleaner than the data is.

    >>> found = Problems(per_file=2)
    >>> found += [Problem("a.csv", row, "id", "bad") for row in range(2, 7)]
    >>> [p.format() for p in found.listed()][-1]
    'a.csv: report: … and 3 more problem(s) in this file (3 error(s), 0 warning(s)) not listed; fix these first'
    """

    def __init__(self, problems: Iterable[Problem] = (), *, per_file: int = MAX_PER_FILE, most: int = MAX_PROBLEMS):
        super().__init__()
        self.per_file, self.most = per_file, most
        self._kept: Counter = Counter()
        self._more: dict[str, list[int]] = {}
        self.extend(problems)

    def append(self, problem: Problem) -> None:
        if len(self) < self.most and self._kept[problem.file] < self.per_file:
            self._kept[problem.file] += 1
            super().append(problem)
        elif _about_the_file(problem) and self._kept[(problem.file, MORE)] < MAX_ABOUT_FILE:
            self._kept[(problem.file, MORE)] += 1  # what happened to the file as a whole always shows
            super().append(problem)
        else:
            counts = self._more.setdefault(problem.file, [0, 0])
            counts[problem.severity != "error"] += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def __iadd__(self, problems: Iterable[Problem]) -> "Problems":
        self.extend(problems)
        return self

    def insert(self, index, problem: Problem) -> None:  # order is set by sorted_problems
        self.append(problem)

    def left_out(self) -> list[Problem]:
        """One line per file that had more problems than were kept."""
        return [Problem(file, 0, MORE, f"… and {errors + warnings:,} more problem(s) in this file ({errors:,} "
                        f"error(s), {warnings:,} warning(s)) not listed; fix these first",
                        "error" if errors else "warning")
                for file, (errors, warnings) in self._more.items()]

    def listed(self) -> list[Problem]:
        """The kept problems, then the lines that count the others."""
        return list(self) + self.left_out()
