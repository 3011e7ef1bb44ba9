"""The tour builder page's panels for the tour as a whole: start, open or upload a tour; its
title, file name and description; its checks; keeping the work (present now, download the YAML,
export the offline page, save into the data folder). The steps' cards and editor are
:mod:`.tour_steps`. Every widget writes into the session's draft (:mod:`.tour_builder`); all data
is shown as text.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from ..escape import md
from ..teach.tour_check import DraftCheck
from ..teach.tour_draft import Draft, check_name, from_tour, keep_first, open_upload, suggest_name
from ..teach.tour_files import MAX_STEPS
from . import session, teaching
from .bundle import Bundle, tours_of
from .tour_builder import (EXPLORE_PAGE, PRESENT_PAGE, draft, editing, present_name, save, save_target, set_draft,
                           start, tour_widget, yaml_of)


# --------------------------------------------------------------------------- start, open, upload

def start_panel(bundle: Bundle) -> None:
    """Start a new tour, open one of the data folder, or upload a tour file; each replaces the
    draft, after a tick when the draft has steps."""
    state, current = st.session_state, draft()
    with st.popover("New, open or upload", icon=":material/folder_open:"):
        ok = not current.steps
        if current.steps:
            ok = st.checkbox(f"Replace my draft ({len(current.steps)} step(s)); I have downloaded it or do not "
                             "need it", key=session.TOUR_REPLACE_OK)
        st.button("Start a new tour", key="tour_new", disabled=not ok, on_click=_start_fresh, args=(Draft(),))
        shipped = tours_of(bundle).tours
        if shipped:
            st.selectbox("A tour of this dataset", list(shipped), key=session.TOUR_OPEN_CHOICE,
                         format_func=lambda n: f"{shipped[n].title} ({n})")
            st.button("Open this tour", key="tour_open", disabled=not ok,
                      on_click=lambda: _start_fresh(from_tour(shipped[state[session.TOUR_OPEN_CHOICE]])))
        uploaded = st.file_uploader("Or upload a tour file (.yaml)", type=["yaml", "yml"], key=session.TOUR_UPLOAD,
                                    disabled=not ok)
    if uploaded is not None and uploaded.file_id != state.get(session.TOUR_UPLOAD_SEEN):
        state[session.TOUR_UPLOAD_SEEN] = uploaded.file_id
        opened = open_upload(uploaded.getvalue(), uploaded.name, bundle.result.dataset)
        state[session.TOUR_OPENED] = (uploaded.name, [p.format() for p in opened.problems], opened.draft is not None)
        if opened.draft is not None:
            start(opened.draft)
    _opened_report()


def _start_fresh(new: Draft) -> None:
    st.session_state.pop(session.TOUR_OPENED, None)
    start(new)


def _opened_report() -> None:
    opened = st.session_state.get(session.TOUR_OPENED)
    if not opened:
        return
    name, problems, ok = opened
    if not ok:
        st.error(md(f"{name} was not opened; your draft is unchanged. " + " ".join(problems)))
    elif problems:
        with st.expander(md(f"{name} was opened with {len(problems)} problem(s) as a tour file; the steps below "
                            "say what is left to fix")):
            for line in problems:
                st.caption(md(line))


# --------------------------------------------------------------------------- the tour as a whole

def tour_fields(current: Draft) -> None:
    """The tour's title, file name and description."""
    cols = st.columns([3, 1.2])
    tour_widget(cols[0].text_input, "Tour title", "title", current.title, max_chars=200,
                 placeholder="e.g. Infection, step by step")
    tour_widget(cols[1].text_input, "File name", "name", current.name, max_chars=64,
                 help="Saved as tours/<name>.yaml: letters, digits, - and _.")
    if check_name(current.name):
        cols[1].caption(md(f"Letters, digits, - and _ only; the files will be named {suggest_name(current.name)}."))
    tour_widget(st.text_input, "Description (optional)", "description", current.description, max_chars=1000,
                 placeholder="One or two sentences for the list of tours")


def checks(current: Draft, check: DraftCheck) -> None:
    """The tour's own problems, and a summary: errors keep it from being presented or exported."""
    for note in check.of_tour:
        (st.error if note.severity == "error" else st.warning)(md(note.text))
    if len(current.steps) > MAX_STEPS:
        st.button(f"Keep only the first {MAX_STEPS} steps", key="tour_keep_first",
                  on_click=lambda: set_draft(keep_first(draft())))
    if not current.steps:
        st.info("No steps yet. In Explore, frame a view (search, focus, filters, a path) and click "
                "**Add to tour**: each click adds a step here.")
        st.page_link(EXPLORE_PAGE, label="Go to Explore")
        return
    summary = (f"{len(current.steps)} step(s) · {len(check.errors)} error(s) · {len(check.warnings)} warning(s)")
    if check.errors:
        st.error(md(summary) + ". Fix the errors to present or export the tour; each step says what is wrong.")
    else:
        st.success(md(summary) + (". Ready to present; read the warnings." if check.warnings else ". Ready to present."))


def keep_bar(bundle: Bundle, current: Draft, check: DraftCheck) -> None:
    """Present now, download the YAML, export the offline page, save into the data folder."""
    blocked = check.tour is None
    file = current.name if check_name(current.name) is None else suggest_name(current.name)
    cols = st.columns(4)
    if cols[0].button("Present it", key="tour_present", type="primary", disabled=blocked, width="stretch",
                      icon=":material/slideshow:", help="Opens Present on this tour (fix the errors first)."):
        name, step = present_name(bundle, current), (editing(current) or 0) + 1
        st.session_state[session.PRESENT_TOUR], st.session_state[session.PRESENT_STEP] = name, step
        st.switch_page(PRESENT_PAGE, query_params={"tour": name, "step": str(step)})
    cols[1].download_button("Download YAML", yaml_of(current), f"{file}.yaml", "application/x-yaml",
                            key="tour_download", on_click="ignore", disabled=not current.steps, width="stretch",
                            icon=":material/download:", help="The tour file: keep it, share it, upload it again.")
    cols[2].download_button("Offline HTML page", lambda: teaching.tour_page_of(bundle, check.tour),
                            f"pain-atlas-tour-{file}.html", "text/html", key="tour_export", on_click="ignore",
                            disabled=blocked, width="stretch", icon=":material/public_off:",
                            help="Every step, the keys and a reference list in one file that works offline.")
    with cols[3].popover("Save into the data folder", width="stretch", icon=":material/save:"):
        save_panel(current, check)


def _save(target, exists: bool) -> None:
    state = st.session_state
    try:
        save(draft(), target, replace_existing=exists)
        state[session.TOUR_SAVED] = ("success", f"Saved {target}. Present lists it once the data reloads.")
    except (OSError, ValueError) as exc:
        state[session.TOUR_SAVED] = ("error", f"Not saved: {exc}")
    state[session.TOUR_SAVE_CONFIRM] = False


def save_panel(current: Draft, check: DraftCheck) -> None:
    """Save as ``tours/<name>.yaml``: only with ``--allow-edits``, and over a file only once confirmed."""
    target, why = save_target(current)
    if target is None:
        st.caption(md(why))
        return
    exists = target.exists()
    if exists:
        st.checkbox(md(f"Replace the existing tours/{target.name}"), key=session.TOUR_SAVE_CONFIRM)
    confirmed = not exists or st.session_state.get(session.TOUR_SAVE_CONFIRM)
    st.button(md(f"Save tours/{target.name}"), key="tour_save", type="primary",
              disabled=check.tour is None or not confirmed, on_click=_save, args=(target, exists))
    if check.tour is None:
        st.caption("Fix the errors first.")
    saved = st.session_state.pop(session.TOUR_SAVED, None)
    if saved:
        (st.success if saved[0] == "success" else st.error)(md(saved[1]))
