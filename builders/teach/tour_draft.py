"""A tour being built in the app, as plain data: steps made from what Explore shows, edited,
reordered, and written as the YAML that :func:`~builders.teach.tour_files.parse_tour` reads.

A :class:`Draft` holds :class:`DraftStep` values with the fields of a tour file's step
(``docs`` in :mod:`builders.teach.tour_files`); both are frozen, so every change makes a new
draft and a draft can key a cache. :func:`to_yaml` writes a draft with ``yaml.safe_dump`` in a
stable key order, leaving defaults out; a draft read back from that file (:func:`from_tour` on
what ``parse_tour`` returns) writes the same text again. Nothing here writes narration: the
teacher does. What is wrong with a draft, in a teacher's words, is :mod:`builders.teach.tour_check`.

Examples
--------
>>> step = step_from_view(G, ViewSpec(focus="morphine", depth=2))
>>> step.title, step.focus, step.depth
('Morphine', 'morphine', 2)
>>> draft = add_step(Draft(title="Opioids"), replace(step, narration="What to notice."))
>>> print(to_yaml(draft), end="")
title: Opioids
steps:
- title: Morphine
  narration: What to notice.
  focus: morphine
  depth: 2
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePath

import networkx as nx
import yaml

from ..data.files import TOURS_FOLDER, yaml_of_bytes
from ..data.model import Dataset, Problem
from ..graph.views import DEFAULT_NODE_BUDGET, Filters, ViewSpec
from .tour_files import FILTER_FIELDS, MAX_STEPS, MAX_TOUR_BYTES, Tour, parse_tour, step_path

__all__ = ["Draft", "DraftStep", "replace", "step_from_view", "view_title", "to_yaml", "from_tour", "open_upload"]

#: An uploaded file with more steps than this is not opened at all (a tour has at most
#: :data:`~builders.teach.tour_files.MAX_STEPS`; a longer one opens so that it can be cut).
MAX_OPEN_STEPS = 1000
#: A tour's file name: letters, digits, hyphens and underscores; no path, no dot, no space.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
DEFAULT_NAME = "my-tour"


@dataclass(frozen=True)
class DraftStep:
    """One step of a draft: the fields of a tour file's step, as typed values.

    ``uid`` tells steps apart while they move (the app keys its widgets by it); it is not written.
    """

    title: str = ""
    narration: str = ""
    type: str = "show"
    focus: str | None = None
    depth: int = 1
    fade: bool = False
    highlight: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    filters: Filters = Filters()
    max_nodes: int = DEFAULT_NODE_BUDGET
    path: tuple[str, ...] = ()
    claim: str | None = None
    question: str = ""
    answer: str | None = None
    uid: int = 0

    @property
    def is_predict(self) -> bool:
        return self.type == "predict"

    def spec(self) -> ViewSpec:
        """The step's view with everything it highlights (a predict step's claim too): for a preview.

        >>> DraftStep(focus="a", claims=("c",), type="predict", claim="d").spec().highlight_edges
        ('c', 'd')
        """
        claims = self.claims + ((self.claim,) if self.is_predict and self.claim else ())
        return ViewSpec(focus=self.focus, depth=self.depth, fade=self.fade, filters=self.filters,
                        highlight_nodes=self.highlight, highlight_edges=claims, max_nodes=self.max_nodes,
                        paths=(self.path,) if self.path else (), path_only=bool(self.path))


@dataclass(frozen=True)
class Draft:
    """A tour being built: its file name, title, description and steps.

    ``opened_from`` names the tour file it was opened from, if any (saving over it asks first).
    """

    name: str = DEFAULT_NAME
    title: str = ""
    description: str = ""
    steps: tuple[DraftStep, ...] = ()
    opened_from: str | None = None


# --------------------------------------------------------------------------- a step from a view

def _label(G: nx.MultiDiGraph, node: str | None) -> str:
    return G.nodes[node]["label"] if node in G else str(node)


def view_title(G: nx.MultiDiGraph, spec: ViewSpec, selected: tuple[str, str] | None = None) -> str:
    """A step title that says what a view shows: its path, its selection, its focus, or the whole graph.

    >>> view_title(G, ViewSpec(focus="morphine"), ("node", "respiratory-depression"))
    'Morphine: Respiratory depression'
    >>> view_title(G, ViewSpec(paths=(("morphine", "naloxone"),), path_only=True))
    'From Morphine to Naloxone'
    """
    if spec.paths:
        return f"From {_label(G, spec.paths[0][0])} to {_label(G, spec.paths[0][-1])}"
    focus = _label(G, spec.focus) if spec.focus else ""
    chosen = ""
    if selected and selected[0] == "node" and selected[1] in G:
        chosen = _label(G, selected[1])
    elif selected and selected[0] == "edge" and selected[1] in G.graph.get("claim_ends", {}):
        u, v = G.graph["claim_ends"][selected[1]]
        relation = G.graph["schema"].relations.get(G.edges[u, v, selected[1]]["relation"])
        return f"{_label(G, u)} {relation.label if relation else '—'} {_label(G, v)}"
    if focus and chosen and chosen != focus:
        return f"{focus}: {chosen}"
    return focus or chosen or "The whole graph"


def path_claims(G: nx.MultiDiGraph, path: tuple[str, ...], claims) -> tuple[str, ...]:
    """The claims of ``claims`` that join two neighbours of a path, hop by hop."""
    wanted, found = set(claims), []
    for a, b in zip(path, path[1:]):
        for u, v in ((a, b), (b, a)):
            found += sorted(k for k in (G.get_edge_data(u, v) or {}) if k in wanted and k not in found)
    return tuple(found)


def step_from_view(G: nx.MultiDiGraph, spec: ViewSpec, selected: tuple[str, str] | None = None,
                   title: str | None = None) -> DraftStep:
    """A step that shows what a view shows: its focus, depth, hide or fade, filters and node
    budget; it highlights the view's highlights (a path's hops) and the selection. A view of just
    the path becomes a ``path`` step (the first path, with its hops' claims). The narration is
    left for the teacher.

    >>> step = step_from_view(G, ViewSpec(filters=Filters.of(statuses=["supported"])), ("edge", "e-pe-risk-infection"))
    >>> step.claims, sorted(step.filters.statuses), step.title
    (('e-pe-risk-infection',), ['supported'], 'Intrathecal pump carries the risk of Infection')
    """
    title = view_title(G, spec, selected) if title is None else title
    if spec.path_only and spec.paths:
        path = spec.paths[0]
        return DraftStep(title=title, path=path, highlight=path, claims=path_claims(G, path, spec.highlight_edges))
    highlight, claims = list(spec.highlight_nodes), list(spec.highlight_edges)
    if selected and selected[0] == "node" and selected[1] not in highlight:
        highlight.append(selected[1])
    if selected and selected[0] == "edge" and selected[1] not in claims:
        claims.append(selected[1])
    return DraftStep(title=title, focus=spec.focus, depth=spec.depth if spec.focus else 1,
                     fade=spec.fade and bool(spec.focus), highlight=tuple(highlight), claims=tuple(claims),
                     filters=spec.filters, max_nodes=spec.max_nodes)


def with_view(step: DraftStep, view: DraftStep) -> DraftStep:
    """``step`` with the view of ``view`` (focus, depth, fade, filters, budget, path, highlights);
    its title, narration and predict fields kept."""
    fields = ("focus", "depth", "fade", "filters", "max_nodes", "path", "highlight", "claims")
    changed = replace(step, **{f: getattr(view, f) for f in fields})
    return as_predict_again(changed, step) if step.is_predict else changed


# --------------------------------------------------------------------------- predict steps

def claim_ends(G: nx.MultiDiGraph, claim_id: str | None) -> tuple[str, ...]:
    """The two nodes a claim joins (``()`` for an unknown claim)."""
    return tuple(G.graph.get("claim_ends", {}).get(claim_id, ()))


def default_answer(G: nx.MultiDiGraph, step: DraftStep, claim_id: str) -> str | None:
    """The node the class is to guess: the claim's end that is not the focus (``None``: just the claim)."""
    others = [n for n in claim_ends(G, claim_id) if n != step.focus]
    return others[0] if len(others) == 1 else None


def as_predict(G: nx.MultiDiGraph, step: DraftStep, claim_id: str, answer: str | None = "default") -> DraftStep:
    """A predict step hiding ``claim_id``: the claim leaves the highlighted claims and the answer
    node the highlights, so that neither gives the answer away.

    >>> step = as_predict(G, DraftStep(focus="infection", claims=("e-pe-risk-infection",)), "e-pe-risk-infection")
    >>> step.type, step.claims, step.answer
    ('predict', (), 'intrathecal-pump')
    """
    answer = default_answer(G, step, claim_id) if answer == "default" else answer
    return replace(step, type="predict", claim=claim_id, answer=answer,
                   claims=tuple(c for c in step.claims if c != claim_id),
                   highlight=tuple(n for n in step.highlight if n != answer))


def as_predict_again(step: DraftStep, before: DraftStep) -> DraftStep:
    """A step given a new view keeps hiding what ``before`` hid."""
    return replace(step, type="predict", claim=before.claim, answer=before.answer, question=before.question,
                   claims=tuple(c for c in step.claims if c != before.claim),
                   highlight=tuple(n for n in step.highlight if n != before.answer))


def as_show(step: DraftStep) -> DraftStep:
    """A plain step again: the hidden claim becomes a highlighted one."""
    claims = step.claims + ((step.claim,) if step.claim and step.claim not in step.claims else ())
    return replace(step, type="show", claim=None, answer=None, question="", claims=claims)


# --------------------------------------------------------------------------- editing the list

def next_uid(draft: Draft) -> int:
    return max((s.uid for s in draft.steps), default=0) + 1


def add_step(draft: Draft, step: DraftStep) -> Draft:
    """The draft with ``step`` at the end (given a fresh ``uid``)."""
    return replace(draft, steps=draft.steps + (replace(step, uid=next_uid(draft)),))


def index_of(draft: Draft, uid: int) -> int | None:
    return next((i for i, s in enumerate(draft.steps) if s.uid == uid), None)


def move_step(draft: Draft, index: int, delta: int) -> Draft:
    """Step ``index`` moved ``delta`` places (up is negative), kept within the list.

    >>> d = Draft(steps=(DraftStep("a", uid=1), DraftStep("b", uid=2), DraftStep("c", uid=3)))
    >>> [s.title for s in move_step(d, 2, -1).steps], [s.title for s in move_step(d, 0, -1).steps]
    (['a', 'c', 'b'], ['a', 'b', 'c'])
    """
    steps = list(draft.steps)
    if not 0 <= index < len(steps):
        return draft
    target = min(max(index + delta, 0), len(steps) - 1)
    steps.insert(target, steps.pop(index))
    return replace(draft, steps=tuple(steps))


def duplicate_step(draft: Draft, index: int) -> Draft:
    """A copy of step ``index`` right after it, with a fresh ``uid``."""
    if not 0 <= index < len(draft.steps):
        return draft
    copy = replace(draft.steps[index], uid=next_uid(draft))
    return replace(draft, steps=draft.steps[:index + 1] + (copy,) + draft.steps[index + 1:])


def delete_step(draft: Draft, index: int) -> Draft:
    return replace(draft, steps=draft.steps[:index] + draft.steps[index + 1:]) if 0 <= index < len(draft.steps) else draft


def change_step(draft: Draft, index: int, step: DraftStep) -> Draft:
    """The draft with step ``index`` replaced by ``step`` (its ``uid`` kept)."""
    if not 0 <= index < len(draft.steps):
        return draft
    step = replace(step, uid=draft.steps[index].uid)
    return replace(draft, steps=draft.steps[:index] + (step,) + draft.steps[index + 1:])


def keep_first(draft: Draft, count: int = MAX_STEPS) -> Draft:
    return replace(draft, steps=draft.steps[:count])


# --------------------------------------------------------------------------- names

def check_name(name: str) -> str | None:
    """What is wrong with a tour's file name, or ``None``: one word of letters, digits, ``-`` and ``_``.

    >>> check_name("my-tour"), check_name("../etc/passwd")
    (None, "a tour's name is letters, digits, - and _ (at most 64, no spaces, dots or slashes): '../etc/passwd'")
    """
    if NAME.fullmatch(name or ""):
        return None
    return f"a tour's name is letters, digits, - and _ (at most 64, no spaces, dots or slashes): {name!r}"


def suggest_name(text: str) -> str:
    """A safe file name from a title or an uploaded file's name.

    >>> suggest_name("Risks at a glance!"), suggest_name("../../x.yaml"), suggest_name("")
    ('risks-at-a-glance', 'x', 'my-tour')
    """
    stem = PurePath(str(text).replace("\\", "/")).name
    stem = re.sub(r"\.ya?ml$", "", stem, flags=re.IGNORECASE)
    words = re.findall(r"[a-z0-9]+", stem.casefold())
    return "-".join(words)[:64].strip("-") or DEFAULT_NAME


# --------------------------------------------------------------------------- to YAML

def one_line(text) -> str:
    """Text as a tour file keeps it: stripped, runs of white space as one space (as ``parse_tour`` reads it)."""
    return " ".join(str(text or "").split())


def step_document(step: DraftStep, number: int) -> dict:
    """A step as a tour file's mapping, keys in a fixed order, defaults left out."""
    doc: dict = {"title": one_line(step.title) or f"Step {number}"}
    if step.type != "show":
        doc["type"] = step.type
    if step.is_predict:
        doc["claim"] = step.claim
        if one_line(step.question):
            doc["question"] = one_line(step.question)
        doc["answer"] = step.answer or "claim"
    doc["narration"] = one_line(step.narration)
    optional = {"focus": (step.focus, None), "depth": (step.depth, 1), "fade": (step.fade, False),
                "path": (list(step.path), []), "highlight": (list(step.highlight), []),
                "claims": (list(step.claims), []),
                "filters": ({f: sorted(getattr(step.filters, f)) for f in FILTER_FIELDS if getattr(step.filters, f)}, {}),
                "max_nodes": (step.max_nodes, DEFAULT_NODE_BUDGET)}
    doc.update({key: value for key, (value, default) in optional.items() if value != default})
    return doc


def to_document(draft: Draft) -> dict:
    """A draft as a tour file's mapping."""
    doc: dict = {"title": one_line(draft.title)}
    if one_line(draft.description):
        doc["description"] = one_line(draft.description)
    doc["steps"] = [step_document(step, number) for number, step in enumerate(draft.steps, 1)]
    return doc


class _Dumper(yaml.SafeDumper):
    """``yaml.safe_dump``'s dumper, writing lists of ids on one line (``claims: [a, b]``), as the
    shipped tours are written."""


def _list(dumper: yaml.SafeDumper, data: list):
    flow = all(isinstance(item, (str, int, float)) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _list)


def to_yaml(draft: Draft) -> str:
    """A draft as the text of ``tours/<name>.yaml``: YAML's safe dumper (never built from strings)."""
    return yaml.dump(to_document(draft), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)


# --------------------------------------------------------------------------- from a tour or a file

def from_tour(tour: Tour) -> Draft:
    """A checked tour as a draft, to edit (its steps numbered as ``uid``)."""
    steps = tuple(DraftStep(title=s.title, narration=s.narration, type=s.type, focus=s.focus, depth=s.depth,
                            fade=s.fade, highlight=s.highlight, claims=s.claims, filters=s.filters,
                            max_nodes=s.max_nodes, path=s.path, claim=s.claim, question=s.question,
                            answer=s.answer, uid=number) for number, s in enumerate(tour.steps, 1))
    return Draft(name=tour.name, title=tour.title, description=tour.description, steps=steps, opened_from=tour.name)


def _ids(value) -> tuple[str, ...]:
    value = [value] if isinstance(value, (str, int, float)) and not isinstance(value, bool) else value
    if not isinstance(value, list):
        return ()
    return tuple(str(v) for v in value if isinstance(v, (str, int, float)) and not isinstance(v, bool))


def _number(value, default: int, low: int, high: int) -> int:
    ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    return value if ok else default


def _optional(value) -> str | None:
    return one_line(value) or None if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None


def _text(value) -> str:
    return "" if value is None or isinstance(value, (dict, list)) else one_line(value)


def draft_step(raw: dict, uid: int) -> DraftStep:
    """A step mapping of a file, as well as it can be read: a field that does not fit is left at
    its default (``parse_tour`` has reported it); ids are kept as written, so that the checks can
    name the unknown ones."""
    filters = raw.get("filters") if isinstance(raw.get("filters"), dict) else {}
    return DraftStep(
        title=_text(raw.get("title")), narration=_text(raw.get("narration")),
        type=_text(raw.get("type")) or "show", focus=_optional(raw.get("focus")),
        depth=_number(raw.get("depth"), 1, 1, 3), fade=raw.get("fade") is True,
        highlight=_ids(raw.get("highlight")), claims=_ids(raw.get("claims")), path=_ids(raw.get("path")),
        filters=Filters.of(**{f: _ids(filters.get(f)) for f in FILTER_FIELDS}),
        max_nodes=_number(raw.get("max_nodes"), DEFAULT_NODE_BUDGET, 1, 10**6),
        claim=_optional(raw.get("claim")), question=_text(raw.get("question")),
        answer=_optional(raw.get("answer")), uid=uid)


def from_document(document, name: str) -> tuple[Draft | None, str | None]:
    """A tour file's YAML document as a draft, or ``None`` and why it cannot be opened at all."""
    if not isinstance(document, dict):
        return None, "the file is not a tour: a tour is a mapping with title, description and steps"
    steps = document.get("steps") if document.get("steps") is not None else []
    if not isinstance(steps, list):
        return None, "its steps are not a list"
    if len(steps) > MAX_OPEN_STEPS:
        return None, f"it has {len(steps):,} steps; a tour has at most {MAX_STEPS}"
    kept = tuple(draft_step(raw, number) for number, raw in enumerate(steps, 1) if isinstance(raw, dict))
    return Draft(name=name, title=_text(document.get("title")), description=_text(document.get("description")),
                 steps=kept), None


@dataclass(frozen=True)
class Opened:
    """An uploaded tour file: the draft made of it (``None`` when it cannot be opened), and every
    problem the file has as a tour file."""

    draft: Draft | None
    problems: tuple[Problem, ...]


def open_upload(raw: bytes, file_name: str, dataset: Dataset) -> Opened:
    """An uploaded YAML file as a draft: refused when over the size limit, not YAML, or not a tour;
    opened (to fix in the builder) when it only names unknown things or breaks the rules.

    >>> opened = open_upload(b"title: T\\nsteps: [{narration: Hi, focus: nowhere}]", "t.yaml", dataset)
    >>> opened.draft.steps[0].focus, [p.message for p in opened.problems]
    ('nowhere', ["unknown node 'nowhere'"])
    >>> open_upload(b"- a list", "t.yaml", dataset).draft is None
    True
    """
    name = suggest_name(file_name)
    label = f"{TOURS_FOLDER}/{name}.yaml"
    problems: list[Problem] = []
    document = yaml_of_bytes(raw, label, problems, MAX_TOUR_BYTES, "a tour", step_path)
    if document is None and problems:
        return Opened(None, tuple(problems))
    draft, refused = from_document(document, name)
    if draft is None:
        return Opened(None, tuple(problems) + (Problem(label, 0, "yaml", refused),))
    tour, found = parse_tour(document, name, dataset)
    # A predict step that does not say its answer hides the node parse_tour infers: say it.
    parsed = {s.number: s for s in tour.steps} if tour else {}
    steps = tuple(replace(s, answer=parsed[s.uid].answer) if s.is_predict and s.uid in parsed else s
                  for s in draft.steps)
    return Opened(replace(draft, steps=steps), tuple(problems + found))
