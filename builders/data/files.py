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
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from .model import Problem
from .yaml_reader import dotted, read_document

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
        # A folder that is there but unreadable is chosen all the same, so that reading it says why.
        if candidate and path_problem(Path(candidate), FOLDER) in (None, UNREADABLE_FOLDER):
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
        """The tour files, by name: ``tours/*.yaml`` (or ``.yml``, in any case).

        A file that cannot be read is listed all the same, so that reading it gives a problem.
        """
        if path_problem(self.tours_dir, FOLDER) is not None:
            return []
        try:
            names = sorted(self.tours_dir.iterdir())
        except OSError:
            return []
        return [p for p in names if p.suffix.lower() in TOUR_SUFFIXES and path_problem(p) != MISSING]


# --------------------------------------------------------------------------- paths

#: What :func:`path_problem` says of a path that is not there at all.
MISSING = "missing"
FILE, FOLDER = "file", "folder"
UNREADABLE_FOLDER = "cannot be read (permission denied)"


def path_problem(path: Path, want: str = FILE) -> str | None:
    """Why ``path`` cannot be read as a ``want`` (a file or a folder), or ``None`` when it can.

    Never raises and never opens the path: a pipe or a device would block a reader, so only a
    regular file counts as a file. :data:`MISSING` means that nothing is there.

    >>> path_problem(DEFAULT_DATA_DIR / "nodes.csv"), path_problem(DEFAULT_DATA_DIR / "nope.csv")
    (None, 'missing')
    >>> path_problem(DEFAULT_DATA_DIR)
    'is a folder, not a file'
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "is a symbolic link to nothing (dangling)" if path.is_symlink() else MISSING
    except NotADirectoryError:
        return MISSING
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if want == FOLDER:
        if not stat.S_ISDIR(mode):
            return "is not a folder"
        return None if os.access(path, os.R_OK | os.X_OK) else UNREADABLE_FOLDER
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(mode):
        return "is not a regular file (a pipe, socket or device); refused"
    return None if os.access(path, os.R_OK) else "cannot be read (permission denied)"


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
    """A file's text, decoded; ``None`` (with a problem) when it is larger than ``max_bytes``,
    not a regular file, or unreadable."""
    problem = path_problem(path)
    if problem is not None:
        problems.append(Problem(name, 0, "file", "missing file" if problem == MISSING else f"the file {problem}"))
        return None
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                problems.append(Problem(name, 0, "file", f"the file is {over_limit(size, max_bytes)}"))
                return None
            raw = handle.read(min(size, max_bytes) + 1)  # read(n) sets aside n bytes at once
    except OSError as exc:
        problems.append(Problem(name, 0, "file", f"the file cannot be read ({exc.strerror or exc})"))
        return None
    if len(raw) > max_bytes:  # it grew while it was read
        problems.append(Problem(name, 0, "file", f"the file is {over_limit(len(raw), max_bytes)}"))
        return None
    return decode(raw, name, problems)


def read_yaml(path: Path, name: str, problems: list[Problem], max_bytes: int, what: str,
              where: Callable[[tuple], str] = dotted):
    """The YAML document of a short hand-written file (``schema.yaml``, a tour), or ``None``.

    A file over ``max_bytes`` is refused before YAML parses it; an unreadable one is a problem
    (``name`` is how problems name the file, ``what`` what the file should be), never an exception.
    The document holds plain values only, in bounded memory (:mod:`builders.data.yaml_reader`);
    ``where`` names a value's path in problems.
    """
    text = read_text(path, name, problems, max_bytes)
    return None if text is None else _parse_yaml(text, name, problems, what, where)


def yaml_of_bytes(raw: bytes, name: str, problems: list[Problem], max_bytes: int, what: str,
                  where: Callable[[tuple], str] = dotted):
    """:func:`read_yaml` for bytes already in memory (an upload): the same limits, decoding and messages.

    >>> problems = []
    >>> yaml_of_bytes(b"steps: [", "tour.yaml", problems, 100, "a tour"), problems[0].field
    (None, 'yaml')
    >>> yaml_of_bytes(b"x" * 101, "tour.yaml", problems, 100, "a tour"), problems[1].message
    (None, 'the file is 101 bytes; the limit is 100 bytes')
    """
    if len(raw) > max_bytes:
        problems.append(Problem(name, 0, "file", f"the file is {over_limit(len(raw), max_bytes)}"))
        return None
    text = decode(raw, name, problems)
    return None if text is None else _parse_yaml(text, name, problems, what, where)


def _parse_yaml(text: str, name: str, problems: list[Problem], what: str, where: Callable[[tuple], str]):
    try:
        return read_document(text, name, problems, where)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark else ""
        reason = str(getattr(exc, "problem", None) or exc)[:200]
        if "nesting depth" in reason:  # libyaml's own limit
            problems.append(Problem(name, 0, "yaml", f"nested too deeply to be {what}"))
        else:
            problems.append(Problem(name, 0, "yaml", f"not valid YAML{line}: {reason}"))
    except RecursionError:
        # A hostile file can nest deeper than Python's parser recursion allows.
        problems.append(Problem(name, 0, "yaml", f"nested too deeply to be {what}"))
    return None
