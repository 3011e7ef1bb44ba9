"""The teaching vocabulary of ``schema.yaml``: quiz questions, sequence, transitive and family
relations, and the rows of the comparison. Each field is checked with a clear warning naming its
YAML path; a schema without them still loads, and the tools fall back to their own words."""

from __future__ import annotations

import pytest
import yaml

from builders.data.files import DEFAULT_DATA_DIR
from builders.data.schema import load_schema


def schema_of(tmp_path, change=None):
    data = yaml.safe_load((DEFAULT_DATA_DIR / "schema.yaml").read_text(encoding="utf-8"))
    if change:
        change(data)
    path = tmp_path / "schema.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems = []
    return load_schema(path, problems), problems


def test_the_bundled_schema_reads_whole(tmp_path):
    schema, problems = schema_of(tmp_path)
    assert problems == []
    assert schema.relations["precedes"].sequence and schema.relations["causes"].chains
    assert {r for r, spec in schema.relations.items() if spec.family} == {"is_a", "form_of", "builds_on", "located_in",
                                                                                        "uses_drug", "uses_device", "has_step"}
    assert all(spec.question and spec.inverse_question for spec in schema.relations.values())
    assert [row.id for row in schema.compare][:3] == ["route", "mechanism", "drugs"]
    risks = next(row for row in schema.compare if row.id == "risks")
    assert ("has_step", "has_risk") in risks.follow


def test_a_schema_without_the_teaching_fields_loads(tmp_path):
    def strip(data):
        data.pop("compare")
        for spec in data["relations"].values():
            for key in ("question", "inverse_question", "sequence", "transitive", "family"):
                spec.pop(key, None)
    schema, problems = schema_of(tmp_path, strip)
    assert problems == [] and schema.compare == ()
    assert not any(r.question or r.sequence or r.family for r in schema.relations.values())


def set_in(path, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


@pytest.mark.parametrize("path, value, field, words", [
    (("relations", "treats", "question"), "Does {subj} treat it?", "relations.treats.question", "placeholder"),
    (("relations", "treats", "question"), "Lone { brace", "relations.treats.question", "placeholder"),
    (("relations", "treats", "inverse_question"), ["a", "list"], "relations.treats.inverse_question", "sentence"),
    (("relations", "precedes", "sequence"), "yes", "relations.precedes.sequence", "true or false"),
    (("relations", "treats", "sequence"), True, "relations.treats.sequence", "share a node kind"),
    (("relations", "is_a", "sequence"), True, "relations.is_a.family", "not both"),
    (("relations", "treats", "questoin"), "Hi?", "relations.treats.questoin", "unknown field"),
    (("compare",), {"route": "x"}, "compare", "list of rows"),
    (("compare", 0, "follow"), ["delivered_by"], "compare[0].follow", "unknown relation 'delivered_by'"),
    (("compare", 0, "follow"), [], "compare[0].follow", "list the relations"),
    (("compare", 0, "id"), "Route Row", "compare[0].id", "short name"),
    (("compare", 1, "id"), "route", "compare[1].id", "earlier row"),
    (("compare", 0, "kinds"), ["gadget"], "compare[0].kinds", "unknown node kind 'gadget'"),
    (("compare", 0, "show"), "both", "compare[0].show", "not allowed"),
    (("compare", 0, "exclude"), ["nowhere"], "compare[0].exclude", "not another row"),
    (("compare", 0, "colour"), "red", "compare[0].colour", "unknown field"),
])
def test_each_teaching_field_is_checked(tmp_path, path, value, field, words):
    schema, problems = schema_of(tmp_path, set_in(path, value))
    found = [p for p in problems if p.field == field]
    assert found, [p.format() for p in problems]
    assert words in found[0].message and found[0].severity == "warning"
    assert found[0].format().startswith(f"schema.yaml: {field}: warning: ")


def test_a_bad_teaching_field_falls_back(tmp_path):
    schema, _ = schema_of(tmp_path, set_in(("relations", "treats", "question"), "Does {subj} treat it?"))
    assert schema.relations["treats"].question == ""  # the quiz words its own
    schema, _ = schema_of(tmp_path, set_in(("compare", 0, "follow"), ["delivered_by", "uses_device"]))
    assert schema.compare[0].follow == (("uses_device",),)
    schema, _ = schema_of(tmp_path, set_in(("compare", 1, "id"), "route"))
    assert [row.id for row in schema.compare].count("route") == 1
