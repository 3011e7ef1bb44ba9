"""Validation means safe to use (issue 16), as a property: hypothesis writes ``schema.yaml`` and a
tour full of random scalars, tags and Unicode (lone surrogates and control characters included)
on top of the teaching dataset. Whatever does not validate must be reported as located problems;
whatever validates must work on every page (AppTest) and in every export, command-line ones
included (a tour with errors is left out, and the pages and exports work without it).

The example count is modest: each dataset that validates opens all seven pages.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from builders.cli import main
from builders.data.files import DEFAULT_DATA_DIR, PROJECT_ROOT
from builders.data.load import load_dataset
from builders.teach.tour_files import validate_tours
from builders.graph.build import build_graph
from support.teaching import write_teaching_dataset

APP = str(PROJECT_ROOT / "app.py")
PAGES = ["explore", "sources", "table", "compare", "present", "quiz", "data"]
BUNDLED = yaml.safe_load((DEFAULT_DATA_DIR / "schema.yaml").read_text(encoding="utf-8"))


class Raw(str):
    """YAML source text written as it is: a tag, an alias, a date, a huge number."""


def scalar(value) -> str:
    """One scalar as YAML: raw text as it is, text double-quoted with every odd character escaped
    (so that a lone surrogate or a control character reaches the parser as an escape)."""
    if isinstance(value, Raw):
        return str(value)
    if not isinstance(value, str):
        return json.dumps(value)
    out = []
    for char in value:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7f:
            out.append(char)
        else:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def emit(value, indent: int = 0) -> str:
    """Block-style YAML of nested mappings and lists, every scalar written by :func:`scalar`."""
    pad = "  " * indent

    def inline(item) -> str:
        return ("[]" if isinstance(item, list) else "{}") if isinstance(item, (dict, list)) else scalar(item)

    if isinstance(value, dict):
        return "".join(f"{pad}{key}:" + (f"\n{emit(item, indent + 1)}" if isinstance(item, (dict, list)) and item
                                          else f" {inline(item)}\n") for key, item in value.items())
    if isinstance(value, list):
        return "".join(f"{pad}-" + (f"\n{emit(item, indent + 1)}" if isinstance(item, (dict, list)) and item
                                    else f" {inline(item)}\n") for item in value)
    return f"{pad}{scalar(value)}\n"


hostile_text = st.text(st.characters(exclude_categories=()), max_size=12)   # surrogates and controls too
plain_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)
odd = st.sampled_from([Raw(t) for t in ["2024-02-30", "2024-01-01", "12:30", "9" * 5000, "!!int abc",
                                        "!!bool maybe", "!!binary '@@'", "!!python/name:os.system ''", "!!str 12",
                                        "yes", "~", ".inf", "0x_", "'$\\foo{$'", "'a $x$ b'", "[a, b]", "{}"]])
# Mostly plain text, so that about half the examples validate; the rest is hostile.
text = st.one_of(*[plain_text] * 6, hostile_text, odd, st.integers(), st.booleans())
good_colour = st.sampled_from(["#1f77b4", "#abc", "SteelBlue", "red", "#11223344"])
colour = st.one_of(good_colour, good_colour, good_colour,
                   st.sampled_from(["banana", "#12345", "tab:blue", "rgb(1,2,3)", "red;}"]), text)
good_shape = st.sampled_from(["dot", "box", "star", "hexagon", "text"])
shape = st.one_of(good_shape, good_shape, good_shape, text)


KIND_FIELDS = {"label": text, "color": colour, "shape": shape, "description": text}
RELATION_FIELDS = {"label": text, "inverse": text}
STATUS_FIELDS = {"label": text, "color": colour, "dashes": st.one_of(st.booleans(), text)}


@st.composite
def schema_document(draw) -> dict:
    """The bundled schema (its kind and relation names are what the CSV files use) with a few of
    its labels, colours, shapes and descriptions replaced by random values: most examples then
    validate, and those that do not say why."""
    document = json.loads(json.dumps(BUNDLED))
    for _ in range(draw(st.integers(0, 4))):
        part = draw(st.sampled_from(["node_kinds", "relations", "statuses", "source_types"]))
        if part == "source_types":
            document[part].append(draw(text))
            continue
        fields = {"node_kinds": KIND_FIELDS, "relations": RELATION_FIELDS, "statuses": STATUS_FIELDS}[part]
        name = draw(st.sampled_from(sorted(document[part])))
        field = draw(st.sampled_from(sorted(fields)))
        document[part][name][field] = draw(fields[field])
    return document


node = st.sampled_from(["pump", "oral", "infusion", "morphine", "infection", "clinic"])
STEP_FIELDS = {"title": text, "narration": text, "focus": st.one_of(node, text),
               "depth": st.one_of(st.integers(1, 3), text), "fade": st.one_of(st.booleans(), text),
               "highlight": st.lists(node, max_size=3), "filters": st.just({"statuses": ["supported"]})}


@st.composite
def tour_document(draw) -> dict:
    """A valid tour of one to three steps (one may be a predict step) with a few random fields."""
    steps = [{"title": draw(plain_text), "narration": draw(plain_text), "focus": draw(node)}
             for _ in range(draw(st.integers(1, 3)))]
    if draw(st.booleans()):
        steps.append({"type": "predict", "claim": "e-pump-infection", "narration": draw(plain_text)})
    document = {"title": draw(plain_text), "description": draw(text), "steps": steps}
    for _ in range(draw(st.integers(0, 3))):
        step = draw(st.sampled_from(steps))
        field = draw(st.sampled_from(sorted(STEP_FIELDS)))
        step[field] = draw(STEP_FIELDS[field])
    if draw(st.booleans()):
        document["title"] = draw(text)
    return document


def exports_work(folder: Path, tmp: Path, tours: list[str], tour_errors: bool) -> None:
    for fmt in ("json", "graphml", "gexf", "csv", "html", "png", "svg"):
        out = tmp / f"out.{fmt}"
        assert main(["export", "--data", str(folder), "--format", fmt, "--out", str(out)]) == 0, fmt
        if fmt in ("graphml", "gexf", "svg"):
            ET.parse(out)
    for name in tours:
        for fmt in ("html", "svg"):
            assert main(["export", "--data", str(folder), "--format", fmt, "--tour", name,
                         "--out", str(tmp / f"tour.{fmt}")]) == 0
    assert main(["tours", "--data", str(folder)]) == (1 if tour_errors else 0)


def pages_work(folder: Path, monkeypatch) -> None:
    monkeypatch.setenv("PAIN_ATLAS_DATA", str(folder))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    for page in PAGES:
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
        for _ in range(2 if page == "present" else 0):  # step through the tour, if there is one
            buttons = [b for b in at.button if b.key == "present_next" and not b.disabled]
            if not buttons:
                break
            buttons[0].click().run()
            assert not at.exception, at.exception


@pytest.mark.slow  # 25 generated datasets, each through every page and export: about 15 s
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow, HealthCheck.data_too_large])
@given(schema=schema_document(), tour=tour_document())
def test_every_dataset_that_validates_works_on_every_page_and_export(tmp_path_factory, monkeypatch, capsys,
                                                                     schema, tour):
    tmp = tmp_path_factory.mktemp("generated")
    folder = write_teaching_dataset(tmp / "data", tour=emit(tour))
    (folder / "schema.yaml").write_text(emit(schema), encoding="utf-8")
    result = load_dataset(folder)
    tours = validate_tours(folder, result.dataset, build_graph(result.dataset))
    for problem in result.problems + tours.problems:
        assert problem.file and problem.field and 0 < len(problem.message) <= 1_000
    event("the data validates" if result.ok else "refused")
    if not result.ok:
        assert main(["export", "--data", str(folder), "--format", "json", "--out", str(tmp / "x.json")]) == 1
        capsys.readouterr()
        return
    exports_work(folder, tmp, list(tours.tours), bool(tours.errors))
    capsys.readouterr()
    pages_work(folder, monkeypatch)
