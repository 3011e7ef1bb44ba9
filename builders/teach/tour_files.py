"""Tour files: read ``tours/*.yaml`` of a data folder and check them against its dataset.

A tour is what an educator presents in class. Each step sets a view of the graph (focus, depth,
filters, highlighted nodes and claims) and a short narration; the narration's citations are the
citations of the claims the step highlights, exactly as the data has them. A ``predict`` step
hides one claim, asks the class what joins its two nodes, and reveals the claim on request.

Tours are validated like the CSV files: every problem is a :class:`~builders.data.model.Problem`
that prints as ``tours/<file>.yaml: step N: field: message``; a tour with errors is left out.

A tour file::

    title: The intrathecal pump, from evaluation to aftercare
    description: One or two sentences for the list of tours.
    steps:
      - title: What the pump is
        narration: In our own words, what the class should notice.
        focus: intrathecal-pump      # a node id; optional
        depth: 1                     # 1-3, default 1
        fade: true                   # fade (true) or hide (false, default) what is outside the focus
        highlight: [catheter]        # node ids
        claims: [e-pump-uses-morphine]   # claim ids; their citations go with the narration
        filters: {statuses: [supported]} # kinds, relations, sources, statuses
      - title: From the pump to the spinal cord
        narration: Just a path, hop by hop, as "Show just the path" draws it.
        path: [intrathecal-pump, catheter, intrathecal-space]   # node ids in hop order
        claims: [e-pe-uses-device-catheter]                        # the hops' claims
      - type: predict
        claim: e-pump-risk-infection # hidden until the reveal
        question: What joins these two?  # optional; by default it names only what the class sees
        answer: infection            # optional: the node hidden with it (default: see below), or "claim"
        narration: Ask the class before revealing.

A predict step's answer is not given away on the canvas: the claim is hidden, and so is its end
that is not the step's focus (the node the class is to guess), unless the question or the
narration names that node already, or ``answer: claim`` says only the claim is the answer.

Examples
--------
>>> tours, problems = parse_tour({"title": "T", "steps": [{"narration": "Hi", "focus": "nowhere"}]},
...                              "demo", dataset)
>>> [p.format() for p in problems]
["tours/demo.yaml: step 1: focus: unknown node 'nowhere'"]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import networkx as nx

from ..data.files import FOLDER, MISSING, TOURS_FOLDER, DataFolder, path_problem, read_yaml
from ..data.model import Dataset, Problem
from ..data.problems import Problems, ProblemReport, choices, has_errors, quote
from ..data.yaml_reader import dotted
from ..graph.views import DEFAULT_NODE_BUDGET, Filters, ViewSpec, make_view
from .tour_narration import MIN_NAME, check_narration, name_index, named_nodes  # noqa: F401 (their home was here)

#: A tour is a short hand-written file; a larger one is refused before YAML parses it.
MAX_TOUR_BYTES = 512 * 1024
#: Most steps a tour may have, and most tour files a data folder may have: a lesson is short,
#: and every step's view is computed when the tours are checked.
MAX_STEPS, MAX_TOURS = 100, 50
STEP_TYPES = ("show", "predict")
STEP_FIELDS = {"title", "type", "narration", "focus", "depth", "fade", "highlight", "claims", "filters",
               "max_nodes", "path", "claim", "question", "answer"}
TOUR_FIELDS = {"title", "description", "steps"}
FILTER_FIELDS = ("kinds", "relations", "sources", "statuses")


@dataclass(frozen=True)
class Step:
    """One step of a tour. ``number`` counts from 1, as the counter "3 / 8" shows it."""

    number: int
    title: str
    narration: str
    type: str = "show"
    focus: str | None = None
    depth: int = 1
    fade: bool = False
    highlight: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    filters: Filters = Filters()
    max_nodes: int = DEFAULT_NODE_BUDGET
    #: Node ids in hop order: the step shows just this path (and its claims), as Explore's
    #: "Show just the path" does; focus and filters then do not apply.
    path: tuple[str, ...] = ()
    #: For a predict step: the hidden claim, the two nodes it joins, and the node hidden with the
    #: claim until the reveal (the one the class is to guess; ``None``: only the claim is hidden).
    claim: str | None = None
    ends: tuple[str, ...] = ()
    question: str = ""
    answer: str | None = None

    @property
    def is_predict(self) -> bool:
        return self.type == "predict"

    def spec(self, revealed: bool = False) -> ViewSpec:
        """The view of this step; a predict step highlights its claim only once revealed.

        >>> Step(1, "t", "n", focus="a", highlight=("b",)).spec().highlight_nodes
        ('b',)
        """
        edges = self.claims + ((self.claim,) if self.is_predict and revealed else ())
        nodes = tuple(dict.fromkeys(self.highlight + self.ends))
        hidden = (self.answer,) if self.is_predict and self.answer and not revealed else ()
        return ViewSpec(focus=self.focus, depth=self.depth, fade=self.fade, filters=self.filters,
                        highlight_nodes=nodes, highlight_edges=edges, max_nodes=self.max_nodes, hidden=hidden,
                        paths=(self.path,) if self.path else (), path_only=bool(self.path))


@dataclass(frozen=True)
class Tour:
    """A titled sequence of steps; ``name`` is the file name without its ending."""

    name: str
    title: str
    description: str
    steps: tuple[Step, ...]

    @property
    def file(self) -> str:
        return tour_file(self.name)

    def heading(self, step: Step) -> str:
        """A step's full title, as slides and files name it: "Tour — 3 / 8: Step"."""
        return f"{self.title} — {step.number} / {len(self.steps)}: {step.title}"


@dataclass
class TourSet(ProblemReport):
    """The valid tours of a data folder, by name, and every problem found reading them."""

    tours: dict[str, Tour] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def tour_file(name: str) -> str:
    """How problems name a tour's file: ``tours/<name>.yaml``."""
    return f"{TOURS_FOLDER}/{name}.yaml"


# --------------------------------------------------------------------------- reading

def load_tours(folder: DataFolder | Path | str | None, dataset: Dataset) -> TourSet:
    """Read and validate every tour file of a data folder against its dataset.

    A folder without ``tours/`` has no tours and no problem. Files are read in name order; past
    :data:`MAX_TOURS` files, the rest are not read (a problem says so).
    """
    result, found = _load_tours(DataFolder.coerce(folder), dataset)
    result.problems = found.listed()
    return result


def _load_tours(folder: DataFolder, dataset: Dataset) -> tuple[TourSet, Problems]:
    result, found = TourSet(), Problems()
    unreadable = path_problem(folder.tours_dir, FOLDER)
    if unreadable not in (None, MISSING, "is not a folder"):
        found.append(Problem(f"{TOURS_FOLDER}/", 0, "folder", f"the tours folder {unreadable}"))
    paths = folder.tour_files()
    if len(paths) > MAX_TOURS:
        found.append(Problem(f"{TOURS_FOLDER}/", 0, "file", f"{len(paths):,} tour files; the limit is {MAX_TOURS}, "
                             f"so only the first {MAX_TOURS} were read"))
    for path in paths[:MAX_TOURS]:
        problems: list[Problem] = []
        document = read_tour_file(path, problems)
        tour = None
        if document is not None:
            tour, more = parse_tour(document, path.stem, dataset)
            problems += more
        found += problems
        if tour is not None and not has_errors(problems):
            result.tours[tour.name] = tour
    return result, found


def step_path(path: tuple) -> str:
    """How a tour's problems name a value's path: ``step 3: filters.kinds``, else the YAML path."""
    if len(path) >= 2 and path[0] == "steps" and isinstance(path[1], int):
        return f"step {path[1]}" + (f": {dotted(path[2:])}" if len(path) > 2 else "")
    return dotted(path)


def read_tour_file(path: Path, problems: list[Problem]):
    """The YAML document of a tour file, or ``None`` (with a problem) when it cannot be read."""
    return read_yaml(path, tour_file(path.stem), problems, MAX_TOUR_BYTES, "a tour", step_path)


def validate_tours(folder: DataFolder | Path | str | None, dataset: Dataset,
                   G: nx.MultiDiGraph | None = None) -> TourSet:
    """:func:`load_tours` plus :func:`check_views` and :func:`check_narration` when the graph is given
    (for ``pain-atlas validate``)."""
    result, found = _load_tours(DataFolder.coerce(folder), dataset)
    if G is not None:
        found += check_views(G, result.tours)
        found += check_narration(G, result.tours)
    result.problems = found.listed()
    return result


# --------------------------------------------------------------------------- checking

def parse_tour(document, name: str, dataset: Dataset) -> tuple[Tour | None, list[Problem]]:
    """Check one tour's YAML document against the dataset; returns the tour and its problems.

    Unknown fields are warnings (a misspelt field is otherwise silently ignored); unknown node,
    claim, kind, relation, source or status ids are errors.
    """
    file = tour_file(name)
    problems: list[Problem] = []
    if not isinstance(document, dict):
        return None, [Problem(file, 0, "yaml", "a tour is a mapping with title, description and steps")]
    for key in document:
        if key not in TOUR_FIELDS:
            problems.append(Problem(file, 0, str(key), f"unknown field, ignored; a tour has: {', '.join(sorted(TOUR_FIELDS))}",
                                    "warning"))
    title = _text(document.get("title"))
    if not title:
        problems.append(Problem(file, 0, "title", "a tour needs a title"))
    steps_data = document.get("steps")
    if not isinstance(steps_data, list) or not steps_data:
        problems.append(Problem(file, 0, "steps", "a tour needs a list of steps"))
        steps_data = []
    if len(steps_data) > MAX_STEPS:
        problems.append(Problem(file, 0, "steps", f"{len(steps_data):,} steps; a tour has at most {MAX_STEPS}: "
                                "split it into shorter tours"))
        steps_data = []
    steps = []
    for number, raw in enumerate(steps_data, 1):
        step = _parse_step(raw, number, _StepReport(file, number, problems), dataset)
        if step is not None:
            steps.append(step)
    tour = Tour(name, title, _text(document.get("description")), tuple(steps)) if steps else None
    return tour, problems


class _StepReport:
    """Reports the problems of one step, and counts its errors."""

    def __init__(self, file: str, number: int, problems: list[Problem]):
        self.file, self.number, self.problems, self.errors = file, number, problems, 0

    def __call__(self, step_field: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.file, 0, f"step {self.number}: {step_field}", message, severity))
        self.errors += severity == "error"


def _text(value) -> str:
    """A YAML scalar as stripped text; folded narration keeps single spaces."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    return " ".join(str(value).split())


def _one_id(value, step_field: str, report) -> str | None:
    """One id (``focus``, ``claim``): text or a number, never a list turned into text."""
    if isinstance(value, (dict, list)):
        report(step_field, f"expected one id, not a {'list' if isinstance(value, list) else 'mapping'}")
    return None if value is None or isinstance(value, (dict, list)) else str(value)


def _ids(value, step_field: str, report) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        report(step_field, "must be a list of ids")
        return ()
    return tuple(str(v) for v in value)


def _parse_step(raw, number: int, report: _StepReport, dataset: Dataset) -> Step | None:
    if not isinstance(raw, dict):
        report("step", "a step is a mapping with at least a narration")
        return None
    for key in raw:
        if key not in STEP_FIELDS:
            report(str(key), f"unknown field, ignored; a step has: {', '.join(sorted(STEP_FIELDS))}", "warning")
    step_type = _text(raw.get("type")) or "show"
    if step_type not in STEP_TYPES:
        report("type", f"unknown step type {quote(step_type)}; one of: {', '.join(STEP_TYPES)}")
    narration = _text(raw.get("narration"))
    if not narration:
        report("narration", "every step needs a narration")
    view = _view_fields(raw, report, dataset)
    highlight = _known_ids(raw, "highlight", dataset.nodes, "node", report)
    claims = _known_ids(raw, "claims", dataset.edges, "claim", report)
    path = _known_ids(raw, "path", dataset.nodes, "node", report)
    if len(path) == 1:
        report("path", "a path names at least two nodes, in hop order")
    hidden, ends = _predicted(raw, step_type, claims, report, dataset)
    answer = _answer(raw, hidden, ends, view["focus"], narration, report, dataset)
    if report.errors:
        return None
    return Step(number=number, title=_text(raw.get("title")) or f"Step {number}", narration=narration,
                type=step_type, highlight=highlight, claims=claims, path=path, claim=hidden, ends=ends,
                question=_text(raw.get("question")), answer=answer, **view)


def _view_fields(raw: dict, report, dataset: Dataset) -> dict:
    """The fields that set a step's view: focus, depth, fade, max_nodes and filters."""
    focus = _one_id(raw.get("focus"), "focus", report)
    if focus is not None and focus not in dataset.nodes:
        report("focus", f"unknown node {quote(focus)}")
    depth = raw.get("depth", 1)
    if not isinstance(depth, int) or isinstance(depth, bool) or not 1 <= depth <= 3:
        report("depth", f"{quote(depth)} is not a depth from 1 to 3")
        depth = 1
    fade = raw.get("fade", False)
    if not isinstance(fade, bool):
        report("fade", "write true (fade what is outside the focus) or false (hide it)")
        fade = False
    max_nodes = raw.get("max_nodes", DEFAULT_NODE_BUDGET)
    if not isinstance(max_nodes, int) or isinstance(max_nodes, bool) or max_nodes < 1:
        report("max_nodes", f"{quote(max_nodes)} is not a positive number of nodes")
        max_nodes = DEFAULT_NODE_BUDGET
    return {"focus": focus, "depth": depth, "fade": fade, "max_nodes": max_nodes,
            "filters": _parse_filters(raw.get("filters"), dataset, report)}


def _known_ids(raw: dict, step_field: str, known, what: str, report) -> tuple[str, ...]:
    ids = _ids(raw.get(step_field), step_field, report)
    for item in ids:
        if item not in known:
            report(step_field, f"unknown {what} {quote(item)}")
    return ids


def _predicted(raw: dict, step_type: str, claims: tuple[str, ...], report, dataset: Dataset):
    """A predict step's hidden claim and the two nodes it joins: ``(claim, ends)``."""
    if step_type != "predict":
        if raw.get("claim") is not None or raw.get("question") is not None:
            report("claim", "claim and question belong to predict steps (type: predict)", "warning")
        return None, ()
    if raw.get("claim") is None:
        report("claim", "a predict step names the claim it hides")
        return None, ()
    hidden = _one_id(raw.get("claim"), "claim", report)
    if hidden is None:
        return None, ()
    if hidden not in dataset.edges:
        report("claim", f"unknown claim {quote(hidden)}")
        return None, ()
    if hidden in claims:
        report("claims", f"{quote(hidden)} is the hidden claim; highlighting it would give the answer away")
    edge = dataset.edges[hidden]
    return hidden, (edge.source, edge.target)


def _answer(raw: dict, claim: str | None, ends: tuple, focus: str | None, narration: str, report,
            dataset: Dataset) -> str | None:
    """The node a predict step hides with its claim until the reveal (see the module's description)."""
    given = raw.get("answer")
    if claim is None:
        if given is not None:
            report("answer", "answer belongs to predict steps (type: predict)", "warning")
        return None
    if given is not None:
        given = _text(given)
        if given == "claim":
            return None
        if given not in ends:
            report("answer", f"{quote(given)} is not an end of the hidden claim {quote(claim)}; write one of "
                   f"{', '.join(ends)}, or claim")
            return None
        return given
    others = [n for n in ends if n != focus]
    told = " ".join((_text(raw.get("question")), narration)).casefold()
    if len(others) != 1 or dataset.nodes[others[0]].label.casefold() in told:
        return None
    return others[0]


def _parse_filters(raw, dataset: Dataset, report) -> Filters:
    if raw is None:
        return Filters()
    if not isinstance(raw, dict):
        report("filters", f"a mapping with any of: {', '.join(FILTER_FIELDS)}")
        return Filters()
    allowed = {"kinds": dataset.schema.node_kinds, "relations": dataset.schema.relations,
               "sources": dataset.sources, "statuses": dataset.schema.statuses}
    values = {}
    for key, value in raw.items():
        if key not in allowed:
            report(f"filters.{key}", f"unknown filter; one of: {', '.join(FILTER_FIELDS)}")
            continue
        ids = _ids(value, f"filters.{key}", report)
        for item in ids:
            if item not in allowed[key]:
                report(f"filters.{key}", f"unknown {key[:-1]} {quote(item)}; one of: {choices(allowed[key])}")
        values[key] = ids
    return Filters.of(**values)


def check_views(G: nx.MultiDiGraph, tours: dict[str, Tour]) -> Iterator[Problem]:
    """Warnings for steps whose view is empty, or leaves out what they highlight or hide (a focus
    too narrow, filters too strict), one at a time.

    >>> list(check_views(nx.MultiDiGraph(), {}))
    []
    """
    for tour in tours.values():
        for step in tour.steps:
            yield from _answer_shown(G, tour, step)
            spec = step.spec(revealed=True)
            view = make_view(G, spec)
            if not view.nodes:
                yield Problem(tour.file, 0, f"step {step.number}: view", "the step's view shows no node; "
                              "loosen the filters or change the focus", "warning")
                continue
            if spec.focus and not spec.path_only and spec.focus not in view.nodes:
                yield Problem(tour.file, 0, f"step {step.number}: focus", f"the focus {quote(spec.focus)} is "
                              "hidden by the step's filters; the step shows all they keep", "warning")
            shown = {"highlight": (set(view.nodes), spec.highlight_nodes, "node"),
                     "claims": ({k for _, _, k in view.edges}, spec.highlight_edges, "claim")}
            for step_field, (drawn, wanted, what) in shown.items():
                for item in wanted:
                    if item not in drawn:
                        yield Problem(tour.file, 0, f"step {step.number}: {step_field}", f"{what} {quote(item)} is "
                                      "not in the step's view; widen the focus or the filters", "warning")


def _answer_shown(G: nx.MultiDiGraph, tour: Tour, step: Step) -> list[Problem]:
    """A warning when a predict step's answer shows before the reveal: its hidden node is also
    highlighted or the focus, or another claim the step shows joins the same two nodes."""
    if not step.is_predict:
        return []
    warnings = []
    if step.answer and (step.answer == step.focus or step.answer in step.highlight):
        warnings.append(f"the answer {quote(step.answer)} is also the step's focus or highlighted, so the class sees it")
    before = make_view(G, step.spec(revealed=False))
    ends = set(step.ends)
    shown = [k for u, v, k in before.edges if {u, v} == ends and k != step.claim]
    if shown:
        warnings.append(f"claim {quote(shown[0])} joins the same two nodes and shows before the reveal")
    return [Problem(tour.file, 0, f"step {step.number}: answer", w, "warning") for w in warnings]
