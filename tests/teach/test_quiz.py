"""Quiz questions: right answers come from supported claims only, distractors are unconnected
nodes of the same kind (for steps of care: steps on the other side of the order), questions read
in the schema's words, the dubious claim is the only unsupported option, decks are fixed by their
seed, and every answer names its claim. (No second correct answer: test_quiz_properties.py.)"""

from __future__ import annotations

import pytest

from builders.teach.quiz import (MODES, backward_prompt, deck, dubious, flashcards, forward_prompt, is_right,
                                 multiple_choice, why_dubious)


@pytest.fixture
def G(teaching_graph):
    return teaching_graph


def claim(G, claim_id):
    return next(d for _, _, k, d in G.edges(keys=True, data=True) if k == claim_id)


def joined(G, a, b) -> bool:
    return G.has_edge(a, b) or G.has_edge(b, a)


def check_multiple_choice(G, questions):
    assert questions
    for q in questions:
        assert q.answer in q.options and len(set(q.options)) == len(q.options) >= 3
        d = claim(G, q.claims[0])
        assert d["status"] == "supported"
        ends = {u for u, v, k in G.edges(keys=True) if k == q.claims[0]} | \
               {v for u, v, k in G.edges(keys=True) if k == q.claims[0]}
        assert ends == {q.subject, q.answer}
        for option in q.options:
            if option != q.answer:
                assert G.nodes[option]["kind"] == G.nodes[q.answer]["kind"]
                assert G.nodes[option]["status"] == "supported"
                if G.graph["schema"].relations[q.relation].sequence:
                    continue  # steps of care: the wrong options are the steps on the other side
                assert not joined(G, q.subject, option), f"{option} is connected to {q.subject}"
                assert not joined(G, q.answer, option), f"{option} is a relative of the answer {q.answer}"


def test_multiple_choice_uses_supported_claims_and_unconnected_distractors(G):
    check_multiple_choice(G, multiple_choice(G, seed=1))


def test_multiple_choice_on_the_bundled_data(bundled_graph):
    check_multiple_choice(bundled_graph, multiple_choice(bundled_graph, seed=5))


def test_weak_and_contradicted_claims_never_make_a_right_answer(G):
    used = {q.claims[0] for q in multiple_choice(G) + flashcards(G)} | {c for q in flashcards(G) for c in q.claims}
    assert not used & {"e-risk", "e-pump-cancer"}


def test_questions_read_well(G):
    oral, nausea = G.graph["claim_ends"]["e-oral-nausea"]
    assert forward_prompt(G, "has_risk", oral, "risk") == "Which of these is a listed risk of Oral tablets?"
    assert backward_prompt(G, "has_risk", nausea, "therapy") == "Which of these carries the risk of Nausea?"
    assert forward_prompt(G, "given_in", "infusion") == "Where does Infusion take place?"


def test_a_deck_is_fixed_by_its_seed(G):
    assert multiple_choice(G, seed=3) == multiple_choice(G, seed=3)
    assert [q.id for q in multiple_choice(G, seed=3)] != [q.id for q in multiple_choice(G, seed=4)] or \
        len(multiple_choice(G)) < 3
    assert deck(G, "dubious", 2) == dubious(G, 2)
    with pytest.raises(ValueError, match="unknown quiz mode"):
        deck(G, "essay")
    assert set(MODES) == {"choice", "flashcard", "dubious"}


def test_flashcards_list_every_supported_answer(G):
    cards = {q.id: q for q in flashcards(G)}
    risks = cards["card:oral:has_risk"]
    assert risks.prompt == "Which of these is a listed risk of Oral tablets?"
    assert set(risks.options) == {"nausea", "constipation"}
    assert set(risks.claims) == {"e-oral-nausea", "e-oral-constipation"}
    assert "card:pump:has_risk" not in cards  # its only risk claim is weak


def test_spot_the_dubious_claim(G):
    questions = {q.answer: q for q in dubious(G, seed=0)}
    assert set(questions) == {"e-risk", "e-pump-cancer"}
    for q in questions.values():
        others = [o for o in q.options if o != q.answer]
        assert len(others) == 3 and all(claim(G, o)["status"] == "supported" for o in others)
        assert is_right(q, q.answer) and not is_right(q, others[0]) and not is_right(q, None)
    near = questions["e-risk"]
    # Supported claims about the same node come first, so the topic does not give it away.
    assert {"e-uses", "e-pump-spine", "e-pump-follow-up"} <= set(near.options)


def test_why_a_claim_is_dubious(G):
    assert why_dubious(G, "e-risk") == "It is weak: only sources rated low back it: A blog (rated low)."
    assert why_dubious(G, "e-pump-cancer").startswith("It is contradicted: a vetted reference corrects it.")


def test_questions_of_the_new_relations_read_well(bundled_graph):
    asked = {q.id: q for seed in range(40) for q in multiple_choice(bundled_graph, seed=seed)}
    assert asked["choice:e-zico-no-withdrawal:backward"].prompt == \
        "Which drug has this property: No withdrawal when stopped?"
    assert asked["choice:e-cdc-naloxone-reverses-resp:backward"].prompt == "What reverses Respiratory depression?"
    assert asked["choice:e-zico-no-withdrawal:backward"].answer == "ziconotide"


def test_a_schema_without_questions_words_its_own(bundled_graph):
    import copy
    from dataclasses import replace
    H = copy.copy(bundled_graph)
    schema = H.graph["schema"]
    H.graph = dict(H.graph, schema=replace(schema, relations={
        k: replace(r, question="", inverse_question="") for k, r in schema.relations.items()}))
    assert forward_prompt(H, "reverses", "naloxone") == "Naloxone — reverses — which of these?"
    assert backward_prompt(H, "reverses", "respiratory-depression") == "Which of these reverses Respiratory depression?"
