"""The five CSV files of a data folder: their columns, and reading one into rows of text.

Reading never raises for a bad file: encoding, header, ragged rows and the size limits each
become a :class:`~builders.data.model.Problem` with the file, row and field, and reading goes on
where it can. Text fields follow :mod:`builders.data.characters`: a control character is an
error anywhere, a tab or line break is an error outside the prose fields (:data:`PROSE`), and an
invisible character is a warning.

Examples
--------
>>> split_list("pain pump | IDDS|")
('pain pump', 'IDDS')
>>> list(TABLES)
['sources.csv', 'nodes.csv', 'edges.csv', 'citations.csv', 'corrections.csv']
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path
from typing import Iterator

from .characters import SPECIAL, bad_character, invisible_character
from .files import MISSING, path_problem, read_text
from .model import Problem
from .problems import quote

#: Limits that keep a hostile file from exhausting memory or time; each is reported when exceeded.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_FIELD_CHARS = 10_000

# The csv module refuses fields over 128 KiB and then cannot read on; with a higher limit the
# long field is read and reported against MAX_FIELD_CHARS with its row, and reading continues.
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))

#: Fields that are prose: they may hold tabs and line breaks; every other field is one line.
PROSE = frozenset({"description", "claim", "qualifier", "correction", "rationale", "reference"})

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
MISSING_VALUE_WORDS = {"nan", "null", "none", "na", "n/a", "nil", "undefined"}
LIST_SEPARATOR = "|"

# For each file: (required columns, optional columns, fields that must not be empty).
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "sources.csv": (("id", "title", "type", "reliability", "rationale"),
                    ("author", "year", "url", "file", "reference"),
                    ("id", "title", "type", "reliability", "rationale")),
    "nodes.csv": (("id", "label", "kind", "description"), ("aliases",),
                  ("id", "label", "kind", "description")),
    "edges.csv": (("id", "source", "relation", "target", "claim"), ("qualifier",),
                  ("id", "source", "relation", "target", "claim")),
    "citations.csv": (("what", "source", "locator", "terms"), (), ("what", "source")),
    "corrections.csv": (("id", "target", "correction"), (), ("id", "target", "correction")),
}
OPTIONAL_FILES = {"corrections.csv"}
ID_FIELDS = {"id", "source", "target", "what", "kind", "relation"}
#: Columns whose values repeat from row to row.
SHARED = frozenset({"kind", "relation", "source", "type", "reliability", "file"})


def columns_of(name: str) -> tuple[str, ...]:
    """Every column of a table, required first: the order files are written in."""
    required, optional, _ = TABLES[name]
    return (*required, *optional)


def read_table(path: Path, problems: list[Problem]) -> dict[str, list]:
    """Read one CSV file into a table: one list per column, of every column of the table
    (:func:`columns_of`) as stripped text (``""`` where the file lacks it), and ``row``, the line
    each row starts on (header = row 1). Plain lists, no data frame: loading a dataset imports no
    data-frame library (pandas takes seconds to import on a fresh server).

    Structural problems (encoding, header, ragged rows, limits) are appended to ``problems``.
    Values are stripped of surrounding white space; a warning says so for id fields.
    """
    name = path.name
    empty: dict[str, list] = {column: [] for column in ("row", *columns_of(name))}
    text = _file_text(path, problems)
    if text is None:
        return empty
    # strict: a quote that is never closed is an error, not a field that swallows the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except csv.Error as exc:
        problems.append(Problem(name, 1, "header", f"unreadable header: {exc}"))
        return empty
    first_index = _check_header(name, header, problems)
    # One scan of the file spares one per field; a tab or line break can only be inside a field
    # that the file quotes or that holds a tab.
    check_chars = SPECIAL.search(text) is not None or '"' in text or "\t" in text
    columns = _columns(reader, name, header, first_index, check_chars, problems)
    return dict(zip(("row", *columns_of(name)), columns))


def _file_text(path: Path, problems: list[Problem]) -> str | None:
    """The file's text, or ``None`` (with a problem) when it is missing, too large or empty."""
    name = path.name
    required = TABLES[name][0]
    if path_problem(path) == MISSING:
        if name not in OPTIONAL_FILES:
            problems.append(Problem(name, 0, "file", f"missing file; expected columns: {', '.join(required)}"))
        return None
    text = read_text(path, name, problems, MAX_FILE_BYTES)
    if text is None:
        return None
    if not text.strip():
        problems.append(Problem(name, 0, "file", f"the file is empty; it needs a header row: {', '.join(required)}"))
        return None
    return text


def _check_header(name: str, header: list[str], problems: list[Problem]) -> dict[str, int]:
    """Report repeated, missing and unknown columns; returns each column's first position."""
    required, optional, _ = TABLES[name]
    counts = Counter(header)
    for column, count in counts.items():
        if count > 1:
            problems.append(Problem(name, 1, column or "(blank)", f"column appears {count} times in the header"))
    for column in required:
        if column not in counts:
            problems.append(Problem(name, 1, column, "missing column"))
    known = set(required) | set(optional)
    for column in counts:
        if column not in known:
            hint = f"; did you mean {column.casefold()!r}? column names are lower-case" \
                if column.casefold() in known else ""
            problems.append(Problem(name, 1, column or "(blank)", f"unknown column, ignored{hint}", "warning"))
    first: dict[str, int] = {}
    for index, column in enumerate(header):
        first.setdefault(column, index)
    return first


def _columns(reader, name: str, header: list[str], first_index: dict[str, int], check_chars: bool,
             problems: list[Problem]) -> list[list]:
    """The data rows' stripped text as one list per column, the row numbers first.

    Columns, not a record per row: a million rows as dicts took three times the memory of their
    text. Values that repeat down a column (kinds, relations, sources) are stored once.
    """
    known = columns_of(name)
    columns: list[list] = [[] for _ in range(len(known) + 1)]
    shared = [{} if column in SHARED else None for column in ("row", *known)]
    line = 1
    while True:
        start = line + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            reason = ("a quote opened in this row is never closed" if "unexpected end of data" in str(exc)
                      else f"unreadable row ({exc})")
            problems.append(Problem(name, start, "row", f"{reason}; the rest of the file was not read"))
            break
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(columns[0]) >= MAX_ROWS:
            problems.append(Problem(name, start, "row", f"more than {MAX_ROWS:,} rows; the rest was not read"))
            break
        if len(values) > len(header):
            problems.append(Problem(name, start, "row", f"{len(values)} fields but the header has {len(header)}; "
                                    "is a comma missing its quotes?"))
            continue
        record = _record(name, start, values, known, first_index, check_chars, problems)
        if record is not None:
            for column, same, value in zip(columns, shared, record):
                column.append(value if same is None else same.setdefault(value, value))
    return columns


def _record(name: str, row: int, values: list[str], known, first_index: dict[str, int], check_chars: bool,
            problems: list[Problem]) -> list | None:
    """One row's known fields, checked for length and invisible characters; ``None`` if too long."""
    record: list = [row]
    too_long = False
    for column in known:
        index = first_index.get(column)
        raw = values[index] if index is not None and index < len(values) else ""
        if len(raw) > MAX_FIELD_CHARS:
            problems.append(Problem(name, row, column, f"{len(raw):,} characters; the limit is {MAX_FIELD_CHARS:,}"))
            too_long = True
        value = raw.strip()
        if column in ID_FIELDS and value and value != raw:
            problems.append(Problem(name, row, column, f"spaces around {quote(value)} were ignored", "warning"))
        if check_chars and value and not _characters_ok(name, row, column, value, problems):
            too_long = True  # the row is left out, as a row with a field too long is
        record.append(value)
    return None if too_long else record


def _characters_ok(name: str, row: int, column: str, value: str, problems: list[Problem]) -> bool:
    """Report a character the field may not hold (an error) or an invisible one (a warning)."""
    bad = bad_character(value, one_line=column not in PROSE)
    if bad:
        problems.append(Problem(name, row, column, bad))
        return False
    invisible = invisible_character(value)
    if invisible:
        problems.append(Problem(name, row, column, invisible, "warning"))
    return True


def split_list(value: str) -> tuple[str, ...]:
    """Split a ``|``-separated cell into its non-empty, stripped parts."""
    return tuple(part.strip() for part in value.split(LIST_SEPARATOR) if part.strip())


def rows(table: dict[str, list]) -> Iterator[dict]:
    """The rows of a table that :func:`read_table` read, each a dict of its own (the columns zipped)."""
    columns = list(table)
    return (dict(zip(columns, values)) for values in zip(*(table[c] for c in columns)))
