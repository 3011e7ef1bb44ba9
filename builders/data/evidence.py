"""Evidence: citation locators, checks against source text, and evidence status.

A citation to a source document names lines (``L17``, ``L15-L17``) of the file as stored, one
paragraph per line, and a few evidence terms that must occur on those lines. Lines are counted as
editors count them (:func:`split_lines`). The status of a node or claim follows from the
reliability of the sources that cite it and from corrections.

A locator names at most :data:`MAX_RANGES` ranges and :data:`MAX_CITED_LINES` lines, and the lines
it names hold at most :data:`MAX_CITED_CHARS` characters, so checking a citation costs little
whatever the source text holds.

Examples
--------
>>> parse_locator("L15-L17")
[(15, 17)]
>>> parse_locator("L3, L7-L8")
[(3, 3), (7, 8)]
>>> parse_locator("page 4") is None
True
>>> split_lines("one\\r\\ntwo\\rthree\\x0cstill three\\u2028still three\\n")
['one', 'two', 'three\\x0cstill three\\u2028still three']
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .files import FILE, FOLDER, MISSING, path_problem
from .model import TRUSTED_RELIABILITIES, Citation, Correction, Dataset, Source, Status
from .problems import clip, quote

# Line numbers of at most nine digits: a longer one is no line of any file (and int() of
# thousands of digits is slow, or refused).
_RANGE = re.compile(r"^L(\d{1,9})(?:\s*-\s*L?(\d{1,9}))?$")
_LINE_BREAK = re.compile("\r\n|\r|\n")
#: Most ranges and lines one locator may name, and most characters the lines it names may hold.
MAX_RANGES, MAX_CITED_LINES, MAX_CITED_CHARS = 20, 200, 50_000


def parse_locator(locator: str) -> list[tuple[int, int]] | None:
    """Parse a line locator into inclusive ``(first, last)`` line ranges.

    Returns ``None`` when the text is not a line locator. The list is the caller's own: the
    parsing itself is cached (see :func:`_locator_ranges`).
    """
    ranges = _locator_ranges(locator)
    return None if ranges is None else list(ranges)


# A dataset repeats a few hundred locators across tens of thousands of citations, so each is
# parsed once. The cache holds immutable tuples; parse_locator hands out fresh lists.
@lru_cache(maxsize=16384)
def _locator_ranges(locator: str) -> tuple[tuple[int, int], ...] | None:
    parts = [p.strip() for p in locator.split(",")]
    ranges = []
    for part in parts:
        match = _RANGE.match(part)
        if not match:
            return None
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first < 1 or last < first:
            return None
        ranges.append((first, last))
    return tuple(ranges)


def normalise_text(text: str) -> str:
    """Fold case, typographic quotes and runs of white space, so terms match as a reader sees them.

    >>> normalise_text("Let’s  GO")
    "let's go"
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split()).casefold()


# Evidence terms repeat across citations ("pump", "morphine"); normalising each once is enough.
_normalised_term = lru_cache(maxsize=16384)(normalise_text)


def split_lines(text: str) -> list[str]:
    """The lines of a text as editors count them: a line ends at ``\\n``, ``\\r\\n`` or ``\\r``.

    A form feed, a vertical tab, U+0085, U+2028 or U+2029 is not a line break, although
    :meth:`str.splitlines` splits on them: citations count the lines an editor shows.
    """
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@lru_cache(maxsize=64)
def _read_lines(path: str, mtime: float) -> tuple[str, ...]:
    # The mtime argument is part of the cache key, so an edited file is read again.
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        return tuple(split_lines(handle.read()))


class SourceTexts:
    """Read-only access to the lines of the source documents in one folder."""

    def __init__(self, folder: Path | str | None):
        self.folder = Path(folder) if folder else None

    @property
    def available(self) -> bool:
        return self.folder is not None and path_problem(self.folder, FOLDER) is None

    def lines(self, file_name: str) -> tuple[str, ...] | None:
        """The file's lines, or ``None`` when the file is not there or cannot be read."""
        if not self.available:
            return None
        path = self.folder / file_name
        if path_problem(path, FILE) is not None:
            return None
        try:
            return _read_lines(str(path), path.stat().st_mtime)
        except OSError:
            return None

    def why_not(self, file_name: str) -> str:
        """Why :meth:`lines` gave ``None`` for a file, as the end of a sentence."""
        problem = path_problem(self.folder / file_name, FILE) if self.folder else None
        return f"not found in {self.folder}" if problem in (None, MISSING) else f"{problem} (in {self.folder})"

    def cited_text(self, file_name: str, locator: str, lines: tuple[str, ...],
                   ranges: tuple[tuple[int, int], ...]) -> str:
        """The cited lines joined by spaces and normalised, as evidence terms are matched.

        Parameters
        ----------
        file_name, locator : str
            The cited file and the locator as written.
        lines : tuple of str
            The file's lines, as :meth:`lines` returned them.
        ranges : tuple of (int, int)
            The parsed locator, every line within ``lines``.
        """
        return normalise_text(" ".join(lines[i - 1] for first, last in ranges for i in range(first, last + 1)))


class SnapshotTexts(SourceTexts):
    """Source texts looked up once per load, not once per citation.

    Checking each citation used to stat the folder and the file again; with 200,000 citations
    that was most of the time of a load. One load sees one snapshot of the folder, and many
    citations cite the same lines, so their text is kept per ``(file, locator)`` too. It is
    reused only while ``lines`` is the very tuple it was made from: a file edited on disk is
    read into a new tuple, so stale text is never served.
    """

    def __init__(self, folder: Path | str | None):
        super().__init__(folder)
        self._available = super().available
        self._lines: dict[str, tuple[str, ...] | None] = {}
        self._cited: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {}

    @property
    def available(self) -> bool:
        return self._available

    def lines(self, file_name: str) -> tuple[str, ...] | None:
        if file_name not in self._lines:
            self._lines[file_name] = super().lines(file_name)
        return self._lines[file_name]

    def cited_text(self, file_name, locator, lines, ranges) -> str:
        key = (file_name, locator)
        hit = self._cited.get(key)
        if hit is not None and hit[0] is lines:
            return hit[1]
        text = super().cited_text(file_name, locator, lines, ranges)
        self._cited[key] = (lines, text)
        return text


def check_citation(citation: Citation, source: Source, texts: SourceTexts) -> list[tuple[str, str]]:
    """Check a citation against its source; returns ``(field, message)`` pairs.

    Locators and terms of source documents are checked only when their text is available.
    """
    problems: list[tuple[str, str]] = []
    if not source.is_document:
        if citation.terms:
            problems.append(("terms", f"source {quote(source.id)} is a reference with no text offline; leave terms empty"))
        return problems
    ranges = _locator_ranges(citation.locator)  # cached; read only here
    if not citation.locator:
        return [("locator", f"a citation to source document {quote(source.id)} needs a line locator such as L17 or L15-L17")]
    if ranges is None:
        return [("locator", f"malformed locator {quote(citation.locator)}; write L17 or L15-L17")]
    if len(ranges) > MAX_RANGES or sum(last - first + 1 for first, last in ranges) > MAX_CITED_LINES:
        return [("locator", f"{quote(citation.locator)} names too many lines; cite at most {MAX_CITED_LINES} lines "
                            f"in at most {MAX_RANGES} ranges")]
    if not citation.terms:
        problems.append(("terms", "give 1-4 evidence terms that occur on the cited lines"))
    elif len(citation.terms) > 4:
        problems.append(("terms", f"{len(citation.terms)} terms given; give at most 4"))
    lines = texts.lines(source.file)
    if lines is None:
        if texts.available:
            problems.append(("source", f"source file {quote(source.file)} {texts.why_not(source.file)}"))
        return problems
    last_line = max(last for _, last in ranges)
    if last_line > len(lines):
        problems.append(("locator", f"{clip(citation.locator)} is beyond the end of {clip(source.file)} "
                                    f"({len(lines)} lines)"))
        return problems
    size = sum(len(lines[i - 1]) for first, last in ranges for i in range(first, last + 1))
    if size > MAX_CITED_CHARS:
        problems.append(("locator", f"{clip(citation.locator)} names lines that hold {size:,} characters; cite "
                                    f"at most {MAX_CITED_CHARS:,}"))
        return problems
    cited = texts.cited_text(source.file, citation.locator, lines, ranges)
    for term in citation.terms:
        if _normalised_term(term) not in cited:
            problems.append(("terms", f"term {quote(term)} does not occur on {clip(citation.locator)} of "
                                      f"{clip(source.file)}"))
    return problems


def status_of(citations: Iterable[Citation], corrections: Iterable[Correction],
              sources: dict[str, Source]) -> Status:
    """The evidence status of one node or claim.

    >>> from builders.data.model import Source, Citation
    >>> low = Source("b", "Blog", "blog", "low", "")
    >>> status_of([Citation("x", "b", "L1", ("pump",))], [], {"b": low})
    'weak'
    """
    if any(True for _ in corrections):
        return "contradicted"
    if any(sources[c.source].reliability in TRUSTED_RELIABILITIES
           for c in citations if c.source in sources):
        return "supported"
    return "weak"


def statuses(dataset: Dataset) -> dict[str, Status]:
    """The evidence status of every node and claim in a dataset, by id."""
    items = list(dataset.nodes) + list(dataset.edges)
    return {item: status_of(dataset.citations_of(item), dataset.corrections_of(item), dataset.sources)
            for item in items}
