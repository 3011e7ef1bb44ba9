"""Bring your own data: unpack an uploaded zip safely, a template to start from, a report to download.

An upload is hostile until proven otherwise. :func:`extract_zip` checks every entry's name,
type and declared size before it writes anything, counts the bytes while it unpacks, and
writes only plain files into a fresh folder of the caller's choosing (never ``graph_data/``).
Each refusal is a :class:`~builders.model.Problem` with a sentence a user can act on; the
unpacked folder is then validated by :func:`builders.load.load_dataset` like any other.

The limits default to :data:`DEFAULT_LIMITS` and can be set with environment variables:
``PAIN_ATLAS_MAX_UPLOAD_MB``, ``PAIN_ATLAS_MAX_UNZIPPED_MB`` and ``PAIN_ATLAS_MAX_UPLOAD_FILES``.

Examples
--------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp()) / "upload"
>>> extract_zip(dataset_template_zip(), folder)
[]
>>> sorted(p.name for p in folder.iterdir())
['citations.csv', 'corrections.csv', 'edges.csv', 'nodes.csv', 'schema.yaml', 'sources.csv']
>>> extract_zip(b"not a zip", Path(tempfile.mkdtemp()))[0].format()
'upload: file: this is not a zip file; upload a .zip of the dataset folder'
"""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .files import DEFAULT_DATA_DIR, SCHEMA_FILE, SOURCES_FOLDER, TOURS_FOLDER, TOUR_SUFFIXES, megabytes, over_limit
from .load import LoadResult, load_dataset
from .model import Dataset, Problem
from .problems import has_errors
from .schema import load_schema
from .tables import TABLES, columns_of

#: ``Problem.file`` of a problem with the upload as a whole.
UPLOAD = "upload"
#: Sub-folders an upload may have, and the file suffixes each may hold (what the loader reads).
FOLDERS = {TOURS_FOLDER: TOUR_SUFFIXES, SOURCES_FOLDER: (".txt",)}
TEMPLATE_FOLDER = "pain-atlas-dataset"
# Files that archivers and file managers add on their own; skipped without a word.
_JUNK = re.compile(r"(^|/)(__MACOSX/|\._[^/]*$|\.DS_Store$|Thumbs\.db$|desktop\.ini$)", re.IGNORECASE)
_CHUNK = 64 * 1024
# What a damaged or crafted archive can raise while it is opened or read.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, struct.error, EOFError, OSError, ValueError,
               NotImplementedError, RuntimeError)


def positive_env(name: str) -> float | None:
    """The positive number in the environment variable ``name``, or None (unset, not a number, or
    not above zero: a typo cannot lift a limit).

    >>> positive_env("PAIN_ATLAS_NO_SUCH_VARIABLE") is None
    True
    """
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return None
    return value if value > 0 else None


@dataclass(frozen=True)
class Limits:
    """How much an upload may hold: its own size, its unpacked size and its number of entries."""

    max_upload_bytes: int = 25 * 2**20
    max_total_bytes: int = 100 * 2**20
    max_files: int = 200

    @classmethod
    def from_env(cls) -> "Limits":
        """The defaults, overridden by ``PAIN_ATLAS_MAX_UPLOAD_MB``, ``..._UNZIPPED_MB``, ``..._UPLOAD_FILES``.

        A variable that is not a positive number is ignored, so a typo cannot lift a limit.
        """
        def number(name: str, scale: int, default: int) -> int:
            value = positive_env(name)
            return default if value is None else int(value * scale)

        base = cls()
        return cls(number("PAIN_ATLAS_MAX_UPLOAD_MB", 2**20, base.max_upload_bytes),
                   number("PAIN_ATLAS_MAX_UNZIPPED_MB", 2**20, base.max_total_bytes),
                   number("PAIN_ATLAS_MAX_UPLOAD_FILES", 1, base.max_files))


DEFAULT_LIMITS = Limits()


def extract_zip(data: bytes, dest: Path, *, max_upload_bytes: int | None = None,
                max_total_bytes: int | None = None, max_files: int | None = None) -> list[Problem]:
    """Unpack an uploaded dataset zip into ``dest``, refusing anything unsafe.

    Parameters
    ----------
    data : bytes
        The uploaded file.
    dest : Path
        A folder that does not exist yet or is empty; it must not lie inside ``graph_data/``.
    max_upload_bytes, max_total_bytes, max_files : int, optional
        Limits on the upload's size, its total unpacked size and its number of entries;
        by default :meth:`Limits.from_env`.

    Returns
    -------
    list of Problem
        Refusals (errors) and notes (warnings). When any is an error, ``dest`` is left empty.
        A zip whose files sit in one top-level folder is accepted as if they sat at the top;
        without ``schema.yaml`` the bundled schema is copied in.

    Raises
    ------
    ValueError
        When ``dest`` is not empty or lies inside the bundled data: a mistake of the caller.
    """
    env = Limits.from_env()
    limits = Limits(max_upload_bytes or env.max_upload_bytes, max_total_bytes or env.max_total_bytes,
                    max_files or env.max_files)
    dest = Path(dest)
    if dest.resolve().is_relative_to(DEFAULT_DATA_DIR.resolve()):
        raise ValueError(f"refusing to unpack an upload into the bundled data folder {DEFAULT_DATA_DIR}")
    if dest.exists() and any(dest.iterdir()):
        raise ValueError(f"{dest} is not empty; unpack each upload into a fresh folder")

    if len(data) > limits.max_upload_bytes:
        return [Problem(UPLOAD, 0, "size", f"the upload is {over_limit(len(data), limits.max_upload_bytes)}")]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except _ZIP_ERRORS:
        return [Problem(UPLOAD, 0, "file", "this is not a zip file; upload a .zip of the dataset folder")]
    if len(entries) > limits.max_files:
        return [Problem(UPLOAD, 0, "files",
                        f"the zip holds {len(entries):,} entries; the limit is {limits.max_files:,}")]

    wanted, problems = _plan(entries, limits)
    if not has_errors(problems):
        problems += _unpack(archive, wanted, dest, limits)
    if has_errors(problems):
        _empty(dest)
        return problems
    if not (dest / SCHEMA_FILE).exists():
        shutil.copyfile(DEFAULT_DATA_DIR / SCHEMA_FILE, dest / SCHEMA_FILE)
        problems.append(Problem(SCHEMA_FILE, 0, "file", "not in the zip; the bundled schema is used", "warning"))
    return problems


def _plan(entries: list[zipfile.ZipInfo], limits: Limits) -> tuple[dict[str, zipfile.ZipInfo], list[Problem]]:
    """Decide, from names, types and declared sizes alone, which entries to unpack and where."""
    problems: list[Problem] = []
    files: list[tuple[zipfile.ZipInfo, tuple[str, ...]]] = []
    for info in entries:
        parts = _parts(info, problems)
        if parts is not None and not info.is_dir() and not _JUNK.search("/".join(parts)):
            files.append((info, parts))
    # A zip made by compressing a folder holds "folder/nodes.csv": read it as "nodes.csv".
    tops = {parts[0] for _, parts in files}
    if len(tops) == 1 and all(len(parts) > 1 for _, parts in files) and not tops & set(FOLDERS):
        files = [(info, parts[1:]) for info, parts in files]

    wanted: dict[str, zipfile.ZipInfo] = {}
    seen: set[str] = set()
    for info, parts in files:
        name = info.filename
        target = "/".join(parts)
        if len(parts) > 2 or (len(parts) == 2 and parts[0] not in FOLDERS):
            problems.append(Problem(name, 0, "path", "files may sit only at the top of the zip, in tours/ or in "
                                    "sources/; refused"))
        elif len(parts) == 2 and not parts[1].lower().endswith(FOLDERS[parts[0]]):
            problems.append(Problem(name, 0, "file", f"{parts[0]}/ holds only {' or '.join(FOLDERS[parts[0]])} "
                                    "files; ignored", "warning"))
        elif len(parts) == 1 and parts[0] not in TABLES and parts[0] != SCHEMA_FILE:
            known = [*TABLES, SCHEMA_FILE]
            hint = next((f"; did you mean {k}? file names are lower-case" for k in known
                         if k == parts[0].casefold()), f"; a dataset holds {', '.join(known)}")
            problems.append(Problem(name, 0, "file", f"not part of a dataset, ignored{hint}", "warning"))
        elif target.casefold() in seen:
            problems.append(Problem(name, 0, "path", "the zip holds this file twice; refused"))
        else:
            seen.add(target.casefold())
            wanted[target] = info
    if not any(target in TABLES for target in wanted) and not has_errors(problems):
        problems.append(Problem(UPLOAD, 0, "file", f"the zip holds none of the dataset's files "
                                f"({', '.join(TABLES)}); is it the right zip?"))
    declared = sum(info.file_size for info in wanted.values())
    if declared > limits.max_total_bytes:
        problems.append(Problem(UPLOAD, 0, "size",
                                f"the files unpack to {over_limit(declared, limits.max_total_bytes)}"))
    return wanted, problems


def _parts(info: zipfile.ZipInfo, problems: list[Problem]) -> tuple[str, ...] | None:
    """The entry's path as clean parts, or ``None`` (with a problem) when it is unsafe."""
    name = info.filename
    path = name.replace("\\", "/")  # Some Windows tools write backslashes, which unzip treats as folders.
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        problems.append(Problem(name, 0, "path", "an absolute path; the files must sit at the top of the zip "
                                "or in one folder; refused"))
        return None
    parts = tuple(p for p in PurePosixPath(path).parts if p not in ("", "."))
    if ".." in parts:
        problems.append(Problem(name, 0, "path", "the path leads out of the dataset folder ('..'); refused"))
        return None
    if stat.S_ISLNK(info.external_attr >> 16):
        problems.append(Problem(name, 0, "path", "a symbolic link; only plain files are accepted; refused"))
        return None
    if info.flag_bits & 0x1:
        problems.append(Problem(name, 0, "file", "the file is encrypted; upload a zip without a password"))
        return None
    return parts or None


def _unpack(archive: zipfile.ZipFile, wanted: dict[str, zipfile.ZipInfo], dest: Path, limits: Limits) -> list[Problem]:
    """Write the planned entries, counting bytes: declared sizes can lie.

    (CPython's zipfile also stops at the declared size and then fails the CRC check; the count
    here does not depend on that.)
    """
    dest.mkdir(parents=True, exist_ok=True)
    total = 0
    for target, info in wanted.items():
        path = dest.joinpath(*target.split("/"))
        path.parent.mkdir(exist_ok=True)
        written = 0
        try:
            with archive.open(info) as source, path.open("xb") as out:
                while chunk := source.read(_CHUNK):
                    written += len(chunk)
                    total += len(chunk)
                    if written > info.file_size:
                        return [Problem(info.filename, 0, "size", "the file unpacks to more than the zip "
                                        "declares; the zip is damaged; refused")]
                    if total > limits.max_total_bytes:
                        return [Problem(UPLOAD, 0, "size", f"the files unpack to more than the limit of "
                                        f"{megabytes(limits.max_total_bytes)}")]
                    out.write(chunk)
        except _ZIP_ERRORS as exc:
            return [Problem(info.filename, 0, "file", f"could not be unpacked ({exc}); the zip is damaged")]
    return []


def _empty(dest: Path) -> None:
    """Remove what an unpacking left in ``dest`` (which was empty before)."""
    if dest.is_dir():
        for child in dest.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()


def load_upload(data: bytes, dest: Path, **limits: int) -> LoadResult:
    """Unpack an upload into ``dest`` and validate it, as one report.

    The upload's own problems come first. When the upload is refused, the result holds an empty
    dataset (with the bundled schema) and ``data_dir`` is ``None``; ``result.ok`` is False.
    """
    problems = extract_zip(data, dest, **limits)
    if has_errors(problems):
        schema = load_schema(DEFAULT_DATA_DIR / SCHEMA_FILE, [])
        return LoadResult(Dataset(schema, {}, {}, {}, {}, {}), problems, None)
    # The upload's own source texts come first, whatever $PAIN_ATLAS_SOURCES_DIR says.
    sources = dest / "sources"
    result = load_dataset(dest, sources if sources.is_dir() else None)
    result.problems[:0] = problems
    return result


def dataset_template_zip() -> bytes:
    """An empty but valid dataset to start from: the bundled schema and CSV files with headers only.

    The files sit in one folder, ``pain-atlas-dataset/``, so unzipping them makes one folder. A
    fixed date makes the template the same bytes every time.
    """
    files = {SCHEMA_FILE: (DEFAULT_DATA_DIR / SCHEMA_FILE).read_bytes()}
    files.update({name: (",".join(columns_of(name)) + "\n").encode() for name in TABLES})
    return _zip({name: (data, (2024, 1, 1, 0, 0, 0)) for name, data in files.items()})


def dataset_zip(folder: Path | str) -> bytes:
    """A data folder's own files as a zip to edit and upload again: ``schema.yaml``, the CSV files,
    ``tours/*.yaml`` and ``sources/*.txt``, in one folder ``pain-atlas-dataset/``.

    The files are copied as they are (they are the data; the Table view's CSV downloads are the
    ones made safe for a spreadsheet).

    >>> names = zipfile.ZipFile(io.BytesIO(dataset_zip(DEFAULT_DATA_DIR))).namelist()
    >>> "pain-atlas-dataset/nodes.csv" in names and "pain-atlas-dataset/schema.yaml" in names
    True
    """
    folder = Path(folder)
    paths = [folder / name for name in (SCHEMA_FILE, *TABLES)]
    for sub, suffixes in FOLDERS.items():
        if (folder / sub).is_dir():
            paths += sorted(p for p in (folder / sub).iterdir() if p.suffix.lower() in suffixes)
    return _zip({path.relative_to(folder).as_posix(): (path.read_bytes(), time.localtime(path.stat().st_mtime)[:6])
                 for path in paths if path.is_file() and not path.is_symlink()})


def _zip(files: dict[str, tuple[bytes, tuple]]) -> bytes:
    """A zip of ``{name: (bytes, date)}`` under :data:`TEMPLATE_FOLDER`; without a mode, unzip would
    create files that nobody may read."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (data, date) in files.items():
            info = zipfile.ZipInfo(f"{TEMPLATE_FOLDER}/{name}", date)
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
