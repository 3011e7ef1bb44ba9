"""Quiz questions generated from the graph: multiple choice, flashcards, and "spot the dubious claim".

- **Multiple choice** asks about one *supported* claim, forwards ("Which of these is a listed
  risk of the intrathecal pump?") or backwards ("Which of these carries the risk of infection?"),
  in the words of the relation's ``question`` and ``inverse_question`` in ``schema.yaml``. The
  wrong options are nodes of the answer's kind that the data does not make true
  (:mod:`.quiz_truth`: relatives, chains, and for a sequence the other side of the order), so
  exactly one option is right; a question whose wrong options cannot be drawn safely is not
  asked. Weak or contradicted claims never make a right answer.
- **Flashcards** gather every supported claim of one node and relation: the front asks, the back
  lists the answers with their claims.
- **Spot the dubious claim** shows one weak or contradicted claim among supported ones; the
  student picks it and then sees why: its sources' reliability and any correction.

Everything here is plain data (node and claim ids), decided by a seeded random generator, so a
deck is the same for the same data and seed, and the app can check an answer against the graph.

Examples
--------
>>> q = multiple_choice(G, seed=1)[0]
>>> q.answer in q.options and is_right(q, q.answer)
True
>>> all(claim(G, c)["status"] == "supported" for c in q.claims)
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import networkx as nx

from ..graph.queries import claim
from ..render.text import plain
from .quiz_truth import Truth

MODES = {"choice": "Multiple choice", "flashcard": "Flashcards", "dubious": "Spot the dubious claim"}
#: Most options in a multiple-choice question, and the fewest distractors that make one.
MAX_OPTIONS, MIN_DISTRACTORS = 4, 2
#: Most questions in a deck: more than a class answers, few enough to make at once on a large graph.
MAX_QUESTIONS = 200
#: Random draws for the options from a large pool before giving up on filling a question.
SAMPLE_TRIES = 60

@dataclass(frozen=True)
class Question:
    """One question. ``options`` and ``answer`` are node ids (multiple choice, flashcards) or
    claim ids (dubious); ``claims`` are the claims that explain the answer, to show with it."""

    id: str
    mode: str
    prompt: str
    options: tuple[str, ...]
    answer: str
    claims: tuple[str, ...]
    subject: str = ""
    relation: str = ""


def is_right(question: Question, choice: str | None) -> bool:
    """Whether a choice answers a multiple-choice or dubious-claim question."""
    return choice is not None and choice == question.answer


def _template(G: nx.MultiDiGraph, relation: str, forward: bool) -> str:
    spec = G.graph["schema"].relations.get(relation)
    if spec is None:
        return ""
    return spec.question if forward else spec.inverse_question


def _fill(template: str, subject: str, kind: str) -> str:
    text = template.format(subject=subject, kind=kind)
    return text[:1].upper() + text[1:]


def forward_prompt(G: nx.MultiDiGraph, relation: str, subject: str, answer_kind: str = "") -> str:
    """The question that asks for a claim's target: the relation's ``question`` in the schema, or
    one made from its label.

    >>> import networkx as nx
    >>> from types import SimpleNamespace
    >>> rel = SimpleNamespace(label="links to", inverse="is linked from", question="", inverse_question="")
    >>> H = nx.MultiDiGraph(schema=SimpleNamespace(relations={"x": rel}))
    >>> H.add_node("a", label="A")
    >>> forward_prompt(G, "has_risk", "intrathecal-pump"), forward_prompt(H, "x", "a")
    ('Which of these is a listed risk of Intrathecal pump?', 'A — links to — which of these?')
    """
    return _prompt(G, relation, subject, answer_kind, forward=True)


def backward_prompt(G: nx.MultiDiGraph, relation: str, subject: str, answer_kind: str = "") -> str:
    """The question that asks for a claim's source: the relation's ``inverse_question``, or
    "Which of these carries the risk of X?" made from its label.

    >>> backward_prompt(G, "has_property", "no-withdrawal", "drug")
    'Which drug has this property: No withdrawal when stopped?'
    """
    return _prompt(G, relation, subject, answer_kind, forward=False)


def _prompt(G: nx.MultiDiGraph, relation: str, subject: str, answer_kind: str, forward: bool) -> str:
    label = G.nodes[subject]["label"]
    template = _template(G, relation, forward)
    if template:
        return _fill(template, label, _kind_label(G, answer_kind))
    relation_label = G.graph["schema"].relations[relation].label
    return f"{label} — {relation_label} — which of these?" if forward else f"Which of these {relation_label} {label}?"


def _kind_label(G: nx.MultiDiGraph, kind: str) -> str:
    kinds = G.graph["schema"].node_kinds
    return kinds[kind].label.casefold() if kind in kinds else "one"


def _supported_claims(G: nx.MultiDiGraph) -> list[tuple[str, str, str, dict]]:
    """The supported claims as ``(source, target, id, data)``, in id order (decks start from it)."""
    return sorted(((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if d["status"] == "supported"),
                  key=lambda e: e[2])


def _sample(pool: list, want: int, rng: random.Random, accept) -> list:
    """Up to ``want`` distinct items of ``pool`` that ``accept(item, picked)``, drawn at random.

    A small pool is tried whole, in a random order; a large one is sampled with a bounded number
    of tries, so that a deck of a graph with tens of thousands of nodes is made in a fraction of
    a second.
    """
    if want <= 0 or not pool:
        return []
    if len(pool) <= 4 * SAMPLE_TRIES:
        order = list(pool)
        rng.shuffle(order)
    else:
        order = [rng.choice(pool) for _ in range(SAMPLE_TRIES)]
    picked: list = []
    for item in order:
        if item not in picked and accept(item, picked):
            picked.append(item)
            if len(picked) == want:
                break
    return picked


def _supported_by_kind(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    by_kind: dict[str, list[str]] = {}
    for n, d in sorted(G.nodes(data=True)):
        if d["status"] == "supported":
            by_kind.setdefault(d["kind"], []).append(n)
    return by_kind


def wrong_options(G: nx.MultiDiGraph, truth: Truth, claim_ends: tuple[str, str, str], forward: bool,
                  by_kind: dict[str, list[str]], rng: random.Random) -> list[str]:
    """Up to three wrong options for the question that asks for one end of a claim.

    ``claim_ends`` is ``(source, target, relation)``. A wrong option is a supported node of the
    answer's kind that the data does not make an answer (:meth:`Truth.answers`), is joined by no
    claim to the subject or its relatives (nor, but for a sequence, to any answer: a cause or a
    warning sign of a listed risk is no safe wrong answer), and shares no name with the answer or
    another option. For a sequence it is also on the other side of the order.
    """
    u, v, relation = claim_ends
    subject, answer = (u, v) if forward else (v, u)
    kind = G.nodes[answer]["kind"]
    true = truth.answers(subject, relation, forward)
    spec = G.graph["schema"].relations.get(relation)
    if spec is not None and spec.sequence:
        pool = sorted(n for n in truth.other_side(subject, relation, forward)
                      if G.nodes[n]["kind"] == kind and G.nodes[n]["status"] == "supported")
        taken = truth.joined(subject, skip=relation) | truth.relatives(subject)
    else:
        pool = by_kind.get(kind, [])
        taken = truth.near(subject, relation, kind, forward)

    def accept(node: str, picked: list[str]) -> bool:
        return node not in true and node not in taken and truth.distinct(node, [answer, *picked])

    return _sample(pool, MAX_OPTIONS - 1, rng, accept)


def multiple_choice(G: nx.MultiDiGraph, seed: int = 0, limit: int = MAX_QUESTIONS) -> list[Question]:
    """Up to ``limit`` multiple-choice questions, in a random order fixed by ``seed``.

    Each supported claim can be asked forwards (for its target) or backwards (for its source);
    the wrong options follow :func:`wrong_options`, and a claim with fewer than two safe ones is
    not asked that way.
    """
    rng = random.Random(seed)
    truth = Truth(G)
    by_kind = _supported_by_kind(G)
    candidates = [(u, v, key, d, direction) for u, v, key, d in _supported_claims(G)
                  for direction in ("forward", "backward")]
    rng.shuffle(candidates)
    questions = []
    for u, v, key, d, direction in candidates:
        forward = direction == "forward"
        subject, answer = (u, v) if forward else (v, u)
        if "contradicted" in (G.nodes[answer]["status"], G.nodes[subject]["status"]):
            continue
        wrong = wrong_options(G, truth, (u, v, d["relation"]), forward, by_kind, rng)
        if len(wrong) < MIN_DISTRACTORS:
            continue
        options = [answer] + wrong
        rng.shuffle(options)
        prompt = (forward_prompt if forward else backward_prompt)(G, d["relation"], subject, G.nodes[answer]["kind"])
        questions.append(Question(f"choice:{key}:{direction}", "choice", prompt, tuple(options), answer,
                                  (key,), subject, d["relation"]))
        if len(questions) >= limit:
            break
    return questions


def flashcards(G: nx.MultiDiGraph, seed: int = 0, limit: int = MAX_QUESTIONS) -> list[Question]:
    """Up to ``limit`` cards, one per node and relation with supported claims; the back lists
    every answer."""
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for u, v, key, d in _supported_claims(G):
        groups.setdefault((u, d["relation"]), []).append((v, key))
    keys = sorted(groups)
    random.Random(seed).shuffle(keys)
    cards = []
    for u, relation in keys[:limit]:
        answers = groups[(u, relation)]
        prompt = forward_prompt(G, relation, u, G.nodes[answers[0][0]]["kind"])
        cards.append(Question(f"card:{u}:{relation}", "flashcard", prompt, tuple(v for v, _ in answers), "",
                              tuple(k for _, k in answers), u, relation))
    return cards


def dubious(G: nx.MultiDiGraph, seed: int = 0, options: int = MAX_OPTIONS,
            limit: int = MAX_QUESTIONS) -> list[Question]:
    """Up to ``limit`` questions, each hiding one weak or contradicted claim among supported ones.

    The supported claims are picked near the dubious one first (sharing a node, then the
    relation), so that the choice turns on the evidence rather than on the topic.
    """
    rng = random.Random(seed)
    supported = _supported_claims(G)
    everything = [k for _, _, k, _ in supported]
    by_relation: dict[str, list[str]] = {}
    for _, _, k, d in supported:
        by_relation.setdefault(d["relation"], []).append(k)
    bad = sorted(((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if d["status"] != "supported"),
                 key=lambda e: e[2])
    rng.shuffle(bad)
    questions = []
    for u, v, key, d in bad[:limit]:
        incident = list(G.in_edges(u, keys=True, data=True)) + list(G.out_edges(u, keys=True, data=True))
        incident += list(G.in_edges(v, keys=True, data=True)) + list(G.out_edges(v, keys=True, data=True))
        near = sorted({k for _, _, k, e in incident if e["status"] == "supported"})
        picked: list[str] = []
        for pool in (near, by_relation.get(d["relation"], []), everything):
            chosen = set(picked)
            picked += _sample(pool, options - 1 - len(picked), rng, lambda k, _: k not in chosen)
        if not picked:
            continue
        choice = picked + [key]
        rng.shuffle(choice)
        prompt = (f"{len(picked)} of these claims are backed by a source rated moderate or high. "
                  "Which one is dubious: weak or contradicted?" if len(picked) > 1 else
                  "One of these claims is backed by a source rated moderate or high. Which one is dubious?")
        questions.append(Question(f"dubious:{key}", "dubious", prompt, tuple(choice), key, (key,)))
    return questions


def deck(G: nx.MultiDiGraph, mode: str, seed: int = 0) -> list[Question]:
    """The questions of one mode (a key of :data:`MODES`)."""
    makers = {"choice": multiple_choice, "flashcard": flashcards, "dubious": dubious}
    if mode not in makers:
        raise ValueError(f"unknown quiz mode {mode!r}; one of {', '.join(makers)}")
    return makers[mode](G, seed)


def why_wrong(G: nx.MultiDiGraph, question: Question, choice: str) -> str:
    """Why a wrong option of a multiple-choice question is wrong, by the data, in one sentence.

    >>> q = Question("choice:x:forward", "choice", "…", ("dose-adjustment", "intrathecal-trial"),
    ...              "dose-adjustment", ("x",), "hospital-observation-stay", "precedes")
    >>> why_wrong(G, q, "intrathecal-trial")
    'By the data, Trial of intrathecal medicine comes before Hospital stay for observation.'
    """
    subject, other = G.nodes[question.subject]["label"], G.nodes[choice]["label"]
    relation = G.graph["schema"].relations.get(question.relation)
    if relation is not None and relation.sequence:
        first, last = (other, subject) if question.id.endswith(":forward") else (subject, other)
        return f"By the data, {first} {relation.label} {last}."
    return f"No claim in the data connects {subject} and {other}."


def why_dubious(G: nx.MultiDiGraph, claim_id: str) -> str:
    """Why a claim is not supported, in one sentence naming its sources and their reliability."""
    data = claim(G, claim_id)
    sources = G.graph["sources"]
    cited = sorted({c["source"] for c in data["citations"]})
    named = ", ".join(f"{plain(sources[s].title)} (rated {sources[s].reliability})" for s in cited if s in sources)
    if data["status"] == "contradicted":
        return f"It is contradicted: a vetted reference corrects it. It comes from: {named}."
    if data["status"] == "weak":
        return f"It is weak: only sources rated low back it: {named}."
    return f"It is supported by: {named}."
