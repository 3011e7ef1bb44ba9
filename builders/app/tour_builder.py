"""The tour builder's Streamlit glue: the session's draft tour, "Add to tour" on Explore and in the
path finder, the draft's cached checks and previews, presenting it, and saving it.

The draft (:class:`builders.teach.tour_draft.Draft`) lives in the session state
(``session.TOUR_DRAFT``), so it survives reruns and page changes; every change makes a new
draft. Its checks (:func:`check_of`) and its cards' previews (:func:`thumbnail_of`) are cached per
dataset and value. A draft without errors is offered on Present beside the data folder's tours
(:func:`tours_to_present`). Saving writes ``tours/<name>.yaml`` into the app's own data folder, only
when the app was started with ``--allow-edits`` (:func:`builders.app.bundle.edits_allowed`), and
never over a file without the teacher's confirmation (:func:`save`).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path

import streamlit as st

from ..escape import md
from ..graph.views import ViewSpec, make_view
from ..render.figures import view_thumbnail
from ..teach.tour_check import DraftCheck, check_draft
from ..teach.tour_draft import Draft, DraftStep, add_step, change_step, check_name, index_of, step_from_view, to_yaml
from ..teach.tour_files import TourSet
from . import session
from .bundle import HASH, Bundle, app_folder, edits_allowed, layout_of, paths_of, tours_of

BUILDER_PAGE, EXPLORE_PAGE, PRESENT_PAGE = "app_pages/build_tour.py", "app_pages/explore.py", "app_pages/present.py"
#: Step cards shown at a time on the builder page.
CARDS_PER_PAGE = 8


# --------------------------------------------------------------------------- the draft in the session

def draft() -> Draft:
    """The session's draft (an empty one at first)."""
    return st.session_state.get(session.TOUR_DRAFT) or Draft()


def set_draft(new: Draft) -> None:
    st.session_state[session.TOUR_DRAFT] = new


def generation() -> int:
    return st.session_state.get(session.TOUR_GENERATION, 0)


def start(new: Draft) -> None:
    """Make ``new`` the session's draft, with fresh widgets, editing its first step."""
    state = st.session_state
    state[session.TOUR_GENERATION] = generation() + 1
    state[session.TOUR_DRAFT] = new
    state[session.TOUR_EDITING] = new.steps[0].uid if new.steps else None
    state[session.TOUR_CARDS_PAGE] = 1


def editing(current: Draft) -> int | None:
    """The index of the step being edited (the first, when none is chosen)."""
    uid = st.session_state.get(session.TOUR_EDITING)
    found = next((i for i, s in enumerate(current.steps) if s.uid == uid), None)
    return found if found is not None else (0 if current.steps else None)


def edit(uid: int) -> None:
    """Edit the step ``uid``, and show the page of cards that holds it."""
    st.session_state[session.TOUR_EDITING] = uid
    index = next((i for i, s in enumerate(draft().steps) if s.uid == uid), 0)
    st.session_state[session.TOUR_CARDS_PAGE] = index // CARDS_PER_PAGE + 1


def _added(step: DraftStep) -> None:
    new = add_step(draft(), step)
    set_draft(new)
    edit(new.steps[-1].uid)
    st.session_state[session.TOUR_ADDED] = (_view_of(step), len(new.steps))


def _view_of(step: DraftStep) -> DraftStep:
    """What a step shows, without the words a teacher may change: the same view is the same step."""
    return replace(step, title="", narration="", uid=0)


def _added_note(step: DraftStep) -> None:
    """"Added", under the button that added this very view, until the view changes (a stale
    "Added" under a new view would say the new view is in the tour)."""
    added = st.session_state.get(session.TOUR_ADDED)
    if added and added[0] == _view_of(step):
        st.caption(md(f"Added: your tour now has {added[1]} step(s)."))


# --------------------------------------------------------------------------- widgets bound to the draft
#
# Every widget of the builder writes into the draft through a callback, so the draft, not the
# widgets, is what survives page changes. A widget's key names the draft's generation and the
# step's ``uid`` (``session.tour_key``): a step keeps its widgets while it moves, and a new draft
# gets fresh ones. A change made by a button (a prediction, a new view) forgets the step's widgets,
# so that they show the draft again.

def _set_tour_field(field: str, key: str) -> None:
    set_draft(replace(draft(), **{field: st.session_state[key]}))


def tour_widget(widget, label: str, field: str, value, **kwargs) -> None:
    key = session.tour_key(generation(), field)
    st.session_state.setdefault(key, value)
    widget(label, key=key, on_change=_set_tour_field, args=(field, key), **kwargs)


def _set_step_field(uid: int, field: str, key: str, convert) -> None:
    current = draft()
    index = index_of(current, uid)
    if index is not None:
        value = convert(st.session_state[key]) if convert else st.session_state[key]
        set_draft(change_step(current, index, replace(current.steps[index], **{field: value})))


def step_widget(widget, label: str, field: str, step: DraftStep, convert=None, **kwargs) -> None:
    key = session.tour_key(generation(), field, step.uid)
    value = getattr(step, field)
    st.session_state.setdefault(key, list(value) if isinstance(value, tuple) else value)
    widget(label, key=key, on_change=_set_step_field, args=(step.uid, field, key, convert), **kwargs)


def update_step(uid: int, change) -> None:
    """Apply ``change`` (a step -> step function) to the step ``uid``, and forget its widgets."""
    current = draft()
    index = index_of(current, uid)
    if index is None:
        return
    set_draft(change_step(current, index, change(current.steps[index])))
    prefix = session.tour_key(generation(), "", uid)
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[key]


def edit_list(operation, index: int) -> None:
    set_draft(operation(draft(), index))


# --------------------------------------------------------------------------- "Add to tour"

def explore_step(bundle: Bundle) -> DraftStep:
    """What Explore shows now, as a step: its view, the path finder's paths and the selection."""
    state = st.session_state
    ends = (state.get("path_from"), state.get("path_to"))
    paths = paths_of(bundle, *ends) if all(e in bundle.graph for e in ends) else []
    return step_from_view(bundle.graph, session.current_spec(paths), session.explore_selection())


def captured(bundle: Bundle, step: DraftStep) -> str:
    """What a step keeps of the view, in words: "Focus: Morphine (depth 2, fade) · 3 nodes and 1 claim highlighted"."""
    G = bundle.graph
    label = lambda n: G.nodes[n]["label"] if n in G else n  # noqa: E731
    parts = []
    if step.path:
        parts.append("Just the path: " + " → ".join(label(n) for n in step.path))
    elif step.focus:
        parts.append(f"Focus: {label(step.focus)} (depth {step.depth}, {'fade' if step.fade else 'hide'} the rest)")
    else:
        parts.append("The whole graph")
    filters = [f"{name}: {', '.join(sorted(values))}" for name, values in vars(step.filters).items() if values]
    if filters and not step.path:
        parts.append("Filters: " + "; ".join(filters))
    parts.append(f"{len(step.highlight)} node(s) and {len(step.claims)} claim(s) highlighted")
    return " · ".join(parts)


def add_view_button(bundle: Bundle, spec: ViewSpec, paths=()) -> None:
    """Explore's "Add to tour": a popover that adds what Explore shows (focus, depth, hide or fade,
    filters, the path finder's hops, the selection) as a step of the session's draft, with a title
    taken from the view that the teacher can edit."""
    state = st.session_state
    # Lazy: the box is made when it opens (which reruns Explore), so it always offers the view as
    # it is now, a click on the graph included (that reruns only the graph's own fragment).
    box = st.popover("Add to tour", width="content", help="Add this view as a step of your tour",
                     key=session.TOUR_ADD_BOX, on_change="rerun")
    if not box.open:
        return
    step = step_from_view(bundle.graph, spec, session.explore_selection())
    current = draft()
    with box:
        if state.get(session.TOUR_ADD_FOR) != step.title:  # a new view: offer its own title again
            state[session.TOUR_ADD_TITLE] = step.title
            state[session.TOUR_ADD_FOR] = step.title
        st.text_input("Step title", key=session.TOUR_ADD_TITLE, max_chars=200)
        st.caption(md(captured(bundle, step)))
        name = f" of “{current.title}”" if current.title else ""
        st.button(f"Add as step {len(current.steps) + 1}{name}", key="tour_add_view", type="primary",
                  on_click=_add_view, args=(bundle,))
        _added_note(step)
        st.page_link(BUILDER_PAGE, label="Open the tour builder")


def _add_view(bundle: Bundle) -> None:
    """Add what Explore shows at the click (the view is read again: a click on the graph since the
    box was drawn counts), titled as the teacher wrote, else as the view says."""
    state = st.session_state
    step = explore_step(bundle)
    typed = (state.get(session.TOUR_ADD_TITLE) or "").strip()
    drawn_for = state.get(session.TOUR_ADD_FOR)
    # A click on the graph reruns only the graph's fragment, not this box: if the view changed
    # since the box was drawn, a title typed there was for the view before.
    _added(replace(step, title=typed) if typed and typed != drawn_for and step.title == drawn_for else step)


def add_path_button(bundle: Bundle, path: list[dict], number: int) -> None:
    """"Add this path to a tour", under one path of the path finder: the current view with this
    path's hops highlighted (or just the path, when Explore shows just the path)."""
    step = step_from_view(bundle.graph, session.current_spec([path]))
    st.button("Add this path to a tour", key=f"tour_add_path_{number}", icon=":material/playlist_add:",
              on_click=_added, args=(step,), help=captured(bundle, step))
    _added_note(step)


# --------------------------------------------------------------------------- cached results

@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=HASH)
def check_of(bundle: Bundle, current: Draft) -> DraftCheck:
    """A draft's problems in a teacher's words, with the rules of the tour files."""
    return check_draft(bundle.graph, bundle.result.dataset, current)


@st.cache_data(show_spinner=False, max_entries=256, hash_funcs=HASH)
def thumbnail_of(bundle: Bundle, spec: ViewSpec) -> bytes:
    """A step card's small preview (PNG)."""
    return view_thumbnail(bundle.graph, make_view(bundle.graph, spec), layout_of(bundle), spec)


def yaml_of(current: Draft) -> str:
    return to_yaml(current)


# --------------------------------------------------------------------------- presenting and saving

def present_name(bundle: Bundle, current: Draft) -> str:
    """The draft's name on Present: its own, unless a tour of the data folder has that name."""
    name = current.name if check_name(current.name) is None else "my-tour"
    return f"{name}-draft" if name in tours_of(bundle).tours else name


def tours_to_present(bundle: Bundle) -> TourSet:
    """The data folder's tours, and the session's draft when it has steps and no error."""
    found = tours_of(bundle)
    current = draft()
    tour = check_of(bundle, current).tour if current.steps else None
    if tour is None:
        return found
    name = present_name(bundle, current)
    return TourSet(tours={**found.tours, name: replace(tour, name=name)}, problems=list(found.problems))


def save_target(current: Draft) -> tuple[Path | None, str | None]:
    """Where "Save into the data folder" writes, or why it cannot: ``(path, None)`` or ``(None, why)``."""
    if not edits_allowed():
        return None, ("Saving into the data folder is off. A teacher running the app on their own machine "
                      "can start it with: streamlit run app.py -- --allow-edits")
    if st.session_state.get(session.DATA_DIR):
        return None, "You are working on an uploaded dataset: download the tour instead, and add it to your zip."
    problem = check_name(current.name)
    if problem:
        return None, f"The file name is not safe: {problem}."
    return app_folder().tours_dir / f"{current.name}.yaml", None


def save(current: Draft, target: Path, replace_existing: bool) -> None:
    """Write the draft's YAML to ``target`` (in the data folder's ``tours/``); an existing file is
    replaced only when ``replace_existing`` says so (``FileExistsError`` otherwise)."""
    tours_dir = target.parent
    if target.resolve().parent != tours_dir.resolve() or tours_dir.name != "tours":
        raise ValueError(f"{target} is not a file of a tours folder")
    tours_dir.mkdir(exist_ok=True)
    text = to_yaml(current).encode("utf-8")
    if not replace_existing:
        with open(target, "xb") as handle:  # "x": fails if the file appeared meanwhile
            handle.write(text)
        return
    handle, temporary = tempfile.mkstemp(dir=tours_dir, prefix=".tour-", suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(text)
    os.replace(temporary, target)
