"""Session and URL state: every session-state key of the app, the view state in the URL, and
"a link sets the choice once".

This module owns every key the pages keep in ``st.session_state`` (the tables below). Pages
read and write their own keys, but only through these names; what a switch of dataset forgets
is listed here, not in the pages.

The URL holds the state that makes a link worth sharing: the explorer's view
(``/?focus=intrathecal-pump&depth=2&status=supported&sel=node:morphine``), or a page's own
parameters (``/present?tour=NAME&step=3``). A link sets that state once, when it is opened
(:func:`link_once`); after that the widgets drive it, and :func:`write_url` mirrors it back.

The codec between the explorer's state and the URL, :func:`view_query` and
:func:`parse_view_query`, is pure: it works on plain mappings and is tested without Streamlit.

Examples
--------
>>> view_query({"focus": "morphine", "depth": 2, "kinds": ["drug", "risk"], "selected": ("node", "a")})
{'focus': 'morphine', 'depth': '2', 'kind': 'drug,risk', 'sel': 'node:a'}
>>> values, problems = parse_view_query({"depth": ["9"], "kind": ["drug,gadget"]}, Known(kinds={"drug"}))
>>> values
{'depth': 3, 'kinds': ['drug']}
>>> problems
["The link's kind filter names unknown values: gadget; they were ignored."]
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Mapping, MutableMapping

import streamlit as st

from ..graph.views import DEFAULT_NODE_BUDGET, Filters, ViewSpec
from ..render.text import short  # a link's values are quoted in messages, cut short

# --------------------------------------------------------------------------- the keys

#: The explorer's view controls (widget keys), and how each appears in the URL.
VIEW_PARAMS = {
    "focus": "focus", "depth": "depth", "mode": "mode", "kinds": "kind", "relations": "rel",
    "sources": "src", "statuses": "status", "selected": "sel", "path_from": "from", "path_to": "to",
    "path_only": "show", "budget": "max",
}
FILTER_KEYS = ("kinds", "relations", "sources", "statuses")
VIEW_DEFAULTS = {"focus": None, "depth": 1, "mode": "hide", "kinds": [], "relations": [], "sources": [],
                 "statuses": [], "selected": None, "path_from": None, "path_to": None, "path_only": False,
                 "budget": DEFAULT_NODE_BUDGET}
#: The explorer's last click, to tell a new click from a rerun; and its graph's widget key.
LAST_CLICK, EXPLORE_GRAPH = "_last_click", "pa_graph"

#: The session's own dataset (an upload): its folder, name and source texts.
DATA_DIR, DATA_NAME, DATA_SOURCES = "data_dir", "data_name", "data_sources_dir"
#: The last upload's report, the name of an upload that was refused, the session's upload folder,
#: and the uploader's file id already handled (so a rerun does not handle it again).
UPLOAD_REPORT, UPLOAD_REFUSED, UPLOAD_FOLDER, UPLOAD_SEEN = ("own_data_report", "own_data_refused",
                                                             "_own_data_folder", "own_data_seen")

#: Compare: the chosen therapies.
COMPARE_THERAPIES = "compare_therapies"
#: Table view's "Export data" menu: the current view or the whole dataset.
EXPORT_SCOPE = "export_scope"
#: Present: the tour, the step, and the predict steps already revealed ("tour:step").
PRESENT_TOUR, PRESENT_STEP, PRESENT_REVEALED = "present_tour", "present_step", "present_revealed"
#: Quiz: the deck's seed, the position in each mode, the score, the answers given, the card shown.
QUIZ_SEED, QUIZ_POSITION, QUIZ_SCORE, QUIZ_ANSWERS, QUIZ_CARD = ("quiz_seed", "quiz_position", "quiz_score",
                                                                 "quiz_answers", "quiz_card_shown")
#: Quiz: the export's number of questions and kinds of question (widget keys).
QUIZ_EXPORT_COUNT, QUIZ_EXPORT_KINDS = "quiz_export_count", "quiz_export_kinds"
#: Tour builder: the draft (a ``builders.teach.tour_draft.Draft``, kept across pages), its
#: generation (a new draft gets fresh widget keys), the step being edited (its ``uid``), and the
#: page of step cards shown.
TOUR_DRAFT, TOUR_GENERATION, TOUR_EDITING, TOUR_CARDS_PAGE = ("tour_draft", "tour_generation", "tour_editing",
                                                              "tour_cards_page")
#: Tour builder: the uploader, the upload already handled, what opening the last file found,
#: the tour to open, the confirmation to replace a file, and the preview's toggle (widget keys).
TOUR_UPLOAD, TOUR_UPLOAD_SEEN, TOUR_OPENED = "tour_upload", "tour_upload_seen", "tour_opened"
TOUR_OPEN_CHOICE, TOUR_SAVE_CONFIRM, TOUR_PREVIEW = "tour_open_choice", "tour_save_confirm", "tour_preview"
#: Explore's "Add to tour" box: whether it is open and the title it offers (widget keys), and the
#: view that title was made for.
TOUR_ADD_BOX, TOUR_ADD_TITLE, TOUR_ADD_FOR = "tour_add_box", "tour_add_title", "_tour_add_for"
#: Explore's toolbar boxes (popover keys): each is made only while it is open.
FOCUS_BOX, FILTERS_BOX, CONNECT_BOX, EXPORT_BOX = "focus_box", "filters_box", "connect_box", "export_box"
#: The Filters box's own box for relations, sources and the node budget (an expander key).
MORE_FILTERS_BOX = "more_filters_box"
#: Present's "Export for class" box (a popover key): made only while it is open.
PRESENT_EXPORT_BOX = "present_export_box"
#: The last view added from Explore, to say so under its button: (the view as a step, step count).
TOUR_ADDED = "_tour_added"
#: Tour builder: "replace my draft" (widget key), and what the last save did (a message).
TOUR_REPLACE_OK, TOUR_SAVED = "tour_replace_ok", "_tour_saved"


def tour_key(generation: int, name: str, uid: int | None = None) -> str:
    """The widget key of a draft's field (``uid``: of one step), unique to the draft's generation.

    >>> tour_key(2, "narration", 5)
    'tour_2_step_5_narration'
    """
    return f"tour_{generation}_{name}" if uid is None else f"tour_{generation}_step_{uid}_{name}"

#: View state that names things of one dataset: a switch of dataset sets it back to its default.
DATASET_VIEW_KEYS = ("focus", "selected", "path_from", "path_to", "path_only", *FILTER_KEYS)
#: The pages' choices that name things of one dataset: a switch of dataset forgets them.
DATASET_PAGE_KEYS = (COMPARE_THERAPIES, PRESENT_TOUR, PRESENT_STEP, PRESENT_REVEALED, QUIZ_POSITION,
                     QUIZ_ANSWERS, QUIZ_CARD)
_LINK = "_link:"  # + the parameter names: the values a link last set, or the page last wrote
_PAGE_URL = "_page_url"


def forget_dataset_state(state: MutableMapping) -> None:
    """Set the view state back to its defaults, and forget the pages' choices, for new data."""
    for key in DATASET_VIEW_KEYS:
        state[key] = copy.copy(VIEW_DEFAULTS[key])
    for key in DATASET_PAGE_KEYS:
        state.pop(key, None)


def init_view_state() -> None:
    """Give every view control its default once per session, before any widget is drawn."""
    for key, value in VIEW_DEFAULTS.items():
        st.session_state.setdefault(key, copy.copy(value))


# --------------------------------------------------------------------------- the view in the URL (pure)

@dataclass(frozen=True)
class Known:
    """What a link may name: the ids of one dataset."""

    nodes: Mapping | set = field(default_factory=set)
    claims: Mapping | set = field(default_factory=set)
    kinds: Mapping | set = field(default_factory=set)
    relations: Mapping | set = field(default_factory=set)
    sources: Mapping | set = field(default_factory=set)
    statuses: Mapping | set = field(default_factory=set)


def view_query(values: Mapping) -> dict[str, str]:
    """The URL parameters of the explorer's state, leaving out defaults."""
    query = {}
    for key, name in VIEW_PARAMS.items():
        value = values.get(key, VIEW_DEFAULTS[key])
        if value in (None, [], VIEW_DEFAULTS[key]):
            continue
        if key in FILTER_KEYS:
            query[name] = ",".join(value)
        elif key == "path_only":
            query[name] = "path"
        elif key == "selected":
            query[name] = f"{value[0]}:{value[1]}"
        else:
            query[name] = str(value)
    return query


def parse_view_query(params: Mapping[str, list[str]], known: Known) -> tuple[dict, list[str]]:
    """The explorer's state that URL parameters set, and a message for each value rejected."""
    values, problems = {}, []
    for key, name in VIEW_PARAMS.items():
        given = params.get(name)
        if not given:
            continue
        if key in FILTER_KEYS:
            items = [v for value in given for v in value.split(",") if v]
            allowed = getattr(known, key)
            bad = [v for v in items if v not in allowed]
            if bad:
                problems.append(f"The link's {name} filter names unknown values: {short(', '.join(bad), 200)}; "
                                "they were ignored.")
            values[key] = [v for v in items if v in allowed]
        elif key in ("depth", "budget"):
            low, high = (1, 3) if key == "depth" else (10, 100_000)
            try:
                values[key] = min(max(int(given[0]), low), high)
            except ValueError:
                problems.append(f"The link's {name}={short(given[0], 120)!r} is not a number; using the default.")
        elif key == "mode":
            values[key] = "fade" if given[0] == "fade" else "hide"
        elif key == "path_only":
            values[key] = given[0] == "path"
        elif key == "selected":
            kind, _, item = given[0].partition(":")
            if (kind == "node" and item in known.nodes) or (kind == "edge" and item in known.claims):
                values[key] = (kind, item)
            else:
                problems.append(f"The link selects {short(given[0], 120)!r}, which is not in this dataset.")
        elif given[0] in known.nodes:
            values[key] = given[0]
        else:
            problems.append(f"The link names the node {short(given[0], 120)!r}, which is not in this dataset.")
    return values, problems


# --------------------------------------------------------------------------- links and the URL

def _query() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def link_once(*names: str) -> dict[str, list[str]] | None:
    """The URL's values of these parameters when a link has just set them, else ``None``.

    "Just set" means they differ from what this session last read here, or last wrote with
    :func:`own_url` or :func:`write_url`: so a link sets a choice once, and after that the
    page's widgets drive it.
    """
    query = _query()
    current = {n: query[n] for n in names if query.get(n)}
    memory = _LINK + ",".join(sorted(names))
    if not current or current == st.session_state.get(memory):
        return None
    st.session_state[memory] = current
    return current


def own_url(**params) -> None:
    """Give this run's page its own query parameters instead of the explorer's view.

    :func:`write_url`, which runs after the page, then writes exactly these (empty values left
    out), so a page such as Present links to ``?tour=pump&step=3``. A page that does not call
    this gets the explorer's view parameters.
    """
    wanted = {k: str(v) for k, v in params.items() if v not in (None, "")}
    st.session_state[_PAGE_URL] = wanted
    st.session_state[_LINK + ",".join(sorted(params))] = {k: [v] for k, v in wanted.items()}


def page_url(**params) -> None:
    """:func:`own_url`, written at once: for a page drawn in a fragment, whose rerun does not reach
    ``app.py``'s :func:`write_url`. A whole run's :func:`write_url` then writes the same."""
    own_url(**params)
    write_url()
    own_url(**params)


def read_view_link(known: Known) -> list[str]:
    """Set the explorer's state from a link just opened; returns messages about rejected values."""
    given = link_once(*VIEW_PARAMS.values())
    if given is None:
        return []
    values, problems = parse_view_query(given, known)
    st.session_state.update(values)
    return problems


def write_url() -> None:
    """Mirror the state into the URL (the page's own parameters, or the explorer's view), so a
    copied link restores what is on the screen."""
    page_params = st.session_state.pop(_PAGE_URL, None)  # set by own_url() during this run
    wanted = page_params if page_params is not None else view_query(st.session_state)
    current = {k: ",".join(st.query_params.get_all(k)) for k in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)
    if page_params is None:
        st.session_state[_LINK + ",".join(sorted(VIEW_PARAMS.values()))] = {k: [v] for k, v in wanted.items()}


# --------------------------------------------------------------------------- the current view

def current_filters() -> Filters:
    return Filters.of(*(st.session_state.get(key, []) for key in FILTER_KEYS))


def explore_selection() -> tuple[str, str] | None:
    """The explorer's selection, counting a click on its graph that Explore has not read yet (the
    graph is drawn below the toolbar, so the toolbar runs before Explore reads a new click)."""
    state = st.session_state
    clicked = (state.get(EXPLORE_GRAPH) or {}).get("selected")
    if clicked != state.get(LAST_CLICK):
        return (clicked["kind"], clicked["id"]) if clicked else None
    return state.get("selected")


def current_spec(paths=()) -> ViewSpec:
    """The explorer's view as the widgets set it; ``paths`` (the path finder's, hop dicts) are
    highlighted, or shown alone when the path finder asks for just the path."""
    state = st.session_state
    nodes = tuple(tuple([path[0]["from"]] + [hop["to"] for hop in path]) for path in paths)
    return ViewSpec(focus=state.get("focus"), depth=int(state.get("depth", 1)), fade=state.get("mode") == "fade",
                    filters=current_filters(), highlight_nodes=tuple(sorted({n for p in nodes for n in p})),
                    highlight_edges=tuple(sorted({hop["id"] for path in paths for hop in path})),
                    max_nodes=int(state.get("budget", DEFAULT_NODE_BUDGET)), paths=nodes,
                    path_only=bool(paths) and bool(state.get("path_only")))
