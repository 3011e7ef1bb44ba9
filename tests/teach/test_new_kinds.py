"""The content v2 kinds and relations (mechanism, approval status; acts_by, has_property,
explains, builds_on, has_status, warning_sign_of, raises_risk_of, prevents, contraindicated_in,
reverses, studied_for) in the quiz, the comparison and the path finder."""

from __future__ import annotations


import pytest

from builders.graph.queries import shortest_paths
from builders.teach.compare import compare
from builders.teach.quiz import flashcards, multiple_choice

NEW_RELATIONS = {"acts_by", "has_property", "explains", "builds_on", "has_status", "warning_sign_of",
                 "raises_risk_of", "prevents", "contraindicated_in", "reverses", "studied_for"}


@pytest.fixture(scope="module")
def asked(bundled_graph):
    return [q for seed in range(60) for q in multiple_choice(bundled_graph, seed=seed)]


def test_the_quiz_asks_about_every_new_relation(bundled_graph, asked):
    assert NEW_RELATIONS <= {q.relation for q in asked}
    kinds = {bundled_graph.nodes[q.answer]["kind"] for q in asked}
    assert {"mechanism", "approval_status"} <= kinds
    cards = {q.relation for q in flashcards(bundled_graph)}
    assert {"reverses", "warning_sign_of", "has_status"} <= cards


def test_the_new_questions_read_well(asked):
    prompts = {q.prompt for q in asked}
    for prompt in ("Which drug has this property: No withdrawal when stopped?", "What reverses Respiratory depression?",
                   "Which of these is a warning sign of Intrathecal baclofen withdrawal?",
                   "Which therapy is avoided in Pregnancy?", "What is the status of Ziconotide?"):
        assert prompt in prompts, prompt


def test_compare_shows_mechanisms_contraindications_and_studies(bundled_graph):
    matrix = compare(bundled_graph, ["ketamine-infusion", "intrathecal-pump"])
    shown = {row.id for row in matrix.shown_rows()}
    assert {"mechanism", "avoided", "studied"} <= shown
    avoided = {i.label for i in matrix.cell("avoided", "ketamine-infusion")}
    assert {"Pregnancy", "Psychosis"} <= avoided
    assert [i.label for i in matrix.cell("mechanism", "intrathecal-pump")] == ["Release beside spinal receptors"]
    assert {i.label for i in matrix.cell("studied", "ketamine-infusion")} == {"Cancer pain", "Lower back pain"}


def test_the_path_finder_goes_through_the_new_kinds(bundled_graph):
    hops = shortest_paths(bundled_graph, "no-withdrawal", "intrathecal-pump")[0]
    assert [h["relation"] for h in hops] == ["has_property", "uses_drug"]
    assert bundled_graph.nodes[hops[0]["from"]]["kind"] == "mechanism"
    status = shortest_paths(bundled_graph, "fda-approved-it-pain", "respiratory-depression")
    assert status and {h["relation"] for h in status[0]} & {"has_status"}
