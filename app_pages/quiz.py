"""Quiz: multiple choice and flashcards from supported claims, and "spot the dubious claim".

Every answer shows the claim behind it with its citations (and any correction), and the score is
kept for the session. The questions come from ``builders.quiz``; this page only asks and checks.
"""

import random

import streamlit as st

from builders.app import bundle as data
from builders.app import panels, session, teaching
from builders.escape import md
from builders.teach import quiz, quiz_export

st.set_page_config(initial_sidebar_state="expanded")  # the sidebar holds this page's controls

bundle = data.current_bundle()
G = bundle.graph
state = st.session_state

state.setdefault(session.QUIZ_SEED, random.randrange(1_000_000))
state.setdefault(session.QUIZ_POSITION, {})
state.setdefault(session.QUIZ_SCORE, {"right": 0, "asked": 0})
state.setdefault(session.QUIZ_ANSWERS, {})


def _record(question: quiz.Question, right: bool, choice: str | None = None) -> None:
    """Score a question once: answering it again shows the feedback but does not count twice."""
    answers = state[session.QUIZ_ANSWERS]
    if question.id in answers:
        return
    answers[question.id] = choice
    score = state[session.QUIZ_SCORE]
    state[session.QUIZ_SCORE] = {"right": score["right"] + int(right), "asked": score["asked"] + 1}



def _next(mode: str) -> None:
    positions = dict(state[session.QUIZ_POSITION])
    positions[mode] = positions.get(mode, 0) + 1
    state[session.QUIZ_POSITION] = positions


def _new_set() -> None:
    state[session.QUIZ_SEED] = random.randrange(1_000_000)
    state[session.QUIZ_POSITION] = {}


def _reset_score() -> None:
    state[session.QUIZ_SCORE] = {"right": 0, "asked": 0}
    state[session.QUIZ_ANSWERS] = {}


def node_label(node: str) -> str:
    return G.nodes[node]["label"]


def claim_text(claim: str) -> str:
    return data.edge_index(bundle)[claim][2]["claim"]


def show_claims(claims) -> None:
    """The claims behind an answer, each with its status, citations and any correction."""
    index = data.edge_index(bundle)
    for claim in claims:
        u, v, found = index[claim]
        with st.container(border=True):
            panels.claim_summary(bundle, u, v, found)


with st.sidebar:
    mode = st.radio("Kind of question", list(quiz.MODES), key="quiz_mode", format_func=quiz.MODES.get)
    score = state[session.QUIZ_SCORE]
    st.metric("Score this session", f"{score['right']} / {score['asked']}")
    st.button("New questions", on_click=_new_set, icon=":material/shuffle:", width="stretch")
    st.button("Reset score", on_click=_reset_score, width="stretch")

st.title("Quiz", anchor=False)
with st.popover("Export this quiz", icon=":material/download:"):
    st.caption("The same questions for your learning platform, or printed. GIFT and Moodle XML import into "
               "Moodle's question bank (and other platforms read them); each question carries its explanation "
               "and citations as feedback.")
    count = st.number_input("Questions", 1, quiz.MAX_QUESTIONS, quiz_export.DEFAULT_COUNT, key=session.QUIZ_EXPORT_COUNT)
    kinds = tuple(st.multiselect("Kinds of question", quiz_export.KINDS, default=list(quiz_export.KINDS),
                                 key=session.QUIZ_EXPORT_KINDS, format_func=quiz.MODES.get)) or quiz_export.KINDS
    seed = state[session.QUIZ_SEED]
    for fmt, label in (("gift", "GIFT (Moodle and others)"), ("moodle-xml", "Moodle XML"),
                       ("json", "JSON (documented format)"), ("html", "Printable handout (HTML)")):
        st.download_button(label, lambda fmt=fmt: teaching.quiz_file_of(bundle, fmt, seed, int(count), kinds),
                           quiz_export.file_name(fmt, seed), quiz_export.MEDIA_TYPES[fmt], on_click="ignore",
                           key=f"quiz_download_{fmt}")
deck = teaching.deck_of(bundle, mode, state[session.QUIZ_SEED])
if not deck:
    st.info("This dataset has too few claims of the right kind for this sort of question.")
    st.stop()
position = state[session.QUIZ_POSITION].get(mode, 0)
question = deck[position % len(deck)]
st.caption(f"{quiz.MODES[mode]} · question {position % len(deck) + 1} of {len(deck)}")
answered = question.id in state[session.QUIZ_ANSWERS]

if mode == "flashcard":
    st.header(md(question.prompt), anchor=False)
    shown = state.get(session.QUIZ_CARD) == question.id
    if not shown:
        st.button("Show the answer", key="quiz_show_card", type="primary",
                  on_click=lambda: state.update({session.QUIZ_CARD: question.id}))
    else:
        st.markdown("**Answer:** " + md(", ".join(node_label(n) for n in question.options)))
        show_claims(question.claims)
        if not answered:
            cols = st.columns(2)
            cols[0].button("I knew it", key="quiz_knew", on_click=_record, args=(question, True))
            cols[1].button("Not yet", key="quiz_not_yet", on_click=_record, args=(question, False))
else:
    st.header(md(question.prompt), anchor=False)
    format_option = node_label if mode == "choice" else claim_text
    st.radio("Your answer", question.options, index=None, key=f"quiz_pick_{question.id}",
             format_func=format_option, disabled=answered)
    if not answered:
        if st.button("Check", key="quiz_check", type="primary"):
            choice = state.get(f"quiz_pick_{question.id}")
            if choice is None:
                st.warning("Pick an answer first, then press Check.")
            else:
                _record(question, quiz.is_right(question, choice), choice)
                st.rerun()
    else:
        choice = state[session.QUIZ_ANSWERS][question.id]
        if quiz.is_right(question, choice):
            st.success("Correct.")
        else:
            st.error(md(f"Not quite. The answer is: {format_option(question.answer)}"))
            if mode == "choice":
                st.caption(md(quiz.why_wrong(G, question, choice)))
        if mode == "dubious":
            st.markdown(md(quiz.why_dubious(G, question.answer)))
        show_claims(question.claims)

st.button("Next question", key="quiz_next", on_click=_next, args=(mode,), icon=":material/arrow_forward:")
