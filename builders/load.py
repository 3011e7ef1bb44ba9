"""Load a data folder and validate it, reporting every problem with file, row and field.

Loading never writes to the data files and never raises for bad data: each problem becomes a
:class:`~builders.model.Problem`, and the rows that fail are left out of the dataset, so that a
partly broken folder still gives a consistent (smaller) graph.

Examples
--------
>>> result = load_dataset()            # the bundled graph_data/
>>> result.ok
True
>>> "intrathecal-pump" in result.dataset.nodes
True
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pandas as pd
import yaml

from .evidence import SourceTexts, check_citation, normalise_text
from .model import (RELIABILITIES, Citation, Correction, Dataset, Edge, Node, NodeKind, Problem,
                    Relation, Schema, Source, StatusStyle)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "graph_data"

#: Limits that keep a hostile file from exhausting memory or time; each is reported when exceeded.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_FIELD_CHARS = 10_000
#: schema.yaml is a short hand-written file; a larger one is refused before YAML parses it.
MAX_SCHEMA_BYTES = 1024 * 1024

# The csv module refuses fields over 128 KiB and then cannot read on; with a higher limit the
# long field is read and reported against MAX_FIELD_CHARS with its row, and reading continues.
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))

#: Characters that are invisible or reorder text (C0 controls, bidi overrides): legal, but a
#: label holding them can display misleadingly, and XML cannot hold the C0 ones at all.
SUSPECT_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")

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


def default_sources_dir(data_dir: Path) -> Path | None:
    """Where the source documents' text is looked for, first match wins.

    ``$PAIN_ATLAS_SOURCES_DIR``, then ``<data>/sources/``, then ``../shared/seeds`` beside the
    project (the five bundled documents).
    """
    candidates = [os.environ.get("PAIN_ATLAS_SOURCES_DIR"), data_dir / "sources",
                  PROJECT_ROOT.parent / "shared" / "seeds"]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


@dataclass
class LoadResult:
    """A dataset and every problem found while loading it."""

    dataset: Dataset
    problems: list[Problem] = field(default_factory=list)
    data_dir: Path | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def problems_frame(self) -> pd.DataFrame:
        """The problems as a table (file, row, field, severity, message)."""
        return problems_frame(self.problems)


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table with the columns file, row, field, severity and message."""
    columns = ["file", "row", "field", "severity", "message"]
    return pd.DataFrame([p.as_dict() for p in problems], columns=columns)


# --------------------------------------------------------------------------- reading files

def megabytes(size: int) -> str:
    """A size for people, in the unit that reads best.

    >>> megabytes(25 * 2**20), megabytes(1536 * 1024), megabytes(215)
    ('25 MB', '1.5 MB', '215 bytes')
    """
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


def read_table(path: Path, problems: list[Problem]) -> pd.DataFrame:
    """Read one CSV file into a frame of strings with a ``row`` column (header = row 1).

    Structural problems (encoding, header, ragged rows, limits) are appended to ``problems``.
    Values are stripped of surrounding white space; a warning says so for id fields.
    """
    name = path.name
    required, optional, _ = TABLES[name]
    empty = pd.DataFrame(columns=["row", *required, *optional])
    if not path.is_file():
        if name not in OPTIONAL_FILES:
            problems.append(Problem(name, 0, "file", f"missing file; expected columns: {', '.join(required)}"))
        return empty
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.append(Problem(name, 0, "file", f"the file is {over_limit(size, MAX_FILE_BYTES)}"))
        return empty
    text = decode(path.read_bytes(), name, problems)
    if not text.strip():
        problems.append(Problem(name, 0, "file", f"the file is empty; it needs a header row: {', '.join(required)}"))
        return empty

    # strict: a quote that is never closed is an error, not a field that swallows the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except csv.Error as exc:
        problems.append(Problem(name, 1, "header", f"unreadable header: {exc}"))
        return empty
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
    first_index = {column: header.index(column) for column in counts}

    check_chars = SUSPECT_CHARS.search(text) is not None  # one scan of the file spares one per field
    records: list[dict] = []
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
        if len(records) >= MAX_ROWS:
            problems.append(Problem(name, start, "row", f"more than {MAX_ROWS:,} rows; the rest was not read"))
            break
        if len(values) > len(header):
            problems.append(Problem(name, start, "row", f"{len(values)} fields but the header has {len(header)}; "
                                    "is a comma missing its quotes?"))
            continue
        record = {"row": start}
        too_long = False
        for column in known:
            raw = values[first_index[column]] if column in first_index and first_index[column] < len(values) else ""
            if len(raw) > MAX_FIELD_CHARS:
                problems.append(Problem(name, start, column, f"{len(raw):,} characters; the limit is {MAX_FIELD_CHARS:,}"))
                too_long = True
            value = raw.strip()
            if column in ID_FIELDS and value and value != raw:
                problems.append(Problem(name, start, column, f"spaces around {value!r} were ignored", "warning"))
            suspect = SUSPECT_CHARS.search(value) if check_chars else None
            if suspect:
                problems.append(Problem(name, start, column, f"contains the invisible control character "
                                        f"U+{ord(suspect.group()):04X}; it is kept, but may display misleadingly",
                                        "warning"))
            record[column] = value
        if not too_long:
            records.append(record)
    frame = pd.DataFrame.from_records(records, columns=["row", *required, *optional])
    return frame.fillna("")


def split_list(value: str) -> tuple[str, ...]:
    """Split a ``|``-separated cell into its non-empty, stripped parts.

    >>> split_list("pain pump | IDDS|")
    ('pain pump', 'IDDS')
    """
    return tuple(part.strip() for part in value.split(LIST_SEPARATOR) if part.strip())


def rows(frame: pd.DataFrame) -> Iterator[dict]:
    """The frame's rows as dicts (column lists zipped: ten times faster than ``to_dict``)."""
    columns = list(frame.columns)
    return (dict(zip(columns, values)) for values in zip(*(frame[c].tolist() for c in columns)))


# --------------------------------------------------------------------------- the schema

#: Shapes vis-network draws with a label; any other value falls back to ``dot``.
SHAPES = ("dot", "box", "diamond", "triangle", "triangleDown", "square", "star", "ellipse", "hexagon",
          "circle", "database", "text")
# A colour is shown in the page's styles, so only plain values are accepted: #rgb, #rrggbb(aa), a name.
COLOR_PATTERN = re.compile(r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30})$")
DEFAULT_SOURCE_TYPES = ("blog", "patient education", "hospital marketing", "guideline", "drug label", "trial",
                        "review")


def load_schema(path: Path, problems: list[Problem]) -> Schema:
    """Read ``schema.yaml``; problems name the YAML path in the ``field`` part.

    The file may come from an upload, so every value is checked for its type before use: a
    list where text belongs is reported, never turned into text (YAML aliases can make such a
    list enormous), and colours and shapes must be plain values.
    """
    name = path.name
    data: dict = {}
    if not path.is_file():
        problems.append(Problem(name, 0, "file", "missing file; it declares the node kinds and relations"))
    elif path.stat().st_size > MAX_SCHEMA_BYTES:
        problems.append(Problem(name, 0, "file", f"the file is {over_limit(path.stat().st_size, MAX_SCHEMA_BYTES)}"))
    else:
        try:
            data = yaml.safe_load(decode(path.read_bytes(), name, problems)) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problems.append(Problem(name, (mark.line + 1) if mark else 0, "yaml", f"not valid YAML: {getattr(exc, 'problem', exc)}"))
        except RecursionError:
            problems.append(Problem(name, 0, "yaml", "the YAML is nested too deeply to read"))
        if not isinstance(data, dict):
            problems.append(Problem(name, 0, "yaml", "the file must be a mapping with node_kinds and relations"))
            data = {}

    def mapping(value, where: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            problems.append(Problem(name, 0, where, "must be a mapping"))
            return {}
        return value

    def text(spec: dict, key: str, where: str, default: str, allowed=None) -> str:
        value = spec.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            problems.append(Problem(name, 0, f"{where}.{key}", f"must be text, not a {type(value).__name__}"))
            return default
        if allowed is not None and not allowed(str(value)):
            problems.append(Problem(name, 0, f"{where}.{key}", f"{value!r} is not allowed here; using {default!r}"))
            return default
        return str(value)

    def text_list(value, where: str) -> tuple[str, ...]:
        value = [value] if isinstance(value, str) else value if isinstance(value, list) else None
        if value is None or not all(isinstance(v, str) for v in value):
            problems.append(Problem(name, 0, where, "must be a list of names"))
            return ()
        return tuple(value)

    kinds = {}
    for kind_id, spec in mapping(data.get("node_kinds"), "node_kinds").items():
        where = f"node_kinds.{kind_id}"
        spec = mapping(spec, where)
        kinds[str(kind_id)] = NodeKind(str(kind_id), text(spec, "label", where, str(kind_id)),
                                       text(spec, "color", where, "#888888", COLOR_PATTERN.match),
                                       text(spec, "shape", where, "dot", SHAPES.__contains__),
                                       text(spec, "description", where, ""))
    if not kinds:
        problems.append(Problem(name, 0, "node_kinds", "no node kinds declared"))

    relations = {}
    for rel_id, spec in mapping(data.get("relations"), "relations").items():
        where = f"relations.{rel_id}"
        if not isinstance(spec, dict):
            problems.append(Problem(name, 0, where, "must be a mapping with source, target, label and inverse"))
            continue
        ends = {}
        for end in ("source", "target"):
            value = text_list(spec.get(end) or [], f"{where}.{end}")
            for kind in value:
                if kind not in kinds:
                    problems.append(Problem(name, 0, f"{where}.{end}", f"unknown node kind {kind!r}"))
            if not value:
                problems.append(Problem(name, 0, f"{where}.{end}", "list the node kinds this relation may join"))
            ends[end] = value
        relations[str(rel_id)] = Relation(str(rel_id), ends["source"], ends["target"],
                                          text(spec, "label", where, str(rel_id)),
                                          text(spec, "inverse", where, str(rel_id)))
    if not relations:
        problems.append(Problem(name, 0, "relations", "no relations declared"))

    default_styles = {"supported": ("Supported", "#555555", False), "weak": ("Weak", "#999999", True),
                      "contradicted": ("Contradicted", "#e6550d", False)}
    styles_spec = mapping(data.get("statuses"), "statuses")
    statuses = {}
    for status, (label, color, dashes) in default_styles.items():
        where = f"statuses.{status}"
        spec = mapping(styles_spec.get(status), where)
        dashed = spec.get("dashes", dashes)
        if not isinstance(dashed, bool):
            problems.append(Problem(name, 0, f"{where}.dashes", "must be true or false"))
            dashed = dashes
        statuses[status] = StatusStyle(status, text(spec, "label", where, label),
                                       text(spec, "color", where, color, COLOR_PATTERN.match),
                                       dashed, text(spec, "description", where, ""))
    source_types = DEFAULT_SOURCE_TYPES
    if data.get("source_types"):
        source_types = text_list(data["source_types"], "source_types") or DEFAULT_SOURCE_TYPES
    return Schema(kinds, relations, statuses, source_types)


# --------------------------------------------------------------------------- validation

class _SnapshotTexts(SourceTexts):
    """Source texts looked up once per load, not once per citation.

    Checking each citation used to stat the folder and the file again; with 200,000 citations
    that was most of the time of a load. One load sees one snapshot of the folder.
    """

    def __init__(self, folder: Path | str | None):
        super().__init__(folder)
        self._available = super().available
        self._lines: dict[str, tuple[str, ...] | None] = {}

    @property
    def available(self) -> bool:
        return self._available

    def lines(self, file_name: str) -> tuple[str, ...] | None:
        if file_name not in self._lines:
            self._lines[file_name] = super().lines(file_name)
        return self._lines[file_name]


class _Ids:
    """Every id declared so far, to report an id used twice, in one file or across files."""

    def __init__(self):
        self.seen: dict[str, tuple[str, int]] = {}

    def claim(self, value: str, file: str, row: int, problems: list[Problem]) -> bool:
        if not ID_PATTERN.match(value):
            problems.append(Problem(file, row, "id", f"{value!r} is not a valid id; use lower-case letters, "
                                    "digits, '-', '_' or '.', starting with a letter or digit"))
            return False
        if value in self.seen:
            other_file, other_row = self.seen[value]
            problems.append(Problem(file, row, "id", f"duplicate id {value!r}; first used at {other_file}:{other_row}"))
            return False
        self.seen[value] = (file, row)
        return True


def _check_id(value: str, file: str, row: int, problems: list[Problem]) -> bool:
    """Check an id given in uppercase or with a missing value (before the slug rule)."""
    if value.casefold() in MISSING_VALUE_WORDS:
        problems.append(Problem(file, row, "id", f"{value!r} looks like a missing value (as a spreadsheet writes "
                                "an empty cell), not an id"))
        return False
    if value != value.lower() and ID_PATTERN.match(value.lower()):
        problems.append(Problem(file, row, "id", f"{value!r} has capital letters; ids are lower-case so that "
                                "ids differing only in case cannot be confused"))
        return False
    return True


def _required_filled(record: dict, file: str, problems: list[Problem]) -> bool:
    ok = True
    for column in TABLES[file][2]:
        if not record.get(column):
            problems.append(Problem(file, record["row"], column, "required field is empty"))
            ok = False
    return ok


def validate_sources(frame, schema, texts, ids, problems) -> dict[str, Source]:
    sources = {}
    for r in rows(frame):
        if not _required_filled(r, "sources.csv", problems):
            continue
        if not (_check_id(r["id"], "sources.csv", r["row"], problems) and ids.claim(r["id"], "sources.csv", r["row"], problems)):
            continue
        ok = True
        if r["type"] not in schema.source_types:
            problems.append(Problem("sources.csv", r["row"], "type",
                                    f"unknown type {r['type']!r}; one of: {', '.join(schema.source_types)}"))
            ok = False
        if r["reliability"] not in RELIABILITIES:
            problems.append(Problem("sources.csv", r["row"], "reliability",
                                    f"{r['reliability']!r} is not one of: {', '.join(RELIABILITIES)}"))
            ok = False
        if r.get("file"):
            if Path(r["file"]).name != r["file"]:
                problems.append(Problem("sources.csv", r["row"], "file", "give the file's name only, not a path"))
                ok = False
            elif texts.available and texts.lines(r["file"]) is None:
                problems.append(Problem("sources.csv", r["row"], "file", f"{r['file']!r} not found in {texts.folder}"))
        if ok:
            sources[r["id"]] = Source(id=r["id"], title=r["title"], type=r["type"], reliability=r["reliability"],
                                      rationale=r["rationale"], author=r.get("author", ""), year=r.get("year", ""),
                                      url=r.get("url", ""), file=r.get("file", ""), reference=r.get("reference", ""))
    return sources


def validate_nodes(frame, schema, ids, problems) -> tuple[dict[str, Node], dict[str, int]]:
    nodes, node_rows = {}, {}
    folded: dict[str, tuple[str, int]] = {}
    for r in rows(frame):
        if not _required_filled(r, "nodes.csv", problems):
            continue
        if not (_check_id(r["id"], "nodes.csv", r["row"], problems) and ids.claim(r["id"], "nodes.csv", r["row"], problems)):
            continue
        if r["kind"] not in schema.node_kinds:
            problems.append(Problem("nodes.csv", r["row"], "kind",
                                    f"unknown kind {r['kind']!r}; one of: {', '.join(schema.node_kinds)}"))
            continue
        label_key = normalise_text(r["label"])  # so that "Café" and "Cafe\u0301" count as one label
        if label_key in folded:
            problems.append(Problem("nodes.csv", r["row"], "label", f"same label as node {folded[label_key][0]!r} "
                                    f"(row {folded[label_key][1]}); students could not tell them apart", "warning"))
        folded.setdefault(label_key, (r["id"], r["row"]))
        nodes[r["id"]] = Node(r["id"], r["label"], r["kind"], r["description"], split_list(r.get("aliases", "")))
        node_rows[r["id"]] = r["row"]
    return nodes, node_rows


def validate_edges(frame, schema, nodes, ids, problems) -> tuple[dict[str, Edge], dict[str, int]]:
    edges, edge_rows = {}, {}
    triples: dict[tuple[str, str, str], str] = {}
    for r in rows(frame):
        if not _required_filled(r, "edges.csv", problems):
            continue
        if not (_check_id(r["id"], "edges.csv", r["row"], problems) and ids.claim(r["id"], "edges.csv", r["row"], problems)):
            continue
        ok = True
        for end in ("source", "target"):
            if r[end] not in nodes:
                problems.append(Problem("edges.csv", r["row"], end, f"unknown node {r[end]!r}"))
                ok = False
        relation = schema.relations.get(r["relation"])
        if relation is None:
            problems.append(Problem("edges.csv", r["row"], "relation",
                                    f"unknown relation {r['relation']!r}; one of: {', '.join(schema.relations)}"))
            ok = False
        if not ok:
            continue
        source_kind, target_kind = nodes[r["source"]].kind, nodes[r["target"]].kind
        if not relation.allows(source_kind, target_kind):
            problems.append(Problem("edges.csv", r["row"], "relation",
                                    f"{r['relation']!r} may not join a {source_kind} to a {target_kind}; it joins "
                                    f"{'/'.join(relation.source_kinds)} to {'/'.join(relation.target_kinds)}"))
            continue
        if r["source"] == r["target"]:
            problems.append(Problem("edges.csv", r["row"], "target", "the claim joins a node to itself", "warning"))
        triple = (r["source"], r["relation"], r["target"])
        if triple in triples:
            problems.append(Problem("edges.csv", r["row"], "id", f"parallel claim: {triples[triple]!r} joins the same "
                                    "nodes by the same relation", "warning"))
        triples.setdefault(triple, r["id"])
        edges[r["id"]] = Edge(r["id"], r["source"], r["relation"], r["target"], r["claim"], r.get("qualifier", ""))
        edge_rows[r["id"]] = r["row"]
    return edges, edge_rows


def validate_corrections(frame, nodes, edges, ids, problems) -> tuple[dict[str, Correction], dict[str, int]]:
    corrections, correction_rows = {}, {}
    for r in rows(frame):
        if not _required_filled(r, "corrections.csv", problems):
            continue
        if not (_check_id(r["id"], "corrections.csv", r["row"], problems) and ids.claim(r["id"], "corrections.csv", r["row"], problems)):
            continue
        if r["target"] not in edges and r["target"] not in nodes:
            problems.append(Problem("corrections.csv", r["row"], "target", f"unknown claim or node {r['target']!r}"))
            continue
        corrections[r["id"]] = Correction(r["id"], r["target"], r["correction"])
        correction_rows[r["id"]] = r["row"]
    return corrections, correction_rows


def validate_citations(frame, sources, known_items, texts, problems) -> dict[str, list[Citation]]:
    citations: dict[str, list[Citation]] = defaultdict(list)
    for r in rows(frame):
        if not _required_filled(r, "citations.csv", problems):
            continue
        ok = True
        if r["what"] not in known_items:
            problems.append(Problem("citations.csv", r["row"], "what", f"unknown node, claim or correction {r['what']!r}"))
            ok = False
        source = sources.get(r["source"])
        if source is None:
            problems.append(Problem("citations.csv", r["row"], "source", f"unknown source {r['source']!r}"))
            ok = False
        if not ok:
            continue
        citation = Citation(r["what"], r["source"], r["locator"], split_list(r["terms"]))
        found = check_citation(citation, source, texts)
        for field_name, message in found:
            problems.append(Problem("citations.csv", r["row"], field_name, message))
        if not found:
            citations[r["what"]].append(citation)
    return dict(citations)


def load_dataset(data_dir: Path | str | None = None, sources_dir: Path | str | None = None) -> LoadResult:
    """Load and validate a data folder.

    Parameters
    ----------
    data_dir : path, optional
        The folder with ``schema.yaml`` and the CSV files; the bundled ``graph_data/`` by default.
    sources_dir : path, optional
        The folder with the source documents' text, to check locators and evidence terms; see
        :func:`default_sources_dir`.

    Returns
    -------
    LoadResult
        The valid part of the data as a :class:`~builders.model.Dataset`, and every problem.
    """
    data_dir = Path(data_dir) if data_dir else DEFAULT_DATA_DIR
    problems: list[Problem] = []
    if not data_dir.is_dir():
        problems.append(Problem(str(data_dir), 0, "folder", "no such data folder"))
    sources_dir = Path(sources_dir) if sources_dir else default_sources_dir(data_dir)
    texts = _SnapshotTexts(sources_dir)
    if sources_dir is not None and not texts.available:
        problems.append(Problem("sources.csv", 0, "file", f"source text folder {sources_dir} not found"))

    schema = load_schema(data_dir / "schema.yaml", problems)
    frames = {name: read_table(data_dir / name, problems) for name in TABLES}
    ids = _Ids()
    sources = validate_sources(frames["sources.csv"], schema, texts, ids, problems)
    if any(s.is_document for s in sources.values()) and not texts.available:
        problems.append(Problem("sources.csv", 0, "file", "source texts not found, so locators and evidence terms "
                                "were not checked; point --sources-dir at them", "warning"))
    nodes, node_rows = validate_nodes(frames["nodes.csv"], schema, ids, problems)
    edges, edge_rows = validate_edges(frames["edges.csv"], schema, nodes, ids, problems)
    corrections, correction_rows = validate_corrections(frames["corrections.csv"], nodes, edges, ids, problems)
    known = set(nodes) | set(edges) | set(corrections)
    citations = validate_citations(frames["citations.csv"], sources, known, texts, problems)

    for file, item_rows in (("nodes.csv", node_rows), ("edges.csv", edge_rows)):
        for item, row in item_rows.items():
            if not citations.get(item):
                problems.append(Problem(file, row, "id", f"{item!r} has no valid citation in citations.csv"))
    by_target: dict[str, list[str]] = defaultdict(list)
    for correction in corrections.values():
        backing = citations.get(correction.id, [])
        if not backing:
            problems.append(Problem("corrections.csv", correction_rows[correction.id], "id",
                                    f"correction {correction.id!r} has no citation to a reference that backs it"))
            continue
        if all(sources[c.source].reliability == "low" for c in backing):
            problems.append(Problem("corrections.csv", correction_rows[correction.id], "id",
                                    "backed only by sources rated low; cite a vetted reference", "warning"))
        by_target[correction.target].append(correction.id)

    dataset = Dataset(schema, sources, nodes, edges, citations, corrections, dict(by_target))
    return LoadResult(dataset, sorted(set(problems), key=_problem_order), data_dir)


def _problem_order(problem: Problem):
    file_order = ["schema.yaml", *TABLES]
    return (file_order.index(problem.file) if problem.file in file_order else len(file_order),
            problem.file, problem.row, problem.field, problem.message)
