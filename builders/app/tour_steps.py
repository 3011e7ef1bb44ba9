"""The tour builder's steps: a card per step (a small preview, its state, move, copy, delete), the
editor of the chosen step (title, narration, view, highlights picked by label, prediction, the
citations of what it highlights), and the step's preview exactly as Present shows it
(:func:`builders.app.stage.show_step`).

The builder writes nothing for the teacher: the narration box starts empty, and the citations of
the highlighted claims stand under it so that the narration can stay faithful to them.
"""

from __future__ import annotations

from dataclasses import replace
from math import ceil

import streamlit as st

from ..escape import md
from ..render.text import short
from ..teach import tours
from ..teach.tour_check import DraftCheck
from ..teach.tour_draft import (Draft, DraftStep, as_predict, as_show, claim_ends, delete_step, duplicate_step,
                                move_step, with_view)
from ..teach.tour_files import MAX_STEPS, Step
from . import session, stage
from .bundle import Bundle, edge_index, view_of
from .tour_builder import (CARDS_PER_PAGE, EXPLORE_PAGE, captured, edit, edit_list, editing, explore_step,
                           generation, step_widget, thumbnail_of, update_step)

#: The answer of a predict step that hides only the claim (both its nodes stay on screen).
ONLY_THE_CLAIM = "claim"
#: The graph's height in the builder's preview (Present's fills the screen).
PREVIEW_HEIGHT = 560


# --------------------------------------------------------------------------- the cards

def step_cards(bundle: Bundle, current: Draft, check: DraftCheck) -> None:
    """The steps as cards, a page of them at a time."""
    state = st.session_state
    pages = max(1, ceil(len(current.steps) / CARDS_PER_PAGE))
    state[session.TOUR_CARDS_PAGE] = min(max(int(state.get(session.TOUR_CARDS_PAGE) or 1), 1), pages)
    page = st.pagination(pages, key=session.TOUR_CARDS_PAGE) if pages > 1 else 1
    chosen = editing(current)
    first = (page - 1) * CARDS_PER_PAGE
    for index in range(first, min(first + CARDS_PER_PAGE, len(current.steps))):
        _card(bundle, current, check, index, index == chosen)


def _badges(step: DraftStep, notes, checked: bool) -> None:
    """The step's state: a prediction, its errors or warnings, "Ready", or "Not checked" (a tour
    over the step limit is not checked step by step, so its steps are not called ready)."""
    errors = sum(n.severity == "error" for n in notes)
    with st.container(horizontal=True, gap="small"):
        if step.is_predict:
            st.badge("Predict", color="violet")
        if errors:
            st.badge(f"{errors} error(s)", color="red", icon=":material/error:")
        elif notes:
            st.badge(f"{len(notes)} warning(s)", color="orange", icon=":material/warning:")
        elif not checked:
            st.badge("Not checked", color="gray", icon=":material/pending:")
        else:
            st.badge("Ready", color="green", icon=":material/check:")


def _card(bundle: Bundle, current: Draft, check: DraftCheck, index: int, chosen: bool) -> None:
    step, number = current.steps[index], index + 1
    with st.container(border=True, key=f"tour_card_{step.uid}"):
        picture, words = st.columns([1, 1.3])
        picture.image(thumbnail_of(bundle, step.spec()), width="stretch",
                      alt=f"A small picture of step {number}'s view. {captured(bundle, step)}")
        with words:
            st.markdown(f"**{number}.** " + md(step.title or f"Step {number}"))
            _badges(step, check.of_step(number), checked=len(current.steps) <= MAX_STEPS)
        with st.container(horizontal=True, gap="small"):  # the card's width: one row at 1024 pixels too
            st.button("Edit", key=f"tour_edit_{step.uid}", type="primary" if chosen else "secondary",
                      on_click=edit, args=(step.uid,), help=f"Edit step {number}")
            st.button("Up", key=f"tour_up_{step.uid}", disabled=index == 0, help="Move this step up",
                      on_click=edit_list, args=(lambda d, i: move_step(d, i, -1), index))
            st.button("Down", key=f"tour_down_{step.uid}", disabled=number == len(current.steps),
                      help="Move this step down", on_click=edit_list, args=(lambda d, i: move_step(d, i, 1), index))
            st.button("Copy", key=f"tour_copy_{step.uid}", help="Duplicate this step",
                      on_click=edit_list, args=(duplicate_step, index))
            with st.popover("Delete", key=f"tour_delete_box_{step.uid}"):
                st.button(f"Delete step {number} for good", key=f"tour_delete_{step.uid}",
                          on_click=edit_list, args=(delete_step, index))


# --------------------------------------------------------------------------- the editor

def step_editor(bundle: Bundle, current: Draft, check: DraftCheck, index: int) -> None:
    """Edit one step: its problems, title, narration, view, highlights, prediction and citations."""
    step, number = current.steps[index], index + 1
    st.header(f"Step {number} of {len(current.steps)}", anchor=False)
    for note in check.of_step(number):
        (st.error if note.severity == "error" else st.warning)(md(note.text))
    step_widget(st.text_input, "Title", "title", step, max_chars=200)
    step_widget(st.text_area, "Narration, in your own words", "narration", step, max_chars=4000, height=140,
                 placeholder="What should the class notice? The sources of what the step highlights are below.")
    _view_box(bundle, step)
    _highlights(bundle, step)
    _predict_box(bundle, step)
    _sources(bundle, step)


def _use_explore_view(bundle: Bundle, uid: int) -> None:
    view = explore_step(bundle)
    update_step(uid, lambda step: with_view(step, view))


def show_in_explore(bundle: Bundle, step: DraftStep) -> None:
    """Set Explore's controls to show a step's view (what the graph does not know is left out)."""
    G, state = bundle.graph, st.session_state
    state["focus"] = step.focus if step.focus in G else None
    state["depth"], state["mode"] = step.depth, "fade" if step.fade else "hide"
    state["budget"] = min(max(step.max_nodes, 10), 100_000)
    known = {"kinds": bundle.schema.node_kinds, "relations": bundle.schema.relations, "sources": bundle.sources,
             "statuses": bundle.schema.statuses}
    for key, allowed in known.items():
        state[key] = [v for v in sorted(getattr(step.filters, key)) if v in allowed]
    ends = (step.path[0], step.path[-1]) if len(step.path) > 1 and all(n in G for n in step.path) else (None, None)
    state["path_from"], state["path_to"], state["path_only"] = *ends, bool(ends[0])
    state["selected"] = None


def _view_box(bundle: Bundle, step: DraftStep) -> None:
    st.caption(md("View: " + captured(bundle, step)))
    cols = st.columns(2)
    cols[0].button("Use the current Explore view", key=f"tour_use_view_{step.uid}", width="stretch",
                   on_click=_use_explore_view, args=(bundle, step.uid),
                   help="Takes Explore's focus, filters, path and selection; keeps this step's title, narration and "
                        "prediction.")
    if cols[1].button("Open this view in Explore", key=f"tour_show_view_{step.uid}", width="stretch"):
        show_in_explore(bundle, step)
        st.switch_page(EXPLORE_PAGE)


def _node_label(bundle: Bundle):
    G, kinds = bundle.graph, bundle.schema.node_kinds

    def label(node: str) -> str:
        if node not in G:
            return f"{node} (not in this dataset)"
        kind = G.nodes[node]["kind"]
        return f"{G.nodes[node]['label']} ({kinds[kind].label if kind in kinds else kind})"
    return label


def _claim_label(bundle: Bundle):
    G, claims, relations = bundle.graph, edge_index(bundle), bundle.schema.relations

    def label(claim_id: str) -> str:
        if claim_id not in claims:
            return f"{claim_id} (not in this dataset)"
        u, v, d = claims[claim_id]
        relation = relations[d["relation"]].label if d["relation"] in relations else d["relation"]
        return f"{G.nodes[u]['label']} — {relation} — {G.nodes[v]['label']}: {short(d['claim'], 70)}"
    return label


def _highlights(bundle: Bundle, step: DraftStep) -> None:
    """Pick the highlighted nodes and claims by label, among those the step's view shows."""
    view = view_of(bundle, step.spec())
    nodes, claims = _node_label(bundle), _claim_label(bundle)
    node_options = sorted(set(view.nodes) | set(step.highlight), key=lambda n: nodes(n).casefold())
    claim_options = sorted({k for _, _, k in view.edges} | set(step.claims), key=lambda c: claims(c).casefold())
    step_widget(st.multiselect, "Highlighted nodes", "highlight", step, convert=tuple, options=node_options,
                 format_func=nodes, placeholder="Pick nodes this step shows")
    step_widget(st.multiselect, "Highlighted claims (their citations go with the narration)", "claims", step,
                 convert=tuple, options=claim_options, format_func=claims,
                 placeholder="Pick claims this step shows")


def _set_predict(bundle: Bundle, uid: int, key: str) -> None:
    on = st.session_state[key]

    def change(step: DraftStep) -> DraftStep:
        if not on:
            return as_show(step)
        claim = step.claims[0] if step.claims else None
        return as_predict(bundle.graph, step, claim) if claim else replace(step, type="predict")
    update_step(uid, change)


def _set_hidden(bundle: Bundle, uid: int, key: str) -> None:
    claim = st.session_state[key]
    update_step(uid, lambda step: as_predict(bundle.graph, replace(step, type="show"), claim))


def _set_answer(uid: int, key: str) -> None:
    answer = None if st.session_state[key] == ONLY_THE_CLAIM else st.session_state[key]
    update_step(uid, lambda step: replace(step, answer=answer, highlight=tuple(n for n in step.highlight if n != answer)))


def _predict_box(bundle: Bundle, step: DraftStep) -> None:
    """Turn the step into a predict step: the claim to hide, what the class guesses, the question."""
    key = session.tour_key(generation(), "predict", step.uid)
    st.session_state.setdefault(key, step.is_predict)
    st.toggle("Predict step: hide a claim for the class to guess", key=key, on_change=_set_predict,
              args=(bundle, step.uid, key))
    if not step.is_predict:
        return
    claims = _claim_label(bundle)
    view = view_of(bundle, step.spec())
    options = sorted({k for _, _, k in view.edges} | ({step.claim} if step.claim else set()), key=claims)
    hidden = session.tour_key(generation(), "claim", step.uid)
    st.session_state.setdefault(hidden, step.claim)
    st.selectbox("The claim to hide until the reveal", options, key=hidden, format_func=claims, index=None,
                 placeholder="Pick a claim this step shows", on_change=_set_hidden, args=(bundle, step.uid, hidden))
    if step.claim in edge_index(bundle):
        ends = list(claim_ends(bundle.graph, step.claim))
        answer = session.tour_key(generation(), "answer", step.uid)
        st.session_state.setdefault(answer, step.answer or ONLY_THE_CLAIM)
        label = _node_label(bundle)
        st.radio("What the class guesses", ends + [ONLY_THE_CLAIM], key=answer, horizontal=True,
                 format_func=lambda n: "Only the claim" if n == ONLY_THE_CLAIM else f"{label(n)}, hidden until the reveal",
                 on_change=_set_answer, args=(step.uid, answer))
    step_widget(st.text_input, "Question (optional)", "question", step, max_chars=300,
                 placeholder="By default, a question that names only what the class can see")


def _sources(bundle: Bundle, step: DraftStep) -> None:
    """The citations of the claims the step highlights (and of the hidden one), to keep the narration faithful."""
    G, claims = bundle.graph, edge_index(bundle)
    hidden = (step.claim,) if step.is_predict and step.claim else ()
    known = Step(0, "", "", highlight=tuple(n for n in step.highlight if n in G),
                 claims=tuple(c for c in step.claims + hidden if c in claims))
    lines = tours.step_sources(G, known)
    with st.expander(f"Sources of what this step highlights ({len(lines)})", expanded=bool(lines)):
        if not lines:
            st.caption("Highlight a claim to see its citations here.")
        for line in lines:
            st.caption(md(line))


# --------------------------------------------------------------------------- the preview

def preview(bundle: Bundle, current: Draft, check: DraftCheck, index: int) -> None:
    """The step exactly as Present shows it (the graph a little shorter)."""
    step = current.steps[index]
    st.session_state.setdefault(session.TOUR_PREVIEW, True)
    if not st.toggle("Preview this step as Present shows it", key=session.TOUR_PREVIEW):
        return
    parsed = check.step(index + 1)
    if parsed is None and len(current.steps) > MAX_STEPS:
        st.info(f"A tour has at most {MAX_STEPS} steps: keep the first {MAX_STEPS} to check and preview them.")
        return
    if parsed is None:
        st.info(md(f"Step {index + 1} has errors: fix them to preview it."))
        return
    with st.container(border=True, key="tour_preview_box"):
        st.header(md(parsed.title), anchor=False)
        stage.show_step(bundle, parsed, f"draft:{generation()}:{step.uid}", graph_key="pa_builder_graph",
                        height=PREVIEW_HEIGHT)
