"""Hostile YAML, round two (issue 16): ``schema.yaml`` and tours are read into plain values, in
bounded memory and time, and every odd value is a located problem, never a traceback.

- aliases are counted as what they repeat, and a document past the limit is refused unread;
- dates, ``12:30`` and numbers too long to mean anything are text; explicit tags are "expected
  text" problems; control characters and lone surrogates are errors with the value's path;
- kind and relation names are ids, colours are colours every page and export can draw, labels
  are one line, and a message never quotes more than a few hundred characters of a value.
"""

from __future__ import annotations

import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders.data import yaml_reader
from builders.data.files import DEFAULT_DATA_DIR, read_yaml
from builders.data.load import load_dataset
from builders.data.model import Problem
from builders.data.problems import MAX_PER_FILE, MORE, Problems, choices, quote, sorted_problems
from builders.data.schema import load_schema
from builders.data.yaml_reader import MAX_VALUES, read_document
from builders.teach.tour_files import MAX_STEPS, load_tours
from support.bombs import TOUR, laughs
from support.datasets import write_dataset

BUNDLED_SCHEMA = (DEFAULT_DATA_DIR / "schema.yaml").read_text(encoding="utf-8")


def read(text: str, name: str = "f.yaml"):
    problems: list[Problem] = []
    return read_document(text, name, problems), [p.format() for p in problems]


def schema_with(tmp_path, change) -> tuple:
    path = tmp_path / "schema.yaml"
    path.write_text(change(BUNDLED_SCHEMA), encoding="utf-8")
    problems: list[Problem] = []
    return load_schema(path, problems), [p.format() for p in problems]


def tour_problems(make_dataset, text: str) -> list[str]:
    folder = make_dataset()
    (folder / "tours").mkdir()
    (folder / "tours" / "t.yaml").write_text(text, encoding="utf-8")
    return [p.format() for p in load_tours(folder, load_dataset(folder).dataset).problems]


# --------------------------------------------------------------------------- plain values only

@pytest.mark.parametrize("text, value", [
    ("2024-02-30", "2024-02-30"),              # an impossible date: text, not a ValueError
    ("2024-01-01", "2024-01-01"),              # a possible one: text too
    ("2024-01-01 10:00:00", "2024-01-01 10:00:00"),
    ("12:30", "12:30"),                        # not the base-60 number 750
    ("1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8:9"),
    ("9" * 5000, "9" * 5000),                  # past Python's 4,300-digit limit: text
    ("1" * 31, "1" * 31),                      # more digits than any number here means
    ("0x_", "0x_"),                            # matches YAML's integer form, but is no number
    ("0b_", "0b_"),
    ("123", 123),
    ("0x1f", 31),
    ("1.5", 1.5),
    ("yes", True),
    ("~", None),
    ("'quoted 12'", "quoted 12"),
])
def test_scalars_become_plain_values(text, value):
    document, problems = read(f"a: {text}\n")
    assert document == {"a": value} and problems == []


@pytest.mark.parametrize("tagged", ["!!int abc", "!!bool maybe", "!!float x", "!!timestamp 2024-13-01",
                                    "!!timestamp 2024-01-01", "!!binary '@@@'", "!!binary aGVsbG8=",
                                    "!!python/name:os.system ''", "!!python/object/apply:os.system ['echo']",
                                    "!custom value", "!<tag:example.com,2024:x> value", "!!null x"])
def test_explicit_tags_are_expected_text(tagged):
    document, problems = read(f"a: {tagged}\n")
    assert isinstance(document["a"], (str, list))
    [problem] = problems
    assert problem.startswith("f.yaml: a: ") and "is not allowed (line 1)" in problem


def test_a_matching_tag_is_harmless():
    assert read("a: !!int 5\nb: !!str 12\n") == ({"a": 5, "b": "12"}, [])


@pytest.mark.parametrize("text", ["a: !!set {x, y}", "a: !!omap [{x: 1}]", "a: !!pairs [{x: 1}]", "a: !foo [1]"])
def test_tagged_lists_and_mappings_are_reported(text):
    document, [problem] = read(text)
    assert "the tag" in problem and "is not allowed" in problem
    assert isinstance(document["a"], (list, dict))


@pytest.mark.parametrize("value, words", [
    ('"Pu\\x07mp"', "control character U+0007"),
    ('"Pu\\x1bmp"', "control character U+001B"),
    ('"Pu\\x85mp"', "control character U+0085"),
    ('"Pu\\uffffmp"', "non-character U+FFFF"),
])
def test_control_characters_are_errors_with_the_path(value, words):
    document, [problem] = read(f"node_kinds:\n  therapy:\n    label: {value}\n")
    assert problem.startswith("f.yaml: node_kinds.therapy.label: ") and words in problem
    assert "\ufffd" in document["node_kinds"]["therapy"]["label"]


def test_a_lone_surrogate_never_reaches_the_data(tmp_path):
    # libyaml refuses the escape outright; the pure-Python parser reads it, and the check catches it.
    path = tmp_path / "f.yaml"
    path.write_text('a: "A \\ud800 tour"\n', encoding="utf-8")
    problems: list[Problem] = []
    assert read_yaml(path, "f.yaml", problems, 10**6, "a tour") is None
    assert [p.format() for p in problems] == [
        "f.yaml: yaml: not valid YAML (line 1): found invalid Unicode character escape code"]
    loader = yaml_reader._Loader
    try:
        yaml_reader._Loader = type("PureLoader", (yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
                                                  yaml.composer.Composer, yaml_reader._Constructor,
                                                  yaml_reader._Resolver), {"__init__": _pure_init})
        document, [problem] = read('a: "A \\ud800 tour"\n')
    finally:
        yaml_reader._Loader = loader
    assert "lone surrogate (U+D800)" in problem and document == {"a": "A \ufffd tour"}


def _pure_init(self, stream):
    for base in (yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
                 yaml_reader._Constructor, yaml_reader._Resolver):
        base.__init__(self, *([stream] if base is yaml.reader.Reader else []))


def test_text_longer_than_the_limit_is_cut_and_reported():
    document, [problem] = read(f"a: {'x' * 20_000}\n")
    assert len(document["a"]) == yaml_reader.MAX_TEXT_CHARS and "20,000 characters" in problem


# --------------------------------------------------------------------------- aliases are bounded

@pytest.mark.parametrize("text", [
    laughs(),                                             # 9 ** 9 values from a few hundred bytes
    laughs(levels=20, width=2),                           # 2 ** 20
    "a: &a [*a]\n",                                       # a list that holds itself
    "a: &a {b: *a}\n",                                    # a mapping that holds itself
    "base: &b {x: 1}\n" + "".join(f"m{i}: &m{i} {{<<: [*{'b' if i == 0 else f'm{i - 1}'}], y{i}: 1}}\n"
                                  for i in range(25)) + "all: [" + ", ".join(["*m24"] * 20_000) + "]\n",
])
def test_alias_bombs_are_refused_unread(text):
    started = time.process_time()
    document, problems = read(text)
    assert time.process_time() - started < 5
    assert document is None
    assert problems == [f"f.yaml: yaml: the file holds more than {MAX_VALUES:,} values once its aliases "
                        "(*name) are expanded; it is not read"]


def test_aliases_within_the_limit_are_read():
    document, problems = read("k: &k [drug, risk]\na: {kinds: *k}\nb: {kinds: *k}\n")
    assert document == {"k": ["drug", "risk"], "a": {"kinds": ["drug", "risk"]}, "b": {"kinds": ["drug", "risk"]}}
    assert problems == []


def test_a_large_plain_document_is_read_in_bounded_time():
    # CPU time, a guard against work that grows faster than the file (not a speed target): it
    # does not count the time other processes of a loaded machine take.
    text = "a: [" + ", ".join(["x"] * (MAX_VALUES - 10)) + "]\n"
    started = time.process_time()
    document, problems = read(text)
    assert time.process_time() - started < 10 and len(document["a"]) == MAX_VALUES - 10 and problems == []


@pytest.mark.parametrize("text", ["a: " + "[" * 5000 + "]" * 5000, "a:\n" + "".join(" " * i + "- \n" for i in range(3000))])
def test_deep_nesting_is_a_problem(tmp_path, text):
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    assert read_yaml(path, "t.yaml", problems, 10**7, "a tour") is None or problems == []
    assert all(p.field == "yaml" for p in problems)


# --------------------------------------------------------------------------- the schema

def test_colours_must_be_drawable(tmp_path):
    for colour in ("banana", "#12345", "notacolour", "tab:blue", "rgb(1,2,3)", "#1234567", "red;}"):
        schema, problems = schema_with(tmp_path, lambda t: t.replace('color: "#1f77b4"', f'color: "{colour}"', 1))
        assert schema.node_kinds["therapy"].color == "#888888"
        assert any(p.startswith("schema.yaml: node_kinds.therapy.color: ") and "not a colour" in p for p in problems)
    for colour, stored in (("SteelBlue", "steelblue"), ("#ABC", "#ABC"), ("#11223344", "#11223344")):
        schema, problems = schema_with(tmp_path, lambda t: t.replace('color: "#1f77b4"', f'color: "{colour}"', 1))
        assert (schema.node_kinds["therapy"].color, problems) == (stored, [])


def test_the_colour_names_are_those_of_css_and_matplotlib():
    from matplotlib.colors import CSS4_COLORS, is_color_like
    from builders.data.colors import CSS_NAMES
    assert CSS_NAMES == set(CSS4_COLORS) and all(is_color_like(name) for name in CSS_NAMES)


@pytest.mark.parametrize("name", ["Drug Kind", "a,b", "kind\u200b", "x" * 3 + "<"])
def test_kind_and_relation_names_are_ids(tmp_path, name):
    schema, problems = schema_with(tmp_path, lambda t: t.replace("  therapy:  ", f"  '{name}':  ", 1))
    assert name not in schema.node_kinds
    assert any("is not a valid kind name" in p for p in problems)


@pytest.mark.parametrize("label, problem", [
    ("2024-02-30", None), ("'9' * 5000", None), ("!!int abc", "expected text"), ("[a, b]", "expected text, not a list"),
    ("yes", "expected text, not true/false"), ('"Two\\nlines"', None),
])
def test_kind_labels_are_one_line_of_text(tmp_path, label, problem):
    value = "9" * 5000 if label == "'9' * 5000" else label
    schema, problems = schema_with(tmp_path, lambda t: t.replace("{label: Therapy,", "{label: " + value + ",", 1))
    label_read = schema.node_kinds["therapy"].label
    assert "\n" not in label_read and isinstance(label_read, str)
    if problem is None:
        assert problems == []
    else:
        assert any(p.startswith("schema.yaml: node_kinds.therapy.label: ") and problem in p for p in problems)


def test_a_kind_label_with_an_invisible_character_is_a_warning(tmp_path):
    _, problems = schema_with(tmp_path, lambda t: t.replace("{label: Therapy,", '{label: "Ther\\u200bapy",', 1))
    assert problems == ["schema.yaml: node_kinds.therapy.label: warning: contains the invisible character U+200B "
                        "(ZERO WIDTH SPACE); it is kept, but texts that differ only by it look alike"]


# --------------------------------------------------------------------------- tours

def test_a_tour_has_a_step_limit(make_dataset):
    steps = "".join("  - {narration: n, focus: pump}\n" for _ in range(MAX_STEPS + 1))
    assert tour_problems(make_dataset, "title: Long\nsteps:\n" + steps) == [
        f"tours/t.yaml: steps: {MAX_STEPS + 1:,} steps; a tour has at most {MAX_STEPS}: split it into shorter tours"]


@pytest.mark.parametrize("field, value, message", [
    ("depth", "9" * 5000, "is not a depth from 1 to 3"),
    ("depth", "!!int abc", "expected text"),
    ("fade", "!!bool maybe", "expected text"),
    ("focus", "[a, b]", "expected one id, not a list"),
    ("focus", "2024-02-30", "unknown node '2024-02-30'"),
    ("max_nodes", "1e999", "is not a positive number of nodes"),
    ("highlight", "!!set {pump}", "is not allowed"),
])
def test_odd_step_values_are_located_problems(make_dataset, field, value, message):
    found = tour_problems(make_dataset, TOUR + f"    {field}: {value}\n")
    assert any(p.startswith(f"tours/t.yaml: step 1: {field}: ") and message in p for p in found), found
    assert all(len(p) < 600 for p in found)


def test_tour_problems_name_steps_from_one(make_dataset):
    found = tour_problems(make_dataset, TOUR + '    claims: ["e-\\x07"]\n')
    assert any(p.startswith("tours/t.yaml: step 1: claims[1]: ") and "control character U+0007" in p for p in found)


# --------------------------------------------------------------------------- messages stay short

def test_quote_and_choices_cut_long_values():
    assert len(quote("x" * 100_000)) < 130 and quote(10 ** 5000) == "a very large number"
    assert quote(["x"] * 10) == "a list" and quote({"a": 1}) == "a dict"
    assert len(choices(f"kind-{i}" for i in range(100_000))) < 200


def test_messages_quote_at_most_a_few_hundred_characters(make_dataset, tiny_rows):
    long = "q" * 9_000
    tiny_rows["nodes.csv"][0]["kind"] = long
    tiny_rows["edges.csv"][0]["relation"] = long
    tiny_rows["citations.csv"][0]["locator"] = "L1" + " " * 5000 + "-L2"
    tiny_rows["citations.csv"][1]["terms"] = long
    result = load_dataset(make_dataset(tiny_rows))
    assert result.problems and all(len(p.message) < 500 for p in result.problems), \
        [len(p.message) for p in result.problems]


def test_problems_are_capped_per_file_with_a_count_of_the_rest():
    found = Problems()
    found += [Problem("nodes.csv", row, "kind", "unknown kind") for row in range(2, MAX_PER_FILE + 502)]
    found += [Problem("nodes.csv", 9999, "label", "odd", "warning")]
    found.append(Problem("edges.csv", 2, "id", "bad"))
    listed = sorted_problems(found, ["nodes.csv", "edges.csv"])
    assert len(listed) == MAX_PER_FILE + 2
    more = listed[MAX_PER_FILE]
    assert (more.file, more.field, more.severity) == ("nodes.csv", MORE, "error")
    assert more.message.startswith("… and 501 more problem(s) in this file (500 error(s), 1 warning(s))")
    assert listed[-1].file == "edges.csv"


def test_a_report_never_reads_cleaner_than_the_data():
    found = Problems(per_file=2)
    found += [Problem("a.csv", 2, "x", "w", "warning"), Problem("a.csv", 3, "x", "w", "warning"),
              Problem("a.csv", 4, "x", "an error")]
    assert [p.severity for p in found.listed()] == ["warning", "warning", "error"]


# --------------------------------------------------------------------------- property: never a traceback

yaml_scalar = st.one_of(
    st.text(max_size=20), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(),
    st.sampled_from(["2024-02-30", "12:30", "9" * 5000, "!!int abc", "!!bool maybe", "!!binary '@@'",
                     "!!python/name:os.system ''", '"\\ud800"', '"\\x07"', "*a", "&a x", "!!set {a}", "<<: *a",
                     "'quoted'", "|\n  block", ">-\n  folded", "0x_", ".inf", "~", "[", "{", "- -"]))


@st.composite
def yaml_text(draw) -> str:
    """Text that is often YAML: a mapping of random keys to random scalars, some raw."""
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        key = draw(st.sampled_from(["title", "steps", "label", "a", "node_kinds", "?", "- x"]))
        value = draw(yaml_scalar)
        lines.append(f"{key}: {value if isinstance(value, str) else yaml.safe_dump(value).splitlines()[0]}")
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(yaml_text(), st.text(max_size=200)))
def test_reading_any_text_gives_plain_values_or_problems(text):
    problems: list[Problem] = []
    try:
        document = read_document(text, "f.yaml", problems)
    except (yaml.YAMLError, RecursionError):
        return  # read_yaml reports these with their line
    plain = (str, int, float, bool, type(None))
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack += list(value) + list(value.values())
        elif isinstance(value, list):
            stack += value
        else:
            assert isinstance(value, plain), repr(value)
            if isinstance(value, str):
                value.encode("utf-8")  # no lone surrogate got through
    for problem in problems:
        assert problem.file == "f.yaml" and problem.field and len(problem.message) < 600


def test_many_kinds_without_bands_need_no_band(tmp_path):
    """Kinds with no ``band`` follow one another; past the last band they share it, with no problem."""
    extra = "".join(f"  extra-{i:03d}: {{}}\n" for i in range(150))
    schema, problems = schema_with(tmp_path, lambda t: t.replace("node_kinds:\n", "node_kinds:\n" + extra, 1))
    assert not [p for p in problems if ".band" in p]
    assert schema.node_kinds["extra-149"].band == 99
