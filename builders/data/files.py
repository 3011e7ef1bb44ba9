"""The data folder and its files: where they are, how they are decoded, and the limits on them.

A :class:`DataFolder` is built once at each entry point (the command line, the app, an upload)
and passed down, so every part of the project finds the CSV files, the tours and the source
texts in the same places.

Examples
--------
>>> folder = DataFolder.of()            # the bundled graph_data/
>>> folder.is_bundled, [p.name for p in folder.tour_files()][:1]
(True, ['intrathecal-pump-journey.yaml'])
>>> megabytes(25 * 2**20), megabytes(1536 * 1024), megabytes(215)
('25 MB', '1.5 MB', '215 bytes')
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from .model import Problem

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "graph_data"
TOURS_FOLDER = "tours"
SOURCES_FOLDER = "sources"
SCHEMA_FILE = "schema.yaml"
#: File endings of tour files, compared without case.
TOUR_SUFFIXES = (".yaml", ".yml")


def default_sources_dir(data_dir: Path) -> Path | None:
    """Where the source documents' text is looked for, first match wins.

    ``$PAIN_ATLAS_SOURCES_DIR``, then ``<data>/sources/``, then ``../shared/seeds`` beside the
    project (the five bundled documents).
    """
    candidates = [os.environ.get("PAIN_ATLAS_SOURCES_DIR"), data_dir / SOURCES_FOLDER,
                  PROJECT_ROOT.parent / "shared" / "seeds"]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


@dataclass(frozen=True)
class DataFolder:
    """One data folder: ``schema.yaml`` and the CSV files, its tours, and its source texts."""

    root: Path
    #: The source documents' text, to check locators and terms; ``None`` when there is none.
    sources_dir: Path | None

    @classmethod
    def of(cls, data: Path | str | None = None, sources: Path | str | None = None) -> "DataFolder":
        """The folder ``data`` (default: the bundled ``graph_data/``), with ``sources`` or the
        default source texts (:func:`default_sources_dir`)."""
        root = Path(data) if data else DEFAULT_DATA_DIR
        return cls(root, Path(sources) if sources else default_sources_dir(root))

    @property
    def tours_dir(self) -> Path:
        return self.root / TOURS_FOLDER

    @property
    def is_bundled(self) -> bool:
        return self.root.resolve() == DEFAULT_DATA_DIR.resolve()

    @classmethod
    def coerce(cls, folder: "DataFolder | Path | str | None") -> "DataFolder":
        """``folder`` itself, or the data folder at that path (default source texts)."""
        return folder if isinstance(folder, DataFolder) else cls.of(folder)

    def tour_files(self) -> list[Path]:
        """The tour files, by name: ``tours/*.yaml`` (or ``.yml``, in any case)."""
        if not self.tours_dir.is_dir():
            return []
        return sorted(p for p in self.tours_dir.iterdir() if p.suffix.lower() in TOUR_SUFFIXES and p.is_file())


# --------------------------------------------------------------------------- sizes and text

def megabytes(size: int) -> str:
    """A size for people, in the unit that reads best."""
    if size < 2**20:
        return f"{size:,} bytes" if size < 1024 else f"{size / 1024:,.0f} KB"
    return f"{size / 2**20:,.1f} MB".replace(".0 MB", " MB")


def over_limit(size: int, limit: int) -> str:
    """``"<size>; the limit is <limit>"``, in bytes when rounding would show two equal sizes.

    >>> over_limit(2**20 + 5, 2**20)
    '1,048,581 bytes; the limit is 1,048,576 bytes'
    """
    shown = megabytes(size), megabytes(limit)
    if shown[0] == shown[1]:
        shown = f"{size:,} bytes", f"{limit:,} bytes"
    return f"{shown[0]}; the limit is {shown[1]}"


def decode(raw: bytes, name: str, problems: list[Problem]) -> str:
    """Decode a file as UTF-8 (a BOM is allowed), reporting where it is not."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(name, 0, "encoding", "the file is UTF-16; save it as UTF-8 (CSV UTF-8 in a spreadsheet)"))
        return raw.decode("utf-16", errors="replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    head = raw[:1000]
    if head.count(0) * 4 > len(head):
        # Text saved as UTF-16 without a byte-order mark: every other byte of ASCII text is zero.
        # Decoded as UTF-8 it would be "valid" text full of NULs and a header nobody could match.
        problems.append(Problem(name, 0, "encoding", "the file looks like UTF-16 without a byte-order mark; "
                                "save it as UTF-8 (CSV UTF-8 in a spreadsheet)"))
        encoding = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        return raw.decode(encoding, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = raw[:exc.start].count(b"\n") + 1
        problems.append(Problem(name, row, "encoding",
                                f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"))
        return raw.decode("utf-8", errors="replace")


def read_text(path: Path, name: str, problems: list[Problem], max_bytes: int) -> str | None:
    """A file's text, decoded; ``None`` (with a problem) when it is larger than ``max_bytes``."""
    size = path.stat().st_size
    if size > max_bytes:
        problems.append(Problem(name, 0, "file", f"the file is {over_limit(size, max_bytes)}"))
        return None
    return decode(path.read_bytes(), name, problems)


def read_yaml(path: Path, name: str, problems: list[Problem], max_bytes: int, what: str):
    """The YAML document of a short hand-written file (``schema.yaml``, a tour), or ``None``.

    A file over ``max_bytes`` is refused before YAML parses it; an unreadable one is a problem
    (``name`` is how problems name the file, ``what`` what the file should be), never an exception.
    """
    text = read_text(path, name, problems, max_bytes)
    return None if text is None else _parse_yaml(text, name, problems, what)


def yaml_of_bytes(raw: bytes, name: str, problems: list[Problem], max_bytes: int, what: str):
    """:func:`read_yaml` for bytes already in memory (an upload): the same limit, decoding and messages.

    >>> problems = []
    >>> yaml_of_bytes(b"steps: [", "tour.yaml", problems, 100, "a tour"), problems[0].field
    (None, 'yaml')
    >>> yaml_of_bytes(b"x" * 101, "tour.yaml", problems, 100, "a tour"), problems[1].message
    (None, 'the file is 101 bytes; the limit is 100 bytes')
    """
    if len(raw) > max_bytes:
        problems.append(Problem(name, 0, "file", f"the file is {over_limit(len(raw), max_bytes)}"))
        return None
    return _parse_yaml(decode(raw, name, problems), name, problems, what)


def _parse_yaml(text: str, name: str, problems: list[Problem], what: str):
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        problems.append(Problem(name, 0, "yaml", f"not valid YAML{where}: {getattr(exc, 'problem', None) or exc}"))
    except RecursionError:
        # A hostile file can nest deeper than Python's parser recursion allows.
        problems.append(Problem(name, 0, "yaml", f"nested too deeply to be {what}"))
    return None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        problems.append(Problem(name, 0, "yaml", f"not valid YAML{where}: {getattr(exc, 'problem', None) or exc}"))
    except RecursionError:
        # A hostile file can nest deeper than Python's parser recursion allows.
        problems.append(Problem(name, 0, "yaml", f"nested too deeply to be {what}"))
    return None
