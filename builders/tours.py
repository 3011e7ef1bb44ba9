"""Guided tours: titled sequences of steps, read from ``graph_data/tours/*.yaml``.

A tour is what an educator presents in class. Each step sets a view of the graph (focus, depth,
filters, highlighted nodes and claims) and a short narration; the narration's citations are the
citations of the claims the step highlights, exactly as the data has them. A ``predict`` step
hides one claim, asks the class what joins its two nodes, and reveals the claim with its
citations on request.

Tours are validated like the CSV files: every problem is a :class:`~builders.model.Problem`
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
      - type: predict
        claim: e-pump-risk-infection # hidden until the reveal
        question: What joins these two?  # optional; a default names the two nodes
        narration: Ask the class before revealing.

Examples
--------
>>> from builders.load import load_dataset
>>> dataset = load_dataset().dataset
>>> tours, problems = parse_tour({"title": "T", "steps": [{"narration": "Hi", "focus": "nowhere"}]},
...                              "demo", dataset)
>>> [p.format() for p in problems]
["tours/demo.yaml: step 1: focus: unknown node 'nowhere'"]
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import yaml

from .graph import DEFAULT_NODE_BUDGET, FilterReport, Filters, View, ViewSpec, make_view
from .load import DEFAULT_DATA_DIR, decode
from .model import Dataset, Problem
from .render import citation_line, claim_lines, standalone_html, vis_payload

TOURS_FOLDER = "tours"
#: A tour is a short hand-written file; a larger one is refused before YAML parses it.
MAX_TOUR_BYTES = 512 * 1024
STEP_TYPES = ("show", "predict")
STEP_FIELDS = {"title", "type", "narration", "focus", "depth", "fade", "highlight", "claims", "filters",
               "max_nodes", "claim", "question"}
TOUR_FIELDS = {"title", "description", "steps"}
FILTER_FIELDS = ("kinds", "relations", "sources", "statuses")
#: The graph height of a tour step, in pixels: present mode and the HTML export are wide and tall.
STEP_HEIGHT = 720


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
    #: For a predict step: the hidden claim and the two nodes it joins.
    claim: str | None = None
    ends: tuple[str, ...] = ()
    question: str = ""

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
        return ViewSpec(focus=self.focus, depth=self.depth, fade=self.fade, filters=self.filters,
                        highlight_nodes=nodes, highlight_edges=edges, max_nodes=self.max_nodes)


@dataclass(frozen=True)
class Tour:
    """A titled sequence of steps; ``name`` is the file name without ``.yaml``."""

    name: str
    title: str
    description: str
    steps: tuple[Step, ...]

    @property
    def file(self) -> str:
        return tour_file(self.name)


@dataclass
class TourSet:
    """The valid tours of a data folder, by name, and every problem found reading them."""

    tours: dict[str, Tour] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def tour_file(name: str) -> str:
    """How problems name a tour's file: ``tours/<name>.yaml``."""
    return f"{TOURS_FOLDER}/{name}.yaml"


# --------------------------------------------------------------------------- reading and validating

def load_tours(data_dir: Path | str | None, dataset: Dataset) -> TourSet:
    """Read and validate every ``tours/*.yaml`` of a data folder against its dataset.

    A folder without ``tours/`` has no tours and no problem. Files are read in name order.
    """
    folder = Path(data_dir or DEFAULT_DATA_DIR) / TOURS_FOLDER
    result = TourSet()
    if not folder.is_dir():
        return result
    for path in sorted(folder.glob("*.yaml")):
        problems: list[Problem] = []
        document = read_tour_file(path, problems)
        tour = None
        if document is not None:
            tour, found = parse_tour(document, path.stem, dataset)
            problems += found
        result.problems += problems
        if tour is not None and not any(p.severity == "error" for p in problems):
            result.tours[tour.name] = tour
    return result


def read_tour_file(path: Path, problems: list[Problem]):
    """The YAML document of a tour file, or ``None`` (with a problem) when it cannot be read."""
    name = tour_file(path.stem)
    if path.stat().st_size > MAX_TOUR_BYTES:
        problems.append(Problem(name, 0, "file", f"larger than {MAX_TOUR_BYTES // 1024} KB; a tour is a short file"))
        return None
    decode_problems: list[Problem] = []
    text = decode(path.read_bytes(), name, decode_problems)
    # decode() names a row; a tour names steps, so its encoding problems are about the file.
    problems += [Problem(name, 0, p.field, p.message, p.severity) for p in decode_problems]
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        problems.append(Problem(name, 0, "yaml", f"not valid YAML{where}: {getattr(exc, 'problem', None) or exc}"))
        return None
    except RecursionError:
        # A hostile file can nest deeper than Python's parser recursion allows.
        problems.append(Problem(name, 0, "yaml", "nested too deeply to be a tour"))
        return None


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
    steps = []
    for number, raw in enumerate(steps_data, 1):
        step = _parse_step(raw, number, file, dataset, problems)
        if step is not None:
            steps.append(step)
    tour = Tour(name, title, _text(document.get("description")), tuple(steps)) if steps else None
    return tour, problems


def _text(value) -> str:
    """A YAML scalar as stripped text; folded narration keeps single spaces."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    return " ".join(str(value).split())


def _ids(value, step_field: str, report) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        report(step_field, "must be a list of ids")
        return ()
    return tuple(str(v) for v in value)


def _parse_step(raw, number: int, file: str, dataset: Dataset, problems: list[Problem]) -> Step | None:
    errors_before = sum(p.severity == "error" for p in problems)

    def report(step_field: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(file, 0, f"step {number}: {step_field}", message, severity))

    if not isinstance(raw, dict):
        report("step", "a step is a mapping with at least a narration")
        return None
    for key in raw:
        if key not in STEP_FIELDS:
            report(str(key), f"unknown field, ignored; a step has: {', '.join(sorted(STEP_FIELDS))}", "warning")
    step_type = _text(raw.get("type")) or "show"
    if step_type not in STEP_TYPES:
        report("type", f"unknown step type {step_type!r}; one of: {', '.join(STEP_TYPES)}")
    narration = _text(raw.get("narration"))
    if not narration:
        report("narration", "every step needs a narration")

    focus = raw.get("focus")
    if focus is not None:
        focus = str(focus)
        if focus not in dataset.nodes:
            report("focus", f"unknown node {focus!r}")
    depth = raw.get("depth", 1)
    if not isinstance(depth, int) or isinstance(depth, bool) or not 1 <= depth <= 3:
        report("depth", f"{depth!r} is not a depth from 1 to 3")
        depth = 1
    fade = raw.get("fade", False)
    if not isinstance(fade, bool):
        report("fade", "write true (fade what is outside the focus) or false (hide it)")
        fade = False
    max_nodes = raw.get("max_nodes", DEFAULT_NODE_BUDGET)
    if not isinstance(max_nodes, int) or isinstance(max_nodes, bool) or max_nodes < 1:
        report("max_nodes", f"{max_nodes!r} is not a positive number of nodes")
        max_nodes = DEFAULT_NODE_BUDGET

    highlight = _ids(raw.get("highlight"), "highlight", report)
    for node in highlight:
        if node not in dataset.nodes:
            report("highlight", f"unknown node {node!r}")
    claims = _ids(raw.get("claims"), "claims", report)
    for claim in claims:
        if claim not in dataset.edges:
            report("claims", f"unknown claim {claim!r}")
    filters = _parse_filters(raw.get("filters"), dataset, report)

    hidden, ends, question = None, (), _text(raw.get("question"))
    if step_type == "predict":
        hidden = raw.get("claim")
        if hidden is None:
            report("claim", "a predict step names the claim it hides")
        elif str(hidden) not in dataset.edges:
            report("claim", f"unknown claim {str(hidden)!r}")
        else:
            hidden = str(hidden)
            edge = dataset.edges[hidden]
            ends = (edge.source, edge.target)
            if hidden in claims:
                report("claims", f"{hidden!r} is the hidden claim; highlighting it would give the answer away")
    elif raw.get("claim") is not None or raw.get("question") is not None:
        report("claim", "claim and question belong to predict steps (type: predict)", "warning")

    if sum(p.severity == "error" for p in problems) > errors_before:
        return None
    return Step(number=number, title=_text(raw.get("title")) or f"Step {number}", narration=narration,
                type=step_type, focus=focus, depth=depth, fade=fade, highlight=highlight, claims=claims,
                filters=filters, max_nodes=max_nodes, claim=hidden, ends=ends, question=question)


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
                report(f"filters.{key}", f"unknown {key[:-1]} {item!r}; one of: {', '.join(allowed[key])}")
        values[key] = ids
    return Filters.of(**values)


def check_views(G: nx.MultiDiGraph, tours: dict[str, Tour]) -> list[Problem]:
    """Warnings for steps whose view leaves out what they highlight or hide (a focus too narrow).

    >>> check_views(nx.MultiDiGraph(), {})
    []
    """
    problems = []
    for tour in tours.values():
        for step in tour.steps:
            view = make_view(G, step.spec(revealed=True))
            shown = set(view.nodes)
            claims = {k for _, _, k in view.edges}
            for node in step.spec(revealed=True).highlight_nodes:
                if node not in shown:
                    problems.append(Problem(tour.file, 0, f"step {step.number}: highlight",
                                            f"node {node!r} is not in the step's view; widen the focus or the filters",
                                            "warning"))
            for claim in step.spec(revealed=True).highlight_edges:
                if claim not in claims:
                    problems.append(Problem(tour.file, 0, f"step {step.number}: claims",
                                            f"claim {claim!r} is not in the step's view; widen the focus or the filters",
                                            "warning"))
    return problems


def validate_tours(data_dir: Path | str | None, dataset: Dataset, G: nx.MultiDiGraph | None = None) -> TourSet:
    """:func:`load_tours` plus :func:`check_views` when the graph is given (for ``pain-atlas validate``)."""
    result = load_tours(data_dir, dataset)
    if G is not None:
        result.problems += check_views(G, result.tours)
    return result


# --------------------------------------------------------------------------- what a step shows

def question_of(G: nx.MultiDiGraph, step: Step) -> str:
    """The question of a predict step: the author's, or one naming the two nodes."""
    if step.question:
        return step.question
    a, b = (G.nodes[n]["label"] for n in step.ends)
    return f"What connects {a} and {b}? Predict, then reveal."


def step_sources(G: nx.MultiDiGraph, step: Step) -> list[str]:
    """The citations that go with a step's narration: those of its highlighted claims, else of
    its highlighted nodes, as ``citation_line`` text (corrections included)."""
    claims = [_claim(G, c) for c in step.claims]
    lines: list[str] = []
    for data in claims:
        lines += [line for line in claim_lines(G, data)[1:] if not line.startswith("Figure or caveat: ")]
    if not claims:
        for node in step.highlight:
            lines += ["Source: " + citation_line(G, c) for c in G.nodes[node]["citations"]]
    return list(dict.fromkeys(lines))


def answer_of(G: nx.MultiDiGraph, step: Step) -> dict:
    """What the reveal of a predict step shows: the claim, its reading, and its evidence lines."""
    data = _claim(G, step.claim)
    relation = G.graph["schema"].relations[data["relation"]]
    reading = f"{G.nodes[data['source']]['label']} — {relation.label} — {G.nodes[data['target']]['label']}"
    evidence = claim_lines(G, data)
    return {"title": data["claim"], "lines": [reading] + [line for line in evidence if not _is_citation(line)],
            "sources": [line for line in evidence if _is_citation(line)]}


def _is_citation(line: str) -> bool:
    return line.startswith(("Source: ", "Backed by: "))


def _claim(G: nx.MultiDiGraph, claim_id: str) -> dict:
    for u, v, k, data in G.edges(keys=True, data=True):
        if k == claim_id:
            return dict(data, source=u, target=v)
    raise KeyError(claim_id)


def without_claims(payload: dict, claims) -> dict:
    """A copy of a vis payload with some claims left out (the hidden claim of a predict step).

    The payload's ``key`` changes too, so the graph redraws when the claim comes back.

    >>> p = {"edges": [{"id": "a"}, {"id": "b"}], "label_edges": ["a"], "key": "k"}
    >>> q = without_claims(p, {"a"})
    >>> [e["id"] for e in q["edges"]], q["label_edges"], q["key"] != "k"
    (['b'], [], True)
    """
    claims = set(claims)
    out = dict(payload)
    out["edges"] = [e for e in payload["edges"] if e["id"] not in claims]
    out["label_edges"] = [e for e in payload.get("label_edges", []) if e not in claims]
    out["key"] = hashlib.sha1(json.dumps([payload["key"], sorted(claims)]).encode()).hexdigest()[:16]
    return out


# --------------------------------------------------------------------------- the standalone page

def merge_views(views: list[View]) -> View:
    """One view holding everything a list of views shows (for the reference list of a tour)."""
    nodes = sorted({n for v in views for n in v.nodes})
    edges = sorted({e for v in views for e in v.edges})
    return View(nodes, edges, set(), FilterReport(), len(nodes))


def tour_page_data(G: nx.MultiDiGraph, tour: Tour, pos: dict, height: int = STEP_HEIGHT) -> tuple[View, dict]:
    """Every step of a tour as plain data for the standalone page, and the union of their views.

    Each step carries its own vis payload; a predict step carries two, without and with its
    claim. Payloads reuse :func:`builders.render.vis_payload`, so the page draws what the app draws.
    """
    views, steps = [], []
    for step in tour.steps:
        spec = step.spec(revealed=True)
        view = make_view(G, spec)
        views.append(view)
        full = vis_payload(G, view, pos, highlight_nodes=spec.highlight_nodes, highlight_edges=spec.highlight_edges,
                           focus=step.focus, height=height)
        item = {"title": step.title, "narration": step.narration, "type": step.type,
                "sources": step_sources(G, step), "payload": full}
        if step.is_predict:
            item.update(question=question_of(G, step), answer=answer_of(G, step),
                        payload=without_claims(full, {step.claim}), reveal_payload=full)
        steps.append(item)
    return merge_views(views), {"title": tour.title, "description": tour.description, "steps": steps}


def tour_html(G: nx.MultiDiGraph, tour: Tour, pos: dict) -> str:
    """A tour as one offline HTML page: steps, narration, keys, and a reference list of every
    source any step cites."""
    view, data = tour_page_data(G, tour, pos)
    return standalone_html(G, view, None, title=f"Pain Atlas tour: {tour.title}", extra={"tour": data})
