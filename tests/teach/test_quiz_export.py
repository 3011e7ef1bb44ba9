"""Quiz exports: GIFT and Moodle XML that read back as written (with Moodle's own reading rules),
hostile text escaped, the documented JSON, the printable HTML handout with its answer key on a
page of its own, the same file for the same seed, and the ``pain-atlas quiz`` command."""

from __future__ import annotations

import copy
import html
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from builders.cli import main
from builders.data.load import load_dataset
from builders.graph.build import build_graph
from builders.teach.quiz_export import FORMATS, prepared, quiz_deck, quiz_file
from support.datasets import graph_of
from support.gift import read_gift
from support.hostile import IMG, SCRIPT
from support.teaching import ROWS, write_teaching_dataset

#: Labels and claims that break a GIFT, XML or HTML file written carelessly.
#: (A label is one line without control characters since issue 16, so the line break is in a claim.)
HOSTILE = {"nausea": "Nausea = sick ~ #1 {a} : b \\ c", "constipation": f"[html]{IMG}",
           "bleeding": "Bleeding\u2028over two lines", "itching": "Itching \u200b & <b>bold</b> ]]> --",
           "infection": "Infection // not a comment"}


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory):
    rows = copy.deepcopy(ROWS)
    for node in rows["nodes.csv"]:
        node["label"] = HOSTILE.get(node["id"], node["label"])
    for edge in rows["edges.csv"]:
        if edge["id"] in ("e-oral-nausea", "e-uses"):
            edge["claim"] += f" {{=~#:}} [html]{SCRIPT}\nover two lines"
    return graph_of(write_teaching_dataset(tmp_path_factory.mktemp("hostile"), rows))


def expected(G, seed=0, count=40):
    return prepared(G, quiz_deck(G, seed, count))


@pytest.mark.parametrize("which", ["hostile", "bundled"])
def test_gift_reads_back_as_written(which, hostile_graph, bundled_graph):
    G = hostile_graph if which == "hostile" else bundled_graph
    questions, others = read_gift(quiz_file(G, "gift", count=40).decode("utf-8"))
    assert others == ["$CATEGORY: $course$/top/Pain Atlas"]
    wanted = expected(G)
    assert len(questions) == len(wanted) > 0
    for read, want in zip(questions, wanted):
        assert read.name == want.name and read.text_format == "plain"
        assert read.text == want.question.prompt
        assert [a[0] for a in read.answers] == [o.strip() for o in want.options]
        assert [a[1] for a in read.answers].count(True) == 1 and read.answers[want.correct][1]
        assert read.general_feedback == "\n".join(want.explanation)


def test_gift_escapes_its_special_characters(hostile_graph):
    text = quiz_file(hostile_graph, "gift", count=40).decode("utf-8")
    assert "Nausea \\= sick \\~ \\#1 \\{a\\} \\: b \\\\ c" in text
    assert "</script>\\nover two lines" in text and "</script>\nover" not in text
    assert "[plain][html]<img" in text  # a text that starts like a format is read as plain text
    for line in text.split("\n"):
        assert not line.startswith("// not"), line


def test_moodle_xml_is_well_formed_and_holds_the_questions(hostile_graph):
    root = ET.fromstring(quiz_file(hostile_graph, "moodle-xml", count=40))
    assert root.tag == "quiz"
    category, *items = root.findall("question")
    assert category.get("type") == "category" and category.findtext("category/text") == "$course$/top/Pain Atlas"
    wanted = expected(hostile_graph)
    assert len(items) == len(wanted)
    for item, want in zip(items, wanted):
        assert item.get("type") == "multichoice" and item.findtext("single") == "true"
        assert item.find("questiontext").get("format") == "plain_text"
        assert item.findtext("questiontext/text") == want.question.prompt
        answers = item.findall("answer")
        assert [a.findtext("text") for a in answers] == [o.replace("\x01", "\ufffd") for o in want.options]
        assert [a.get("fraction") for a in answers].count("100") == 1
        assert answers[want.correct].get("fraction") == "100"
        assert item.findtext("generalfeedback/text") == "\n".join(want.explanation).replace("\x01", "\ufffd")


def test_json_lists_every_option_and_the_claims_behind_the_answer(bundled_graph):
    data = json.loads(quiz_file(bundled_graph, "json", seed=4, count=30))
    assert data["format"] == "pain-atlas-quiz" and data["version"] == 1 and data["seed"] == 4
    assert len(data["questions"]) == 30 and {q["kind"] for q in data["questions"]} == {"choice", "dubious"}
    for q in data["questions"]:
        assert [o["correct"] for o in q["options"]].count(True) == 1
        right = next(o for o in q["options"] if o["correct"])
        assert right["id"] == q["answer"]
        for claim in q["claims"]:
            assert claim in bundled_graph.graph["claim_ends"]
        assert q["explanation"] and all(isinstance(line, str) for line in q["explanation"])
    assert data["sources"] and not any("*" in s for s in data["sources"])


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.classes, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.classes += (dict(attrs).get("class") or "").split()

    def handle_data(self, data):
        self.text.append(data)


def test_html_handout_is_printable_offline_and_escaped(hostile_graph):
    page = quiz_file(hostile_graph, "html", count=40).decode("utf-8")
    parsed = Page()
    parsed.feed(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert "default-src 'none'" in page and "http" not in page.replace("http-equiv", "")
    assert parsed.classes.count("pa-question") == len(expected(hostile_graph))
    assert ".pa-answer-key { break-before: page;" in page
    assert page.index('class="pa-answer-key"') > page.rindex('class="pa-question"')
    assert html.escape(IMG) in page


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_seed_gives_the_same_file(bundled_graph, fmt):
    assert quiz_file(bundled_graph, fmt, seed=11, count=25) == quiz_file(bundled_graph, fmt, seed=11, count=25)
    assert quiz_file(bundled_graph, fmt, seed=11, count=25) != quiz_file(bundled_graph, fmt, seed=12, count=25)


def test_kinds_and_count(bundled_graph):
    only = quiz_deck(bundled_graph, seed=2, count=7, kinds=("dubious",))
    assert len(only) == 7 and {q.mode for q in only} == {"dubious"}
    with pytest.raises(ValueError, match="unknown kind"):
        quiz_deck(bundled_graph, kinds=("essay",))
    with pytest.raises(ValueError, match="unknown quiz format"):
        quiz_file(bundled_graph, "qti")


def test_the_quiz_command_writes_each_format(tmp_path, capsys):
    for fmt in FORMATS:
        out = tmp_path / f"quiz-{fmt}"
        assert main(["quiz", "--format", fmt, "--count", "5", "--seed", "3", "--out", str(out)]) == 0
        assert out.read_bytes() == quiz_file(build_graph(load_dataset().dataset), fmt, 3, 5)
    assert main(["quiz", "--format", "gift", "--kinds", "dubious", "--count", "2", "--out",
                 str(tmp_path / "d.txt")]) == 0
    assert main(["quiz", "--format", "gift", "--count", "0", "--out", str(tmp_path / "x")]) == 2
    assert "give a positive number" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["quiz", "--format", "qti", "--out", str(tmp_path / "x")])
