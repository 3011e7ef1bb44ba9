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

from .evidence import SourceTexts, check_citation
from .model import (RELIABILITIES, Citation, Correction, Dataset, Edge, Node, NodeKind, Problem,
                    Relation, Schema, Source, StatusStyle)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "graph_data"

#: Limits that keep a hostile file from exhausting memory or time; each is reported when exceeded.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_FIELD_CHARS = 10_000

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
        columns = ["file", "row", "field", "severity", "message"]
        return pd.DataFrame([p.as_dict() for p in self.problems], columns=columns)


# --------------------------------------------------------------------------- reading files

def decode(raw: bytes, name: str, problems: list[Problem]) -> str:
    """Decode a file as UTF-8 (a BOM is allowed), reporting where it is not."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(name, 0, "encoding", "the file is UTF-16; save it as UTF-8 (CSV UTF-8 in a spreadsheet)"))
        return raw.decode("utf-16", errors="replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
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
    if path.stat().st_size > MAX_FILE_BYTES:
        problems.append(Problem(name, 0, "file", f"the file is larger than {MAX_FILE_BYTES // 2**20} MB"))
        return empty
    text = decode(path.read_bytes(), name, problems)
    if not text.strip():
        problems.append(Problem(name, 0, "file", f"the file is empty; it needs a header row: {', '.join(required)}"))
        return empty

    reader = csv.reader(io.StringIO(text, newline=""))
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
            problems.append(Problem(name, 1, column or "(blank)", "unknown column, ignored", "warning"))
    first_index = {column: header.index(column) for column in counts}

    records: list[dict] = []
    line = 1
    while True:
        start = line + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(name, start, "row", f"unreadable row: {exc}"))
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
    return iter(frame.to_dict("records"))


# --------------------------------------------------------------------------- the schema

def load_schema(path: Path, problems: list[Problem]) -> Schema:
    """Read ``schema.yaml``; problems name the YAML path in the ``field`` part."""
    name = path.name
    data: dict = {}
    if not path.is_file():
        problems.append(Problem(name, 0, "file", "missing file; it declares the node kinds and relations"))
    else:
        try:
            data = yaml.safe_load(decode(path.read_bytes(), name, problems)) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problems.append(Problem(name, (mark.line + 1) if mark else 0, "yaml", f"not valid YAML: {getattr(exc, 'problem', exc)}"))
        if not isinstance(data, dict):
            problems.append(Problem(name, 0, "yaml", "the file must be a mapping with node_kinds and relations"))
            data = {}

    def mapping(key: str) -> dict:
        value = data.get(key) or {}
        if not isinstance(value, dict):
            problems.append(Problem(name, 0, key, "must be a mapping"))
            return {}
        return value

    kinds = {}
    for kind_id, spec in mapping("node_kinds").items():
        spec = spec if isinstance(spec, dict) else {}
        kinds[str(kind_id)] = NodeKind(str(kind_id), str(spec.get("label", kind_id)), str(spec.get("color", "#888888")),
                                       str(spec.get("shape", "dot")), str(spec.get("description", "")))
    if not kinds:
        problems.append(Problem(name, 0, "node_kinds", "no node kinds declared"))

    relations = {}
    for rel_id, spec in mapping("relations").items():
        where = f"relations.{rel_id}"
        if not isinstance(spec, dict):
            problems.append(Problem(name, 0, where, "must be a mapping with source, target, label and inverse"))
            continue
        ends = {}
        for end in ("source", "target"):
            value = spec.get(end)
            value = [value] if isinstance(value, str) else list(value or [])
            for kind in value:
                if kind not in kinds:
                    problems.append(Problem(name, 0, f"{where}.{end}", f"unknown node kind {kind!r}"))
            if not value:
                problems.append(Problem(name, 0, f"{where}.{end}", "list the node kinds this relation may join"))
            ends[end] = tuple(str(k) for k in value)
        relations[str(rel_id)] = Relation(str(rel_id), ends["source"], ends["target"],
                                          str(spec.get("label", rel_id)), str(spec.get("inverse", rel_id)))
    if not relations:
        problems.append(Problem(name, 0, "relations", "no relations declared"))

    default_styles = {"supported": ("Supported", "#555555", False), "weak": ("Weak", "#999999", True),
                      "contradicted": ("Contradicted", "#e6550d", False)}
    styles_spec = mapping("statuses")
    statuses = {}
    for status, (label, color, dashes) in default_styles.items():
        spec = styles_spec.get(status) if isinstance(styles_spec.get(status), dict) else {}
        statuses[status] = StatusStyle(status, str(spec.get("label", label)), str(spec.get("color", color)),
                                       bool(spec.get("dashes", dashes)), str(spec.get("description", "")))
    source_types = tuple(str(t) for t in (data.get("source_types") or
                                           ["blog", "patient education", "hospital marketing", "guideline",
                                            "drug label", "trial", "review"]))
    return Schema(kinds, relations, statuses, source_types)


# --------------------------------------------------------------------------- validation

class _Ids:
    """Every id declared so far, to report an id used twice, in one file or across files."""

    def __init__(self):
        self.seen: dict[str, tuple[str, int]] = {}

    def claim(self, value: str, file: str, row: int, problems: list[Problem]) -> bool:
        if not ID_PATTERN.match(value):
            problems.append(Problem(file, row, "id", f"{value!r} is not a valid id; use lower-case letters, "
                                    "digits, '-', '_' or '.', starting with a letter or digit"))
            return False
        if value.casefold() in MISSING_VALUE_WORDS:
            problems.append(Problem(file, row, "id", f"{value!r} looks like a missing value, not an id"))
            return False
        if value in self.seen:
            other_file, other_row = self.seen[value]
            problems.append(Problem(file, row, "id", f"duplicate id {value!r}; first used at {other_file}:{other_row}"))
            return False
        self.seen[value] = (file, row)
        return True


def _check_id(value: str, file: str, row: int, problems: list[Problem]) -> bool:
    """Check an id given in uppercase or with a missing value (before the slug rule)."""
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
        label_key = " ".join(r["label"].split()).casefold()
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
    texts = SourceTexts(sources_dir)
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
