"""Read ``schema.yaml``, the metagraph: node kinds, the relations between them, status styles.

The file may come from an upload, so every value is checked for its type before use: a list
where text belongs is reported, never turned into text (YAML aliases can make such a list
enormous), and colours and shapes must be plain values. Problems name the YAML path in their
``field`` part, e.g. ``schema.yaml: relations.treats.source: unknown node kind 'drugg'``.

Examples
--------
>>> problems = []
>>> schema = load_schema(DEFAULT_DATA_DIR / "schema.yaml", problems)
>>> problems, schema.relations["treats"].label
([], 'treats')
"""

from __future__ import annotations

import re
from pathlib import Path

from .files import read_yaml
from .model import NodeKind, Problem, Relation, Schema, StatusStyle

#: schema.yaml is a short hand-written file; a larger one is refused before YAML parses it.
MAX_SCHEMA_BYTES = 1024 * 1024
#: Shapes vis-network draws with a label; any other value falls back to ``dot``.
SHAPES = ("dot", "box", "diamond", "triangle", "triangleDown", "square", "star", "ellipse", "hexagon",
          "circle", "database", "text")
# A colour is shown in the page's styles, so only plain values are accepted: #rgb, #rrggbb(aa), a name.
COLOR_PATTERN = re.compile(r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30})$")
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

    def report(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.name, 0, where, message))

    def mapping(self, value, where: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.report(where, "must be a mapping")
            return {}
        return value

    def text(self, spec: dict, key: str, where: str, default: str, allowed=None) -> str:
        value = spec.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.report(f"{where}.{key}", f"must be text, not a {type(value).__name__}")
            return default
        if allowed is not None and not allowed(str(value)):
            self.report(f"{where}.{key}", f"{value!r} is not allowed here; using {default!r}")
            return default
        return str(value)

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

    def text_list(self, value, where: str) -> tuple[str, ...]:
        value = [value] if isinstance(value, str) else value if isinstance(value, list) else None
        if value is None or not all(isinstance(v, str) for v in value):
            self.report(where, "must be a list of names")
            return ()
        return tuple(value)


def load_schema(path: Path, problems: list[Problem]) -> Schema:
    """Read ``schema.yaml``; every problem is appended to ``problems``."""
    name = path.name
    data = None
    if not path.is_file():
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
    for order, (kind_id, spec) in enumerate(reader.mapping(value, "node_kinds").items()):
        where = f"node_kinds.{kind_id}"
        spec = reader.mapping(spec, where)
        kinds[str(kind_id)] = NodeKind(str(kind_id), reader.text(spec, "label", where, str(kind_id)),
                                       reader.text(spec, "color", where, "#888888", COLOR_PATTERN.match),
                                       reader.text(spec, "shape", where, "dot", SHAPES.__contains__),
                                       reader.text(spec, "description", where, ""),
                                       reader.number(spec, "band", where, order, 0, 99),
                                       reader.flag(spec, "anchor", where))
    if not kinds:
        reader.report("node_kinds", "no node kinds declared")
    return kinds


def _relations(reader: _Reader, value, kinds: dict[str, NodeKind]) -> dict[str, Relation]:
    relations = {}
    for rel_id, spec in reader.mapping(value, "relations").items():
        where = f"relations.{rel_id}"
        if not isinstance(spec, dict):
            reader.report(where, "must be a mapping with source, target, label and inverse")
            continue
        ends = {}
        for end in ("source", "target"):
            found = reader.text_list(spec.get(end) or [], f"{where}.{end}")
            for kind in found:
                if kind not in kinds:
                    reader.report(f"{where}.{end}", f"unknown node kind {kind!r}")
            if not found:
                reader.report(f"{where}.{end}", "list the node kinds this relation may join")
            ends[end] = found
        relations[str(rel_id)] = Relation(str(rel_id), ends["source"], ends["target"],
                                          reader.text(spec, "label", where, str(rel_id)),
                                          reader.text(spec, "inverse", where, str(rel_id)))
    if not relations:
        reader.report("relations", "no relations declared")
    return relations


def _statuses(reader: _Reader, value) -> dict[str, StatusStyle]:
    styles_spec = reader.mapping(value, "statuses")
    statuses = {}
    for status, (label, color, pattern) in DEFAULT_STATUS_STYLES.items():
        where = f"statuses.{status}"
        spec = reader.mapping(styles_spec.get(status), where)
        statuses[status] = StatusStyle(status, reader.text(spec, "label", where, label),
                                       reader.text(spec, "color", where, color, COLOR_PATTERN.match),
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
