"""AppTest for the teaching pages: compare therapies, present a tour (stepping, deep links, the
predict-then-reveal step) and the quiz (answers checked against the data, score, the dubious
claim), on a small dataset written for these tests, and on the bundled data."""

from __future__ import annotations

import json
import re

import pytest

from builders.teach import quiz
from support.app import app_test, open_boxes, open_page, texts, unescape
from support.hostile import IMG


def graph_payload(at, key: str) -> dict:
    element = next(e for e in at.get("bidi_component") if e.proto.id.endswith(key))
    return json.loads(element.proto.bytes)


@pytest.fixture
def app(teaching_folder, monkeypatch):
    return app_test(teaching_folder, monkeypatch)


@pytest.fixture
def graph(teaching_graph):
    return teaching_graph


# --------------------------------------------------------------------------- compare

def walk(node):
    """The page's elements in the order they are drawn."""
    children = getattr(node, "children", None)
    if not children:
        yield node
        return
    for key in sorted(children):
        yield from walk(children[key])


def test_compare_lines_marks_and_flags(app):
    at = open_page(app, "compare")
    at.multiselect(key="compare_therapies").set_value(["pump", "oral"]).run()
    lines = [line for m in at.markdown for line in unescape(m.value).split("  \n")]
    assert any(line.startswith(":small[Morphine :blue-badge[in both]") for line in lines)
    assert any(":orange[Infection] :orange-badge[weak]" in line for line in lines)  # flagged, not a plain fact
    assert any(":red[Cancer pain] :red-badge[contradicted]" in line for line in lines)
    assert not any("only this one" in line for line in lines)  # nothing shared in those rows: no mark says much
    assert at.query_params["therapies"] == "pump,oral"


def test_compare_citations_are_in_each_cells_sources(app):
    at = open_page(app, "compare", therapies="pump,infusion")
    popovers = at.get("popover")
    assert len(popovers) >= 6  # the export box and one per filled cell
    shown = texts(at)
    assert "Source: A patient leaflet (reliability: moderate), L1 — evidence terms: morphine" in shown
    assert "Correction: Pumps ease pain; they cure nothing." in shown
    assert "Backed by: A guideline (reliability: high)" in shown


def test_compare_exports_are_at_the_top(app):
    at = open_page(app, "compare", therapies="pump,oral")
    order = [e.type for e in walk(at.main)]
    first_row = next(i for i, e in enumerate(walk(at.main)) if getattr(e, "value", "") == "**Route and delivery**")
    downloads = [i for i, kind in enumerate(order) if kind == "download_button"]
    assert len(downloads) == 3 and max(downloads) < first_row


def test_compare_deep_link_onset_row_and_too_few_choices(app):
    at = open_page(app, "compare", therapies="oral,infusion,unicorn")
    assert at.multiselect(key="compare_therapies").value == ["oral", "infusion"]
    assert "unicorn" in texts(at)
    assert any(m.value == "**Onset**" for m in at.markdown)
    assert any("Infusions work quickly." in unescape(m.value) for m in at.markdown)  # the claim
    at.multiselect(key="compare_therapies").set_value(["oral"]).run()
    assert "Pick 2 to 4 therapies to compare (1 picked)." in texts(at)


# --------------------------------------------------------------------------- present

def test_present_steps_forward_and_back(app):
    at = open_page(app, "present")
    assert "1 / 3" in texts(at) and at.query_params["step"] == "1"
    assert at.button(key="present_prev").disabled
    at.button(key="present_next").click().run()
    assert "2 / 3" in texts(at) and at.query_params["tour"] == "tiny" and at.query_params["step"] == "2"
    at.button(key="present_next").click().run()
    assert "3 / 3" in texts(at) and at.button(key="present_next").disabled
    at.button(key="present_prev").click().run()
    at.button(key="present_prev").click().run()
    assert "1 / 3" in texts(at)
    shown = texts(at)
    assert f"The pump is one therapy; it uses morphine. {IMG}" in shown  # escaped text, not markup
    assert "Source: A patient leaflet (reliability: moderate), L1 — evidence terms: morphine" in shown


def test_present_deep_link_to_a_step(app):
    at = open_page(app, "present", tour="tiny", step="3")
    assert "3 / 3" in texts(at) and "Tablets share the drug." in texts(at)
    payload = graph_payload(at, "pa_present_graph")
    assert {n["id"] for n in payload["nodes"]} == {"oral", "morphine", "nausea", "constipation"}


def test_present_exports_list_the_steps_references(app):
    at = open_page(app, "present")
    assert not at.get("download_button") and not at.code  # the box is closed: nothing is made
    open_boxes(at)
    codes = [c.value for c in at.code]
    assert "A patient leaflet. Patient education article. [reliability: moderate]" in codes[0]
    assert [b.proto.label for b in at.get("download_button")][:4] == [
        "This whole tour as one HTML page", "As one HTML page", "As PNG", "As SVG"]


def test_present_bad_deep_links_get_a_message(app):
    at = open_page(app, "present", tour="nope", step="2")
    assert "The link names the tour 'nope'" in texts(at) and "1 / 3" in texts(at)
    at = open_page(app, "present", tour="tiny", step="99")
    assert "3 / 3" in texts(at)


def test_present_predict_then_reveal(app):
    at = open_page(app, "present", tour="tiny", step="2")
    assert "What connects Pump and Infection? Predict, then reveal." in texts(at)
    assert "It may infect." not in texts(at)
    hidden = graph_payload(at, "pa_present_graph")
    assert "e-risk" not in {e["id"] for e in hidden["edges"]}
    at.button(key="reveal_tiny:2").click().run()
    shown = texts(at)
    assert "It may infect." in shown and "Source: A blog (reliability: low), L2 — evidence terms: infection" in shown
    revealed = graph_payload(at, "pa_present_graph")
    assert "e-risk" in {e["id"] for e in revealed["edges"]}


def test_present_without_tours_says_so(tiny_folder, monkeypatch):
    at = open_page(app_test(tiny_folder, monkeypatch), "present")
    assert "This dataset has no valid tours" in texts(at)


# --------------------------------------------------------------------------- quiz

def current_question(at, G) -> quiz.Question:
    mode = at.radio(key="quiz_mode").value
    deck = quiz.deck(G, mode, at.session_state["quiz_seed"])
    return deck[at.session_state["quiz_position"].get(mode, 0) % len(deck)]


def test_quiz_answer_is_checked_against_the_data(app, graph):
    app.session_state["quiz_seed"] = 7
    at = open_page(app, "quiz")
    question = current_question(at, graph)
    # The right answer is joined to the subject by a supported claim in the data ...
    joined = [d for u, v, d in graph.edges(data=True) if {u, v} == {question.subject, question.answer}]
    assert joined and all(d["status"] == "supported" for d in joined)
    at.radio(key=f"quiz_pick_{question.id}").set_value(question.answer).run()
    at.button(key="quiz_check").click().run()
    shown = texts(at)
    assert "Correct." in shown
    claim = graph.edges[[(u, v, k) for u, v, k in graph.edges(keys=True) if k == question.claims[0]][0]]
    assert claim["claim"] in shown and "Source: A patient leaflet" in shown
    assert at.session_state["quiz_score"] == {"right": 1, "asked": 1}

    # ... and a wrong one is not joined to it at all.
    at.button(key="quiz_next").click().run()
    question = current_question(at, graph)
    wrong = next(o for o in question.options if o != question.answer)
    assert not graph.has_edge(question.subject, wrong) and not graph.has_edge(wrong, question.subject)
    at.radio(key=f"quiz_pick_{question.id}").set_value(wrong).run()
    at.button(key="quiz_check").click().run()
    assert "Not quite. The answer is: " + graph.nodes[question.answer]["label"] in texts(at)
    assert at.session_state["quiz_score"] == {"right": 1, "asked": 2}


def test_quiz_check_with_nothing_picked_says_so(app, graph):
    at = open_page(app, "quiz")
    question = current_question(at, graph)
    at.button(key="quiz_check").click().run()
    assert "Pick an answer first, then press Check." in texts(at)
    assert at.session_state["quiz_score"] == {"right": 0, "asked": 0} and question.id not in at.session_state["quiz_answers"]


def test_quiz_exports_for_a_learning_platform(app):
    at = open_page(app, "quiz")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["GIFT (Moodle and others)", "Moodle XML", "JSON (documented format)", "Printable handout (HTML)"]
    assert at.number_input(key="quiz_export_count").value == 20
    assert at.multiselect(key="quiz_export_kinds").value == ["choice", "dubious"]
    assert all(b.proto.ignore_rerun for b in at.get("download_button"))  # made when clicked, not on every run


def test_quiz_spot_the_dubious_claim_shows_the_correction(app, graph):
    app.session_state["quiz_seed"] = 3
    at = open_page(app, "quiz")
    at.radio(key="quiz_mode").set_value("dubious").run()
    for _ in range(5):
        question = current_question(at, graph)
        if question.answer == "e-pump-cancer":
            break
        at.button(key="quiz_next").click().run()
    assert question.answer == "e-pump-cancer"
    statuses = {k: d["status"] for _, _, k, d in graph.edges(keys=True, data=True)}
    assert [statuses[o] for o in question.options].count("supported") == len(question.options) - 1
    at.radio(key=f"quiz_pick_{question.id}").set_value("e-pump-cancer").run()
    at.button(key="quiz_check").click().run()
    shown = texts(at)
    assert "Correct." in shown and "It is contradicted" in shown
    assert "Correction: Pumps ease pain; they cure nothing." in shown


def test_quiz_flashcards_reveal_and_score(app, graph):
    at = open_page(app, "quiz")
    at.radio(key="quiz_mode").set_value("flashcard").run()
    question = current_question(at, graph)
    at.button(key="quiz_show_card").click().run()
    assert "**Answer:** " + ", ".join(graph.nodes[n]["label"] for n in question.options) in texts(at)
    at.button(key="quiz_knew").click().run()
    assert at.session_state["quiz_score"] == {"right": 1, "asked": 1}


# --------------------------------------------------------------------------- bundled data

@pytest.mark.parametrize("page", ["compare", "present", "quiz"])
def test_teaching_pages_run_on_the_bundled_data(monkeypatch, page):
    at = open_page(app_test(None, monkeypatch), page)
    assert "Educational, not medical advice" in texts(at)
