"""Quizzes to take to a learning platform: a deck as GIFT, Moodle XML, JSON or a printable HTML
handout.

- **GIFT** (``.gift.txt``) and **Moodle XML** (``.xml``) import into Moodle's question bank;
  other platforms read them too. Each question is a single-answer multiple choice in plain text,
  with feedback on each option and, as general feedback, the explanation: the claim behind the
  answer and its citations (and, for a dubious claim, why it is dubious and its correction).
- **JSON** is this project's documented format (see the README): every option, which is right,
  the ids of the claims behind the answer, the explanation, and the sources cited.
- **HTML** is a printable handout that works offline: the questions, then the answer key on a
  page of its own (``break-before: page``), then the sources. It is built from the templates
  ``quiz_*.html`` in ``render/assets/``, every piece of data escaped with ``html.escape``.

A deck is fixed by its seed: the same data, seed, count and kinds give the same file, byte for
byte.

Examples
--------
>>> questions = prepared(G, quiz_deck(G, seed=1, count=2))
>>> [q.number for q in questions], all(0 <= q.correct < len(q.options) for q in questions)
([1, 2], True)
>>> quiz_file(G, "gift", seed=1, count=2) == quiz_file(G, "gift", seed=1, count=2)
True
"""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from string import Template

import networkx as nx

from ..escape import gift, xml_text
from ..graph.queries import cited_sources, claim
from ..render.page import asset, html_page
from ..render.text import DISCLAIMER, evidence_of, reference_line
from .quiz import Question, dubious, multiple_choice, why_dubious

FORMATS = ("gift", "moodle-xml", "json", "html")
#: File endings and media types of the formats.
SUFFIXES = {"gift": ".gift.txt", "moodle-xml": ".xml", "json": ".json", "html": ".html"}
MEDIA_TYPES = {"gift": "text/plain", "moodle-xml": "application/xml", "json": "application/json",
               "html": "text/html"}
#: The kinds of question a file can hold: multiple choice, and "spot the dubious claim".
KINDS = ("choice", "dubious")
DEFAULT_COUNT = 20
TITLE = "Pain Atlas quiz"
LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class Prepared:
    """A question as a file writes it: texts in the question's order, the right one's index, and
    the explanation as lines of text."""

    number: int
    question: Question
    options: tuple[str, ...]
    correct: int
    explanation: tuple[str, ...]
    wrong: str

    @property
    def name(self) -> str:
        return f"Pain Atlas {self.number:03d}"


def quiz_deck(G: nx.MultiDiGraph, seed: int = 0, count: int = DEFAULT_COUNT, kinds=KINDS) -> list[Question]:
    """Up to ``count`` questions of the given kinds, taken in turn from each kind's deck."""
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds:
        raise ValueError(f"unknown kind of question {unknown[0] if unknown else ''!r}; one of {', '.join(KINDS)}")
    decks = [multiple_choice(G, seed) if kind == "choice" else dubious(G, seed) for kind in dict.fromkeys(kinds)]
    merged = [deck[i] for i in range(max(map(len, decks), default=0)) for deck in decks if i < len(deck)]
    return merged[:max(count, 0)]


def option_text(G: nx.MultiDiGraph, question: Question, option: str) -> str:
    """What an option reads: a node's label, or a claim's sentence (dubious-claim questions)."""
    return claim(G, option)["claim"] if question.mode == "dubious" else G.nodes[option]["label"]


def explanation(G: nx.MultiDiGraph, question: Question) -> list[str]:
    """Why the answer is right: the answer, its claim, the claim's sources and any correction."""
    data = claim(G, question.answer if question.mode == "dubious" else question.claims[0])
    if question.mode == "dubious":
        lines = [f"The dubious claim: {data['claim']}", why_dubious(G, question.answer)]
    else:
        lines = [f"Answer: {G.nodes[question.answer]['label']}.", f"Claim: {data['claim']}"]
    return lines + evidence_of(G, data).lines(status=False)


def prepared(G: nx.MultiDiGraph, questions: list[Question]) -> list[Prepared]:
    found = []
    for number, question in enumerate(questions, 1):
        answer = option_text(G, question, question.answer)
        wrong = (f"Not by the data. The answer is: {answer}" if question.mode == "choice" else
                 "This claim is backed by a source rated moderate or high.")
        found.append(Prepared(number, question, tuple(option_text(G, question, o) for o in question.options),
                              question.options.index(question.answer), tuple(explanation(G, question)), wrong))
    return found


def sources_of(G: nx.MultiDiGraph, questions: list[Prepared]) -> list[str]:
    """The reference list of a quiz: every source its explanations cite, as plain text."""
    claims = [claim(G, c) for q in questions for c in q.question.claims]
    return [reference_line(G.graph["sources"][s]) for s in cited_sources(G, (), claims)]


# --------------------------------------------------------------------------- the formats

def _gift_text(text: str) -> str:
    """A GIFT text; one that starts with ``[`` gets ``[plain]`` first, or Moodle would read a format there."""
    return ("[plain]" if text.startswith("[") else "") + gift(text)


def to_gift(G: nx.MultiDiGraph, questions: list[Prepared], seed: int) -> str:
    """The questions in GIFT: plain text, feedback on each option, the explanation as general feedback."""
    lines = [f"// {TITLE}, seed {seed}: {len(questions)} question(s). {DISCLAIMER}".replace("\n", " "),
             "$CATEGORY: $course$/top/Pain Atlas", ""]
    for q in questions:
        lines.append(f"// {q.question.id}")
        lines.append(f"::{gift(q.name)}::[plain]{gift(q.question.prompt)}{{")
        for index, text in enumerate(q.options):
            right = index == q.correct
            feedback = "Right." if right else q.wrong
            lines.append(f"\t{'=' if right else '~'}{_gift_text(text)}#{_gift_text(feedback)}")
        lines.append(f"\t####{_gift_text(chr(10).join(q.explanation))}")
        lines += ["}", ""]
    return "\n".join(lines)


def _text_element(parent: ET.Element, tag: str, text: str, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    ET.SubElement(element, "text").text = xml_text(text)
    return element


def to_moodle_xml(G: nx.MultiDiGraph, questions: list[Prepared], seed: int) -> bytes:
    """The questions as Moodle XML: ``multichoice`` questions in plain text, one category."""
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", {"type": "category"})
    _text_element(category, "category", "$course$/top/Pain Atlas")
    plain = {"format": "plain_text"}
    for q in questions:
        item = ET.SubElement(quiz, "question", {"type": "multichoice"})
        _text_element(item, "name", q.name)
        _text_element(item, "questiontext", q.question.prompt, **plain)
        _text_element(item, "generalfeedback", "\n".join(q.explanation), **plain)
        for tag, value in (("defaultgrade", "1"), ("penalty", "0.3333333"), ("hidden", "0"), ("single", "true"),
                           ("shuffleanswers", "true"), ("answernumbering", "ABCD")):
            ET.SubElement(item, tag).text = value
        for tag, text in (("correctfeedback", "Right."), ("partiallycorrectfeedback", ""),
                          ("incorrectfeedback", "Not by the data.")):
            _text_element(item, tag, text, **plain)
        for index, text in enumerate(q.options):
            answer = _text_element(item, "answer", text, fraction="100" if index == q.correct else "0", **plain)
            _text_element(answer, "feedback", "Right." if index == q.correct else q.wrong, **plain)
    ET.indent(quiz)
    comment = f"<!-- {TITLE}, seed {seed}: {len(questions)} question(s). Educational, not medical advice. -->\n"
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n' + comment.encode("utf-8")
            + ET.tostring(quiz, encoding="utf-8") + b"\n")


def to_json(G: nx.MultiDiGraph, questions: list[Prepared], seed: int, kinds) -> str:
    """The documented JSON format: every option, the right one, the claims behind it, the sources."""
    data = {"format": "pain-atlas-quiz", "version": 1, "title": TITLE, "seed": seed, "kinds": list(kinds),
            "disclaimer": DISCLAIMER,
            "questions": [{"number": q.number, "id": q.question.id, "kind": q.question.mode,
                           "prompt": q.question.prompt, "subject": q.question.subject or None,
                           "relation": q.question.relation or None,
                           "options": [{"id": o, "text": t, "correct": i == q.correct}
                                       for i, (o, t) in enumerate(zip(q.question.options, q.options))],
                           "answer": q.question.answer, "claims": list(q.question.claims),
                           "explanation": list(q.explanation)} for q in questions],
            "sources": sources_of(G, questions)}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _fill(name: str, **values: str) -> str:
    return Template(asset(name)).substitute(values).strip()


def _items(texts) -> str:
    return "\n".join(_fill("quiz_item.html", text=html.escape(t)) for t in texts)


def to_html(G: nx.MultiDiGraph, questions: list[Prepared], seed: int) -> str:
    """A printable handout: the questions, the answer key on its own page, the sources."""
    blocks = "\n".join(_fill("quiz_question.html", number=str(q.number), prompt=html.escape(q.question.prompt),
                             options=_items(q.options)) for q in questions)
    answers = "\n".join(_fill("quiz_answer.html", letter=html.escape(LETTERS[q.correct]),
                              answer=html.escape(q.options[q.correct]), explanation=_items(q.explanation[1:]))
                        for q in questions)
    meta = f"{len(questions)} question(s), seed {seed}. Pick one answer for each; the answer key is on the last pages."
    return html_page("quiz_handout.html", "default-src 'none'; style-src 'unsafe-inline'", TITLE,
                     asset("quiz_handout.css"), disclaimer=html.escape(DISCLAIMER),
        meta=html.escape(meta), questions=blocks, answers=answers, references=_items(sources_of(G, questions)))


def quiz_file(G: nx.MultiDiGraph, fmt: str, seed: int = 0, count: int = DEFAULT_COUNT, kinds=KINDS) -> bytes:
    """A quiz of one of :data:`FORMATS` as bytes (UTF-8)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown quiz format {fmt!r}; one of {', '.join(FORMATS)}")
    questions = prepared(G, quiz_deck(G, seed, count, kinds))
    if fmt == "moodle-xml":
        return to_moodle_xml(G, questions, seed)
    text = {"gift": lambda: to_gift(G, questions, seed), "json": lambda: to_json(G, questions, seed, kinds),
            "html": lambda: to_html(G, questions, seed)}[fmt]()
    return text.encode("utf-8")


def write_quiz(G: nx.MultiDiGraph, fmt: str, out: Path | str, seed: int = 0, count: int = DEFAULT_COUNT,
               kinds=KINDS) -> list[Path]:
    """Write a quiz file; returns the files written (one)."""
    out = Path(out)
    out.write_bytes(quiz_file(G, fmt, seed, count, kinds))
    return [out]


def file_name(fmt: str, seed: int) -> str:
    """A download's file name: ``pain-atlas-quiz-seed-7.gift.txt``.

    >>> file_name("moodle-xml", 7)
    'pain-atlas-quiz-seed-7.xml'
    """
    return f"pain-atlas-quiz-seed-{seed}{SUFFIXES[fmt]}"

