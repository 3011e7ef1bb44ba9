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

from pathlib import Path

from .characters import invisible_character
from .colors import is_color, plain_color
from .files import MISSING, path_problem, read_yaml
from .model import NodeKind, Problem, Relation, Schema, StatusStyle
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
DEFAULT_SOURCE_TYPES = ("blog", "patient education", "hospital marketing", "guideline", "drug label", "trial",
                        "review")
#: How each status is drawn when the schema does not say: (label, colour, dashed).
DEFAULT_STATUS_STYLES = {"supported": ("Supported", "#555555", False), "weak": ("Weak", "#999999", True),
                         "contradicted": ("Contradicted", "#e6550d", False)}


class _Reader:
    """Typed access to the YAML values of one schema file, reporting what does not fit."""

    def __init__(self, name: str, problems: list[Problem]):
        self.name, self.problems = name, problems

    def report(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.name, 0, where, message))

    def mapping(self, value, where: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.report(where, "must be a mapping")
            return {}
        return value

    def text(self, spec: dict, key: str, where: str, default: str, allowed=None, hint: str = "") -> str:
        """The text of ``spec[key]`` (``default`` when absent or wrong, with a problem).

        ``allowed`` checks the value (``hint`` says what is allowed). Numbers are read as their
        text; labels get a warning for invisible characters.
        """
        value = spec.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.report(f"{where}.{key}", f"expected text, not {_kind_of(value)}")
            return default
        value = str(value)
        if key in ONE_LINE:
            value = " ".join(value.split())
        if allowed is not None and not allowed(value):
            self.report(f"{where}.{key}", f"{quote(value)} is not allowed here{hint}; using {default!r}")
            return default
        if key in ("label", "inverse") and invisible_character(value):
            self.problems.append(Problem(self.name, 0, f"{where}.{key}", invisible_character(value), "warning"))
        return value

    def text_list(self, value, where: str) -> tuple[str, ...]:
        value = [value] if isinstance(value, str) else value if isinstance(value, list) else None
        if value is None or not all(isinstance(v, str) for v in value):
            self.report(where, "expected a list of names")
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
    return Schema(kinds, relations, statuses, source_types)


def _node_kinds(reader: _Reader, value) -> dict[str, NodeKind]:
    kinds = {}
    for kind_id, spec in reader.ids(value, "node_kinds", "kind").items():
        where = f"node_kinds.{kind_id}"
        spec = reader.mapping(spec, where)
        kinds[kind_id] = NodeKind(kind_id, reader.text(spec, "label", where, kind_id),
                                  plain_color(reader.text(spec, "color", where, "#888888", is_color, COLOR_HINT)),
                                  reader.text(spec, "shape", where, "dot", SHAPES.__contains__, SHAPE_HINT),
                                  reader.text(spec, "description", where, ""))
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
        relations[rel_id] = Relation(rel_id, ends["source"], ends["target"], reader.text(spec, "label", where, rel_id),
                                     reader.text(spec, "inverse", where, rel_id))
    if not relations:
        reader.report("relations", "no relations declared")
    return relations


def _statuses(reader: _Reader, value) -> dict[str, StatusStyle]:
    styles_spec = reader.mapping(value, "statuses")
    statuses = {}
    for status, (label, color, dashes) in DEFAULT_STATUS_STYLES.items():
        where = f"statuses.{status}"
        spec = reader.mapping(styles_spec.get(status), where)
        dashed = spec.get("dashes", dashes)
        if not isinstance(dashed, bool):
            reader.report(f"{where}.dashes", "must be true or false")
            dashed = dashes
        statuses[status] = StatusStyle(status, reader.text(spec, "label", where, label),
                                       plain_color(reader.text(spec, "color", where, color, is_color, COLOR_HINT)),
                                       dashed, reader.text(spec, "description", where, ""))
    return statuses
