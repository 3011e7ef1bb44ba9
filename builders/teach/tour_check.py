"""What is wrong with a draft tour, in a teacher's words, beside the step it concerns.

The rules are the tour files' own: :func:`check_draft` runs
:func:`~builders.teach.tour_files.parse_tour`, :func:`~builders.teach.tour_files.check_views` and
:func:`~builders.teach.tour_files.check_narration` on the draft's document, exactly as
``pain-atlas validate`` runs them on a file. Each problem is then said again for a teacher
(:func:`explain`): by step, with labels instead of ids, and with what to do ("Step 3 highlights a
claim that this step's filters hide"). Errors keep a tour from being presented or exported;
warnings do not.

Examples
--------
>>> from builders.teach.tour_draft import Draft, DraftStep
>>> found = check_draft(G, dataset, Draft(title="T", steps=(DraftStep("A", focus="morphine"),)))
>>> [(n.step, n.severity, n.text) for n in found.notes]
[(1, 'error', 'Step 1 has no narration yet: write, in your own words, what the class should notice.')]
>>> found.tour is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import networkx as nx

from ..data.model import Dataset, Problem
from ..data.problems import has_errors
from ..graph.views import make_view
from ..render.text import short
from .tour_draft import Draft, DraftStep, to_document
from .tour_files import MAX_STEPS, Step, Tour, check_narration, check_views, parse_tour

#: How a step's field reads in a sentence: "Step 2 names a node ... {as its focus}".
WHERE = {"focus": "as its focus", "highlight": "among its highlights", "claims": "among its highlighted claims",
         "path": "in its path", "claim": "as the claim it hides", "answer": "as its answer"}
QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


@dataclass(frozen=True)
class Note:
    """One problem of a draft: the step it concerns (from 1; ``None`` for the tour), and what to do."""

    step: int | None
    severity: str
    text: str


@dataclass(frozen=True)
class DraftCheck:
    """The notes on a draft, the draft as a checked :class:`Tour` when it has no error, and its
    steps that have none, checked (to preview them as Present shows them)."""

    tour: Tour | None
    notes: tuple[Note, ...]
    steps: tuple[Step, ...] = ()

    def step(self, number: int) -> Step | None:
        return next((s for s in self.steps if s.number == number), None)

    @property
    def errors(self) -> list[Note]:
        return [n for n in self.notes if n.severity == "error"]

    @property
    def warnings(self) -> list[Note]:
        return [n for n in self.notes if n.severity != "error"]

    def of_step(self, number: int) -> list[Note]:
        return [n for n in self.notes if n.step == number]

    @property
    def of_tour(self) -> list[Note]:
        return [n for n in self.notes if n.step is None]


def check_draft(G: nx.MultiDiGraph, dataset: Dataset, draft: Draft) -> DraftCheck:
    """Every problem of a draft, as the tour files' checks find them, in a teacher's words."""
    document = to_document(draft)
    tour, problems = parse_tour(document, draft.name, dataset)
    # A step added a moment ago has no narration yet; what its view hides is worth saying already.
    drafted = {**document, "steps": [{**s, "narration": s["narration"] or "-"} for s in document["steps"]]}
    viewed = parse_tour(drafted, draft.name, dataset)[0] if drafted != document else tour
    if viewed is not None:
        problems += check_views(G, {viewed.name: viewed})
    if tour is not None:
        problems += check_narration(G, {tour.name: tour})
    notes = sorted(dict.fromkeys(explain(G, draft, p) for p in problems),
                   key=lambda n: (n.step or 0, n.severity != "error"))
    ok = tour is not None and not has_errors(problems) and len(tour.steps) == len(draft.steps)
    return DraftCheck(tour if ok else None, tuple(notes), tour.steps if tour is not None else ())


# --------------------------------------------------------------------------- in a teacher's words

def _quoted(message: str) -> list[str]:
    return [q.replace("\\'", "'") for q in QUOTED.findall(message)]


def _node(G: nx.MultiDiGraph, node: str) -> str:
    return f"“{G.nodes[node]['label']}”" if node in G else f"“{node}”"


def _claim(G: nx.MultiDiGraph, claim_id: str) -> str:
    ends = G.graph.get("claim_ends", {}).get(claim_id)
    if ends is None or not G.has_edge(*ends, claim_id):
        return f"“{claim_id}”"
    return f"“{short(G.edges[(*ends, claim_id)]['claim'], 80)}”"


def _thing(G: nx.MultiDiGraph, what: str, item: str) -> str:
    return _claim(G, item) if what == "claim" else _node(G, item)


def explain(G: nx.MultiDiGraph, draft: Draft, problem: Problem) -> Note:
    """One problem of ``parse_tour``, ``check_views`` or ``check_narration`` in a teacher's words."""
    match = re.fullmatch(r"step (\d+): (.+)", problem.field)
    if match is None:
        return Note(None, problem.severity, _tour_words(problem))
    number, field = int(match[1]), match[2]
    step = draft.steps[number - 1] if 0 < number <= len(draft.steps) else None
    text = _step_words(G, step, number, field, problem.message)
    return Note(number, problem.severity, text or f"Step {number}, {field}: {problem.message}.")


def _tour_words(problem: Problem) -> str:
    if problem.field == "title":
        return "The tour needs a title."
    if problem.field == "steps" and "at most" in problem.message:
        return (f"The tour has {problem.message.split(' steps')[0].split()[-1]} steps; a tour has at most "
                f"{MAX_STEPS}. Delete steps or split it into shorter tours.")
    if problem.field == "steps":
        return "The tour has no steps yet: in Explore, frame a view and click “Add to tour”."
    return f"{problem.field}: {problem.message}."


def _step_words(G: nx.MultiDiGraph, step: DraftStep | None, n: int, field: str, message: str) -> str | None:
    quoted = _quoted(message)
    if message == "every step needs a narration":
        return f"Step {n} has no narration yet: write, in your own words, what the class should notice."
    if field == "focus" and "hidden by" in message and quoted:
        return (f"Step {n}'s focus, {_node(G, quoted[0])}, is hidden by its filters, so the step shows "
                "everything the filters keep instead: loosen the filters or choose another focus.")
    if field == "view":
        return (f"Step {n} shows nothing: its filters and focus leave no node on the screen. Loosen the "
                "filters or change the focus.")
    if message.startswith("unknown ") and quoted:
        what = message.split()[1]
        where = WHERE.get(field, f"in its {field.replace('.', ' ')}")
        return (f"Step {n} names the {what} “{quoted[0]}” {where}, which is not in this dataset: remove it, or "
                "give the step a view of this data.")
    if "is not in the step's view" in message and quoted and step is not None:
        what = "claim" if field == "claims" else "node"
        return f"Step {n} highlights the {what} {_thing(G, what, quoted[0])}, {_why_hidden(G, step, what, quoted[0])}"
    if field == "narration" and message.startswith("names ") and quoted:
        return (f"Step {n}'s narration names “{quoted[0]}”, which the step neither shows nor cites: show it, "
                "highlight a claim about it, or say it another way.")
    if field == "claim" and message.startswith("a predict step"):
        return f"Step {n} is a prediction but hides no claim yet: pick the claim the class is to guess."
    if field == "claims" and "hidden claim" in message and quoted:
        return f"Step {n} highlights the claim it hides, {_claim(G, quoted[0])}, which gives the answer away."
    if field == "answer" and "joins the same two nodes" in message and quoted:
        return (f"Step {n} shows another claim between the same two nodes, {_claim(G, quoted[0])}, so the "
                "class sees the answer before the reveal.")
    if field == "answer" and "also the step's focus" in message and quoted:
        return (f"Step {n}'s answer, {_node(G, quoted[0])}, is also its focus or highlighted, so the class sees "
                "it before the reveal.")
    return None


def _why_hidden(G: nx.MultiDiGraph, step: DraftStep, what: str, item: str) -> str:
    """Why a step's view leaves out something it highlights: its filters, its focus, or its budget."""
    def shows(spec) -> bool:
        view = make_view(G, spec)
        return item in (view.nodes if what == "node" else {k for _, _, k in view.edges})

    spec = replace(step.spec(), max_nodes=max(G.number_of_nodes(), 1))
    if step.path:
        return "which is not on the step's path: highlight something on the path, or show the whole view."
    if not shows(replace(spec, focus=None)):
        return "but this step's filters hide it: loosen the filters or highlight something else."
    if not shows(spec):
        return (f"but it lies outside the step's focus (depth {step.depth}): raise the depth, choose "
                "another focus, or highlight something closer.")
    return "but the view is too large to draw it (the most nodes to draw): narrow the view."
