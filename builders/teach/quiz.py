"""Quiz questions generated from the graph: multiple choice, flashcards, and "spot the dubious claim".

- **Multiple choice** asks about one *supported* claim, forwards ("Which of these is a listed
  risk of the intrathecal pump?") or backwards ("Which of these carries the risk of infection?").
  The distractors are nodes of the answer's kind that no claim connects to the subject, so
  exactly one option is right; weak or contradicted claims never make a right answer.
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

MODES = {"choice": "Multiple choice", "flashcard": "Flashcards", "dubious": "Spot the dubious claim"}
#: Most options in a multiple-choice question, and the fewest distractors that make one.
MAX_OPTIONS, MIN_DISTRACTORS = 4, 2
#: Most questions in a deck: more than a class answers, few enough to make at once on a large graph.
MAX_QUESTIONS = 200
#: Random draws for the options from a large pool before giving up on filling a question.
SAMPLE_TRIES = 60

#: Questions that ask for the target of a claim, by relation; ``{s}`` is the subject's label.
FORWARD = {
    "treats": "Which of these is {s} said to treat?",
    "uses_drug": "Which of these medicines does {s} use?",
    "is_a": "Which of these groups does {s} belong to?",
    "delivered_via": "Through which of these is {s} delivered?",
    "uses_device": "Which of these devices does {s} use?",
    "has_risk": "Which of these is a listed risk of {s}?",
    "reduces": "Which of these does {s} reduce?",
    "has_step": "Which of these is a step of {s}?",
    "precedes": "Which of these comes after {s}?",
    "monitors": "What does {s} watch for?",
    "given_in": "Where does {s} take place?",
    "performed_by": "Who carries out {s}?",
    "has_figure": "Which of these figures do the sources give for {s}?",
    "located_in": "Where does {s} lie?",
    "alternative_to": "Which of these is {s} an alternative to?",
    "combined_with": "Which of these is {s} combined with?",
    "form_of": "{s} is a form of which of these?",
    "causes": "Which of these can {s} lead to?",
}


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


def is_right(question: Question, choice: str | None) -> bool:
    """Whether a choice answers a multiple-choice or dubious-claim question."""
    return choice is not None and choice == question.answer


def forward_prompt(G: nx.MultiDiGraph, relation: str, subject: str) -> str:
    """The question that asks for a claim's target.

    >>> import networkx as nx
    >>> from types import SimpleNamespace
    >>> G = nx.MultiDiGraph(schema=SimpleNamespace(relations={"x": SimpleNamespace(label="links to")}))
    >>> G.add_node("a", label="A")
    >>> forward_prompt(G, "has_risk", "a"), forward_prompt(G, "x", "a")
    ('Which of these is a listed risk of A?', 'A — links to — which of these?')
    """
    label = G.nodes[subject]["label"]
    if relation in FORWARD:
        return FORWARD[relation].format(s=label)
    return f"{label} — {G.graph['schema'].relations[relation].label} — which of these?"


def backward_prompt(G: nx.MultiDiGraph, relation: str, subject: str) -> str:
    """The question that asks for a claim's source: "Which of these carries the risk of X?"."""
    return f"Which of these {G.graph['schema'].relations[relation].label} {G.nodes[subject]['label']}?"


def _adjacent(G: nx.MultiDiGraph, node: str) -> set[str]:
    return set(G.successors(node)) | set(G.predecessors(node)) | {node}


def _supported_claims(G: nx.MultiDiGraph) -> list[tuple[str, str, str, dict]]:
    """The supported claims as ``(source, target, id, data)``, in id order (decks start from it)."""
    return sorted(((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if d["status"] == "supported"),
                  key=lambda e: e[2])


def _sample(pool: list, want: int, rng: random.Random, accept) -> list:
    """Up to ``want`` distinct items of ``pool`` that ``accept``, drawn at random.

    A small pool is filtered whole; a large one is sampled with a bounded number of tries, so
    that a deck of a graph with tens of thousands of nodes is made in a fraction of a second.
    """
    if want <= 0:
        return []
    if len(pool) <= 4 * SAMPLE_TRIES:
        fitting = [item for item in pool if accept(item)]
        return rng.sample(fitting, min(want, len(fitting)))
    picked: list = []
    for _ in range(SAMPLE_TRIES):
        item = rng.choice(pool)
        if item not in picked and accept(item):
            picked.append(item)
            if len(picked) == want:
                break
    return picked


def _distractor_rule(G: nx.MultiDiGraph, subject: str, answer: str):
    """Whether a node may be offered as a wrong answer to a question about ``subject``.

    A distractor is a supported node of the answer's kind that no claim (of any status) connects
    to the subject, so that it is not arguably right. Nodes a claim joins to the answer are left
    out too: of the same kind, they are its forms, parts or classes ("Chronic pain not helped by
    other treatments" is a form of "Chronic pain"), or its neighbours in a sequence of steps, and
    would make a second right answer.
    """
    taken = _adjacent(G, subject) | _adjacent(G, answer)
    label = G.nodes[answer]["label"].casefold()
    return lambda n: n not in taken and G.nodes[n]["label"].casefold() != label


def _supported_by_kind(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    by_kind: dict[str, list[str]] = {}
    for n, d in sorted(G.nodes(data=True)):
        if d["status"] == "supported":
            by_kind.setdefault(d["kind"], []).append(n)
    return by_kind


def multiple_choice(G: nx.MultiDiGraph, seed: int = 0, limit: int = MAX_QUESTIONS) -> list[Question]:
    """Up to ``limit`` multiple-choice questions, in a random order fixed by ``seed``.

    Each supported claim can be asked forwards (for its target) or backwards (for its source);
    the wrong options follow :func:`_distractor_rule`.
    """
    rng = random.Random(seed)
    by_kind = _supported_by_kind(G)
    candidates = [(u, v, key, d, direction) for u, v, key, d in _supported_claims(G)
                  for direction in ("forward", "backward")]
    rng.shuffle(candidates)
    questions = []
    for u, v, key, d, direction in candidates:
        subject, answer = (u, v) if direction == "forward" else (v, u)
        if G.nodes[answer]["status"] == "contradicted":
            continue
        wrong = _sample(by_kind.get(G.nodes[answer]["kind"], []), MAX_OPTIONS - 1, rng,
                        _distractor_rule(G, subject, answer))
        if len(wrong) < MIN_DISTRACTORS:
            continue
        options = [answer] + wrong
        rng.shuffle(options)
        prompt = (forward_prompt if direction == "forward" else backward_prompt)(G, d["relation"], subject)
        questions.append(Question(f"choice:{key}:{direction}", "choice", prompt, tuple(options), answer,
                                  (key,), subject))
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
    return [Question(f"card:{u}:{relation}", "flashcard", forward_prompt(G, relation, u),
                     tuple(v for v, _ in groups[(u, relation)]), "", tuple(k for _, k in groups[(u, relation)]), u)
            for u, relation in keys[:limit]]


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
            picked += _sample(pool, options - 1 - len(picked), rng, lambda k: k not in chosen)
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


def why_dubious(G: nx.MultiDiGraph, claim_id: str) -> str:
    """Why a claim is not supported, in one sentence naming its sources and their reliability."""
    data = claim(G, claim_id)
    sources = G.graph["sources"]
    cited = sorted({c["source"] for c in data["citations"]})
    named = ", ".join(f"{sources[s].title} (rated {sources[s].reliability})" for s in cited if s in sources)
    if data["status"] == "contradicted":
        return f"It is contradicted: a vetted reference corrects it. It comes from: {named}."
    if data["status"] == "weak":
        return f"It is weak: only sources rated low back it: {named}."
    return f"It is supported by: {named}."
