"""Read ``schema.yaml``, the metagraph: node kinds, the relations between them, status styles.

The file may come from an upload, so every value is checked for its type before use: a list
where text belongs is reported ("expected text"), never turned into text, and colours and shapes
must be values that every page and export can draw (:mod:`builders.data.colors`). Kind and
relation names are ids. Labels are one line: runs of white space read as one space. Problems name
the YAML path in their ``field`` part, e.g.
``schema.yaml: relations.treats.source: unknown node kind 'drugg'``.

Examples
--------
>>> problems = []
>>> schema = load_schema(DEFAULT_DATA_DIR / "schema.yaml", problems)
>>> problems, schema.relations["treats"].label
([], 'treats')
"""

from __future__ import annotations

import re
import string
from pathlib import Path

from .characters import invisible_character
from .colors import is_color, plain_color
from .files import MISSING, path_problem, read_yaml
from .model import CompareRow, NodeKind, Problem, Relation, Schema, StatusStyle
from .problems import choices, quote
from .tables import ID_PATTERN

#: schema.yaml is a short hand-written file; a larger one is refused before YAML parses it.
MAX_SCHEMA_BYTES = 1024 * 1024
#: Shapes vis-network draws with a label; any other value falls back to ``dot``.
SHAPES = ("dot", "box", "diamond", "triangle", "triangleDown", "square", "star", "ellipse", "hexagon",
          "circle", "database", "text")
#: Fields that are read as one line of text (runs of white space become one space).
ONE_LINE = ("label", "inverse", "color", "shape")
COLOR_HINT = ": not a colour; write #rrggbb (or #rgb) in hexadecimal, or a CSS colour name such as steelblue"
SHAPE_HINT = f"; one of: {', '.join(SHAPES)}"
#: What a relation of ``schema.yaml`` may hold, and the placeholders of its quiz questions.
RELATION_FIELDS = ("source", "target", "label", "inverse", "question", "inverse_question", "transitive", "sequence",
                   "family", "shared")
PLACEHOLDERS = ("subject", "kind")
#: What a row of ``compare:`` may hold; ``*`` in a path is any relation.
COMPARE_FIELDS = ("id", "label", "follow", "kinds", "about", "exclude", "show")
COMPARE_SHOWS = ("item", "claim")
ANY_RELATION = "*"
ROW_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
DEFAULT_SOURCE_TYPES = ("blog", "patient education", "hospital marketing", "guideline", "drug label", "trial",
                        "review")
#: How each status is drawn when the schema does not say: (label, colour, dash pattern in pixels).
#: Each status has its own pattern, so that it reads without colour (in greyscale, or to a reader
#: who does not tell orange from grey): solid, dashed, dash-dot.
DEFAULT_STATUS_STYLES = {"supported": ("Supported", "#555555", ()), "weak": ("Weak", "#8a8a8a", (6, 4)),
                         "contradicted": ("Contradicted", "#d94801", (10, 4, 2, 4))}
#: ``dashes: true`` in a schema: the plain dashed line.
DASHED = (6, 4)


class _Reader:
    """Typed access to the YAML values of one schema file, reporting what does not fit."""

    def __init__(self, name: str, problems: list[Problem]):
        self.name, self.problems = name, problems

    def report(self, where: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.name, 0, where, message, severity))

    def mapping(self, value, where: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.report(where, "must be a mapping")
            return {}
        return value

    def text(self, spec: dict, key: str, where: str, default: str, allowed=None, severity: str = "error", *,
             hint: str = "") -> str:
        """The text of ``spec[key]`` (``default`` when absent or wrong, with a problem).

        ``allowed`` checks the value (``hint`` says what is allowed). Numbers are read as their
        text; labels are one line, and get a warning for invisible characters.
        """
        value = spec.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.report(f"{where}.{key}", f"expected text, not {_kind_of(value)}", severity)
            return default
        value = str(value)
        if key in ONE_LINE:
            value = " ".join(value.split())
        if allowed is not None and not allowed(value):
            self.report(f"{where}.{key}", f"{quote(value)} is not allowed here{hint}; using {default!r}", severity)
            return default
        if key in ("label", "inverse") and invisible_character(value):
            self.problems.append(Problem(self.name, 0, f"{where}.{key}", invisible_character(value), "warning"))
        return value

    def number(self, spec: dict, key: str, where: str, default: int, low: int, high: int) -> int:
        value = spec.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.report(f"{where}.{key}", f"must be a whole number from {low} to {high}")
            return default
        return value

    def flag(self, spec: dict, key: str, where: str, default: bool = False) -> bool:
        value = spec.get(key, default)
        if not isinstance(value, bool):
            self.report(f"{where}.{key}", "must be true or false")
            return default
        return value

    def text_list(self, value, where: str, severity: str = "error") -> tuple[str, ...]:
        value = [value] if isinstance(value, str) else value if isinstance(value, list) else None
        if value is None or not all(isinstance(v, str) for v in value):
            self.report(where, "expected a list of names", severity)
            return ()
        return tuple(" ".join(v.split()) for v in value)

    def ids(self, value, where: str, what: str) -> dict:
        """A mapping whose keys are ids (kinds, relations); keys that are not are reported and left out."""
        found = {}
        for key, spec in self.mapping(value, where).items():
            name = str(key)
            if not ID_PATTERN.match(name):
                self.report(f"{where}.{name}", f"{quote(name)} is not a valid {what} name; use lower-case letters, "
                            "digits, '-', '_' or '.', starting with a letter or digit")
                continue
            found[name] = spec
        return found

    def question(self, spec: dict, key: str, where: str) -> str:
        """A quiz question template: text whose only placeholders are ``{subject}`` and ``{kind}``.

        A template that does not fit is reported as a warning and left out (the quiz words its own).
        """
        value = spec.get(key)
        if value is None:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.report(f"{where}.{key}", "must be a sentence of text; the quiz words its own", "warning")
            return ""
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
        except ValueError:
            names = {"{"}
        unknown = sorted(names - set(PLACEHOLDERS))
        if unknown:
            self.report(f"{where}.{key}", f"{quote(value)} has a placeholder other than "
                        f"{' and '.join('{' + p + '}' for p in PLACEHOLDERS)} or a lone brace "
                        f"({', '.join(unknown)}); the quiz words its own", "warning")
            return ""
        return value.strip()


def _kind_of(value) -> str:
    """What a YAML value is, for a message: "a list", "a mapping", "true/false", "nothing"."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    return {"list": "a list", "dict": "a mapping"}.get(type(value).__name__, f"a {type(value).__name__}")


def load_schema(path: Path, problems: list[Problem]) -> Schema:
    """Read ``schema.yaml``; every problem is appended to ``problems``."""
    name = path.name
    data = None
    if path_problem(path) == MISSING:
        problems.append(Problem(name, 0, "file", "missing file; it declares the node kinds and relations"))
    else:
        data = read_yaml(path, name, problems, MAX_SCHEMA_BYTES, "a schema") or {}
        if not isinstance(data, dict):
            problems.append(Problem(name, 0, "yaml", "the file must be a mapping with node_kinds and relations"))
    data = data if isinstance(data, dict) else {}
    reader = _Reader(name, problems)
    kinds = _node_kinds(reader, data.get("node_kinds"))
    relations = _relations(reader, data.get("relations"), kinds)
    statuses = _statuses(reader, data.get("statuses"))
    source_types = DEFAULT_SOURCE_TYPES
    if data.get("source_types"):
        source_types = reader.text_list(data["source_types"], "source_types") or DEFAULT_SOURCE_TYPES
    return Schema(kinds, relations, statuses, source_types, compare_rows(reader, data.get("compare"), kinds, relations))


#: The last band of the layout (0 at the top); see ``builders/graph/layout.py``.
MAX_BAND = 99


def _node_kinds(reader: _Reader, value) -> dict[str, NodeKind]:
    kinds = {}
    for order, (kind_id, spec) in enumerate(reader.ids(value, "node_kinds", "kind").items()):
        where = f"node_kinds.{kind_id}"
        spec = reader.mapping(spec, where)
        kinds[kind_id] = NodeKind(kind_id, reader.text(spec, "label", where, kind_id),
                                  plain_color(reader.text(spec, "color", where, "#888888", is_color, hint=COLOR_HINT)),
                                  reader.text(spec, "shape", where, "dot", SHAPES.__contains__, hint=SHAPE_HINT),
                                  reader.text(spec, "description", where, ""),
                                  # without a band, kinds follow one another in the order written
                                  reader.number(spec, "band", where, min(order, MAX_BAND), 0, MAX_BAND),
                                  reader.flag(spec, "anchor", where))
    if not kinds:
        reader.report("node_kinds", "no node kinds declared")
    return kinds


def _relations(reader: _Reader, value, kinds: dict[str, NodeKind]) -> dict[str, Relation]:
    relations = {}
    for rel_id, spec in reader.ids(value, "relations", "relation").items():
        where = f"relations.{rel_id}"
        if not isinstance(spec, dict):
            reader.report(where, "must be a mapping with source, target, label and inverse")
            continue
        ends = {}
        for end in ("source", "target"):
            found = reader.text_list(spec.get(end) or [], f"{where}.{end}")
            for kind in found:
                if kind not in kinds:
                    reader.report(f"{where}.{end}", f"unknown node kind {quote(kind)}; one of: {choices(kinds)}")
            if not found:
                reader.report(f"{where}.{end}", "list the node kinds this relation may join")
            ends[end] = found
        relations[str(rel_id)] = Relation(str(rel_id), ends["source"], ends["target"],
                                          reader.text(spec, "label", where, str(rel_id)),
                                          reader.text(spec, "inverse", where, str(rel_id)),
                                          **_teaching_fields(reader, spec, where, ends))
    if not relations:
        reader.report("relations", "no relations declared")
    return relations


def _teaching_fields(reader: _Reader, spec: dict, where: str, ends: dict) -> dict:
    """A relation's optional teaching vocabulary: its quiz questions, ``transitive``, ``sequence``,
    ``family``, ``shared``.

    Problems here are warnings: the field falls back to its default and the data still loads.
    """
    for key in spec:
        if key not in RELATION_FIELDS:
            reader.report(f"{where}.{key}", f"unknown field, ignored; a relation has: {', '.join(RELATION_FIELDS)}",
                          "warning")
    fields = {key: reader.question(spec, key, where) for key in ("question", "inverse_question")}
    for flag in ("transitive", "sequence", "family", "shared"):
        value = spec.get(flag, False)
        if not isinstance(value, bool):
            reader.report(f"{where}.{flag}", "must be true or false; read as false", "warning")
            value = False
        fields[flag] = value
    if fields["sequence"] and fields["family"]:
        reader.report(f"{where}.family", "a relation is a sequence or a family, not both; read as a sequence",
                      "warning")
        fields["family"] = False
    if fields["sequence"] and not set(ends["source"]) & set(ends["target"]):
        reader.report(f"{where}.sequence", "a sequence orders things of one kind: its source and target must "
                      "share a node kind; read as false", "warning")
        fields["sequence"] = False
    return fields


def _statuses(reader: _Reader, value) -> dict[str, StatusStyle]:
    styles_spec = reader.mapping(value, "statuses")
    statuses = {}
    for status, (label, color, pattern) in DEFAULT_STATUS_STYLES.items():
        where = f"statuses.{status}"
        spec = reader.mapping(styles_spec.get(status), where)
        statuses[status] = StatusStyle(status, reader.text(spec, "label", where, label),
                                       plain_color(reader.text(spec, "color", where, color, is_color, hint=COLOR_HINT)),
                                       _pattern(reader, spec.get("dashes", pattern), f"{where}.dashes", pattern),
                                       reader.text(spec, "description", where, ""))
    return statuses


def _pattern(reader: _Reader, value, where: str, default: tuple) -> tuple[float, ...]:
    """``dashes``: false (solid), true (dashed), or a dash pattern of 2-8 lengths in pixels."""
    if isinstance(value, bool):
        return DASHED if value else ()
    if (isinstance(value, (list, tuple)) and 2 <= len(value) <= 8
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v <= 50 for v in value)):
        return tuple(float(v) for v in value)
    reader.report(where, "write true, false, or a dash pattern such as [10, 4, 2, 4] (2 to 8 lengths, in pixels)")
    return default


# --------------------------------------------------------------------------- compare:

def compare_rows(reader: _Reader, value, kinds: dict, relations: dict) -> tuple[CompareRow, ...]:
    """The rows of ``compare:``: which relations (and hops) fill each row of the comparison.

    Every problem is a warning naming the row (``compare[3].follow``); a row that cannot be read
    is left out, and without any row the comparison falls back to one row per relation.
    """
    if value is None:
        return ()
    if not isinstance(value, list):
        reader.report("compare", "must be a list of rows, each with id, label and follow; ignored", "warning")
        return ()
    rows: list[CompareRow] = []
    for number, spec in enumerate(value):
        row = _compare_row(reader, spec, f"compare[{number}]", kinds, relations, {r.id for r in rows})
        if row is not None:
            rows.append(row)
    known = {row.id for row in rows}
    for number, row in enumerate(rows):
        unknown = [r for r in row.exclude if r not in known or r == row.id]
        if unknown:
            reader.report(f"compare[{number}].exclude", f"not another row: {choices(unknown)}; ignored", "warning")
            rows[number] = CompareRow(**{**row.__dict__, "exclude": tuple(r for r in row.exclude if r not in unknown)})
    return tuple(rows)


def _compare_row(reader: _Reader, spec, where: str, kinds: dict, relations: dict, taken: set) -> CompareRow | None:
    if not isinstance(spec, dict):
        reader.report(where, "a row is a mapping with id, label and follow; ignored", "warning")
        return None
    for key in spec:
        if key not in COMPARE_FIELDS:
            reader.report(f"{where}.{key}", f"unknown field, ignored; a row has: {', '.join(COMPARE_FIELDS)}", "warning")
    row_id = spec.get("id")
    if not isinstance(row_id, str) or not ROW_ID.match(row_id) or row_id in taken:
        why = "is used by an earlier row" if row_id in taken else "must be a short name in lower case (onset, risks)"
        reader.report(f"{where}.id", f"{quote(row_id)} {why}; the row is ignored", "warning")
        return None
    follow = _compare_paths(reader, spec.get("follow"), f"{where}.follow", relations)
    if not follow:
        return None
    row_kinds = reader.text_list(spec.get("kinds") or [], f"{where}.kinds", "warning")
    for kind in row_kinds:
        if kind not in kinds:
            reader.report(f"{where}.kinds", f"unknown node kind {quote(kind)}; ignored", "warning")
    show = reader.text(spec, "show", where, "item", COMPARE_SHOWS.__contains__, "warning")
    return CompareRow(row_id, reader.text(spec, "label", where, row_id, severity="warning"), follow,
                      tuple(k for k in row_kinds if k in kinds),
                      tuple(w.strip() for w in reader.text_list(spec.get("about") or [], f"{where}.about", "warning")
                            if w.strip()),
                      reader.text_list(spec.get("exclude") or [], f"{where}.exclude", "warning"), show)


def _compare_paths(reader: _Reader, value, where: str, relations: dict) -> tuple[tuple[str, ...], ...]:
    """``[treats, has_step > has_risk, "*"]`` as paths of relation ids; unknown relations are warned of."""
    paths = []
    for text in reader.text_list(value if value is not None else [], where, "warning"):
        path = tuple(part.strip() for part in text.split(">"))
        unknown = [part for part in path if part not in relations and part != ANY_RELATION]
        if unknown:
            reader.report(where, f"{quote(text)}: unknown relation {quote(unknown[0])}; this way is ignored", "warning")
        else:
            paths.append(path)
    if not paths:
        reader.report(where, "list the relations that lead from a therapy to this row's items "
                      "(a hop as 'has_step > has_risk'); the row is ignored", "warning")
    return tuple(paths)
