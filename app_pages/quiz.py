"""Quiz: multiple choice and flashcards from supported claims, and "spot the dubious claim".

Every answer shows the claim behind it with its citations (and any correction), and the score is
kept for the session. The questions come from ``builders.quiz``; this page only asks and checks.
"""

import random

import streamlit as st

from builders import panels, quiz, webapp

bundle = webapp.current_bundle()
G = bundle.graph


@st.cache_data(show_spinner=False, max_entries=32)
def deck_of(_bundle: webapp.Bundle, key: str, mode: str, seed: int) -> list[quiz.Question]:
    return quiz.deck(_bundle.graph, mode, seed)


st.session_state.setdefault("quiz_seed", random.randrange(1_000_000))
st.session_state.setdefault("quiz_position", {})
st.session_state.setdefault("quiz_score", {"right": 0, "asked": 0})
st.session_state.setdefault("quiz_answers", {})


def _record(question: quiz.Question, right: bool, choice: str | None = None) -> None:
    """Score a question once: answering it again shows the feedback but does not count twice."""
    answers = st.session_state["quiz_answers"]
    if question.id in answers:
        return
    answers[question.id] = choice
    score = st.session_state["quiz_score"]
    st.session_state["quiz_score"] = {"right": score["right"] + int(right), "asked": score["asked"] + 1}


def _check(question: quiz.Question) -> None:
    choice = st.session_state.get(f"quiz_pick_{question.id}")
    if choice is not None:
        _record(question, quiz.is_right(question, choice), choice)


def _next(mode: str) -> None:
    positions = dict(st.session_state["quiz_position"])
    positions[mode] = positions.get(mode, 0) + 1
    st.session_state["quiz_position"] = positions


def _new_set() -> None:
    st.session_state["quiz_seed"] = random.randrange(1_000_000)
    st.session_state["quiz_position"] = {}


def _reset_score() -> None:
    st.session_state["quiz_score"] = {"right": 0, "asked": 0}
    st.session_state["quiz_answers"] = {}


def node_label(node: str) -> str:
    return G.nodes[node]["label"]


def claim_text(claim: str) -> str:
    return webapp.edge_index(bundle, bundle.key)[claim][2]["claim"]


def show_claims(claims) -> None:
    """The claims behind an answer, each with its status, citations and any correction."""
    index = webapp.edge_index(bundle, bundle.key)
    for claim in claims:
        u, v, data = index[claim]
        with st.container(border=True):
            panels.claim_summary(bundle, u, v, data)


with st.sidebar:
    mode = st.radio("Kind of question", list(quiz.MODES), key="quiz_mode", format_func=quiz.MODES.get)
    score = st.session_state["quiz_score"]
    st.metric("Score this session", f"{score['right']} / {score['asked']}")
    cols = st.columns(2)
    cols[0].button("New questions", on_click=_new_set)
    cols[1].button("Reset score", on_click=_reset_score)

st.title("Quiz", anchor=False)
deck = deck_of(bundle, bundle.key, mode, st.session_state["quiz_seed"])
if not deck:
    st.info("This dataset has too few claims of the right kind for this sort of question.")
    st.stop()
position = st.session_state["quiz_position"].get(mode, 0)
question = deck[position % len(deck)]
st.session_state["quiz_current"] = question.id
st.caption(f"{quiz.MODES[mode]} · question {position % len(deck) + 1} of {len(deck)}")
answered = question.id in st.session_state["quiz_answers"]

if mode == "flashcard":
    st.subheader(webapp.md(question.prompt), anchor=False)
    shown = st.session_state.get("quiz_card_shown") == question.id
    if not shown:
        st.button("Show the answer", key="quiz_show_card", type="primary",
                  on_click=lambda: st.session_state.update(quiz_card_shown=question.id))
    else:
        st.markdown("**Answer:** " + webapp.md(", ".join(node_label(n) for n in question.options)))
        show_claims(question.claims)
        if not answered:
            cols = st.columns(2)
            cols[0].button("I knew it", key="quiz_knew", on_click=_record, args=(question, True))
            cols[1].button("Not yet", key="quiz_not_yet", on_click=_record, args=(question, False))
else:
    st.subheader(webapp.md(question.prompt), anchor=False)
    format_option = node_label if mode == "choice" else claim_text
    st.radio("Your answer", question.options, index=None, key=f"quiz_pick_{question.id}",
             format_func=format_option, disabled=answered)
    if not answered:
        st.button("Check", key="quiz_check", type="primary", on_click=_check, args=(question,))
    else:
        choice = st.session_state["quiz_answers"][question.id]
        if quiz.is_right(question, choice):
            st.success("Correct.")
        else:
            st.error(webapp.md(f"Not quite. The answer is: {format_option(question.answer)}"))
            if mode == "choice":
                st.caption(webapp.md(f"No claim in the data connects {node_label(question.subject)} and "
                                     f"{node_label(choice)}."))
        if mode == "dubious":
            st.markdown(webapp.md(quiz.why_dubious(G, question.answer)))
        show_claims(question.claims)

st.button("Next question", key="quiz_next", on_click=_next, args=(mode,), icon=":material/arrow_forward:")
