"""What a tour step shows: its question, its sources, its answer, and the whole tour as one
offline page.

The step's narration goes with the citations of the claims it highlights (else of the nodes it
highlights), exactly as the data has them; a predict step's answer is its hidden claim with its
status, figure or caveat, corrections and citations. Tours themselves are read and checked by
:mod:`builders.teach.tour_files`.

Examples
--------
>>> from builders.teach.tour_files import Step
>>> step = Step(1, "Risk", "Where infection comes from.", claims=("e-pe-risk-infection",))
>>> step_sources(G, step)[0].startswith("Source: ")
True
"""

from __future__ import annotations

import networkx as nx

from ..graph.queries import claim
from ..graph.views import FilterReport, View, make_view
from ..render.payload import PRESENT_HEIGHT, vis_payload, without_claims
from ..render.page import standalone_html
from ..render.text import evidence_of
from .tour_files import Step, Tour


def question_of(G: nx.MultiDiGraph, step: Step) -> str:
    """The question of a predict step: the author's; else one naming the two nodes, or, when one
    of them is hidden until the reveal, only the one on screen and the kind of the hidden one (a
    question naming the answer would give it away).

    >>> from builders.teach.tour_files import Step
    >>> question_of(G, Step(1, "t", "n", type="predict", claim="e-pe-risk-infection",
    ...                     ends=("intrathecal-pump", "infection"), answer="intrathecal-pump"))
    'Which therapy is hidden here, and how is it joined to Infection? Predict, then reveal.'
    """
    if step.question:
        return step.question
    others = [n for n in step.ends if n != step.answer]
    if step.answer in step.ends and others:
        kind = G.graph["schema"].node_kinds.get(G.nodes[step.answer]["kind"])
        what = kind.label.lower() if kind else "node"
        return f"Which {what} is hidden here, and how is it joined to {G.nodes[others[0]]['label']}? Predict, then reveal."
    a, b = (G.nodes[n]["label"] for n in step.ends)
    return f"What connects {a} and {b}? Predict, then reveal."


def step_sources(G: nx.MultiDiGraph, step: Step) -> list[str]:
    """The citations that go with a step's narration: those of its highlighted claims (with their
    corrections), else of its highlighted nodes."""
    lines: list[str] = []
    for claim_id in step.claims:
        lines += evidence_of(G, claim(G, claim_id)).lines(status=False, qualifier=False)
    if not step.claims:
        for node in step.highlight:
            lines += evidence_of(G, G.nodes[node]).lines(status=False)
    return list(dict.fromkeys(lines))


def answer_of(G: nx.MultiDiGraph, step: Step) -> dict:
    """What the reveal of a predict step shows: the claim, its reading, and its evidence lines."""
    data = claim(G, step.claim)
    relation = G.graph["schema"].relations[data["relation"]]
    reading = f"{G.nodes[data['source']]['label']} — {relation.label} — {G.nodes[data['target']]['label']}"
    evidence = evidence_of(G, data)
    return {"title": data["claim"], "lines": [reading] + evidence.summary_lines(),
            "sources": evidence.citation_lines()}


def merge_views(views: list[View]) -> View:
    """One view holding everything a list of views shows (for the reference list of a tour)."""
    nodes = sorted({n for v in views for n in v.nodes})
    edges = sorted({e for v in views for e in v.edges})
    return View(nodes, edges, set(), FilterReport(), len(nodes))


def tour_page_data(G: nx.MultiDiGraph, tour: Tour, pos: dict, height: int = PRESENT_HEIGHT) -> tuple[View, dict]:
    """Every step of a tour as plain data for the standalone page, and the union of their views.

    Each step carries its own vis payload; a predict step carries two, without and with its
    claim. Payloads come from :func:`builders.render.payload.vis_payload`, so the page draws what
    the app draws.
    """
    views, steps = [], []
    for step in tour.steps:
        spec = step.spec(revealed=True)
        view = make_view(G, spec)
        views.append(view)
        full = vis_payload(G, view, pos, spec, height=height)
        item = {"title": step.title, "narration": step.narration, "type": step.type,
                "sources": step_sources(G, step), "payload": full}
        if step.is_predict:
            hidden = step.spec(revealed=False)
            before = vis_payload(G, make_view(G, hidden), pos, hidden, height=height)
            item.update(question=question_of(G, step), answer=answer_of(G, step),
                        payload=without_claims(before, {step.claim}), reveal_payload=full)
        steps.append(item)
    return merge_views(views), {"title": tour.title, "description": tour.description, "steps": steps}


def tour_html(G: nx.MultiDiGraph, tour: Tour, pos: dict) -> str:
    """A tour as one offline HTML page: steps, narration, keys, and a reference list of every
    source any step cites."""
    view, data = tour_page_data(G, tour, pos)
    return standalone_html(G, view, None, title=f"Pain Atlas tour: {tour.title}", extra={"tour": data})
