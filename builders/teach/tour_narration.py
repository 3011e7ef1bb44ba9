"""Does a tour's narration stay with what its step shows? The names of nodes a narration uses
(:func:`named_nodes`, with an index made once per check: :func:`name_index`), and a warning for a
name the step neither shows nor cites (:func:`check_narration`). :mod:`.tour_files` runs it with
its other checks; the tour builder runs it on a draft.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import networkx as nx

from ..data.model import Problem
from ..data.problems import quote
from ..graph.views import make_view

if TYPE_CHECKING:
    from .tour_files import Tour


#: Names shorter than this are not looked for in narrations (too many ordinary words).
MIN_NAME = 4


_WORD = re.compile(r"\w+")


def name_index(G: nx.MultiDiGraph) -> tuple[dict, dict, tuple, dict]:
    """Node names (labels and aliases, folded, :data:`MIN_NAME` characters or more) with their nodes;
    the lengths of the names that start with each word; the names that start with no word; the
    names' order (which of two names as long wins)."""
    names: dict[str, set[str]] = {}
    for node, d in G.nodes(data=True):
        for name in (d["label"], *d["aliases"]):
            name = " ".join(name.casefold().split())
            if len(name) >= MIN_NAME:
                names.setdefault(name, set()).add(node)
    starts: dict[str, set[int]] = {}
    for name in filter(_WORD.match, names):
        starts.setdefault(_WORD.match(name).group(), set()).add(len(name))
    return (names, {w: sorted(lengths, reverse=True) for w, lengths in starts.items()},
            tuple(n for n in names if not _WORD.match(n)), {name: number for number, name in enumerate(names)})


def named_nodes(G: nx.MultiDiGraph, text: str, index=None) -> dict[str, set[str]]:
    """The names of nodes that a text uses, as whole words in any case: ``{name: nodes}``.

    A longer name wins over the names inside it ("intrathecal baclofen withdrawal" is one name,
    not also "baclofen"). Word by word, only the names that start with the word are looked up
    (``index``: :func:`name_index`, made once per check), so a text costs the same on any graph.

    >>> sorted(named_nodes(G, "Morphine, like other opioids, can slow breathing."))
    ['morphine', 'opioids']
    """
    names, starts, odd, order = index or name_index(G)
    folded = " ".join(text.casefold().split())
    hits = [m.span() for name in odd for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", folded)]
    for word in _WORD.finditer(folded):
        hits += [(word.start(), word.start() + n) for n in starts.get(word.group(), ()) if word.start() + n <= len(folded)
                 and folded[word.start():word.start() + n] in names and not _WORD.match(folded, word.start() + n)]
    found, taken = {}, []
    for a, b in sorted(hits, key=lambda h: (h[0] - h[1], order[folded[h[0]:h[1]]], h[0])):
        if not any(start < b and a < end for start, end in taken):
            taken.append((a, b))
            found[folded[a:b]] = names[folded[a:b]]
    return found


def _names_of(G: nx.MultiDiGraph, nodes) -> list[str]:
    return [" ".join(n.casefold().split()) for node in nodes for n in (G.nodes[node]["label"], *G.nodes[node]["aliases"])]


def check_narration(G: nx.MultiDiGraph, tours: dict[str, Tour]) -> list[Problem]:
    """Warnings for narrations that name a node the step neither shows (draws in its view) nor
    cites (an end of one of its claims, or of a predict step's claim): a statement about it would
    have no citation beside it.

    A name that is part of the name of a node the step shows or cites is read as that node
    ("the pump" on a step about the intrathecal pump), so short names are not flagged for nothing.
    """
    problems, index = [], name_index(G)
    for tour in tours.values():
        for step in tour.steps:
            backed = set(make_view(G, step.spec()).nodes) | {n for n in (step.focus, *step.ends) if n}
            for claim_id in step.claims:
                backed.update(G.graph["claim_ends"].get(claim_id, ()))
            backed_names = _names_of(G, backed & set(G))
            for name, nodes in sorted(named_nodes(G, step.narration, index).items()):
                covered = any(re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", other) for other in backed_names)
                if not nodes & backed and not covered:
                    problems.append(Problem(tour.file, 0, f"step {step.number}: narration",
                                            f"names {quote(name)}, which the step neither shows nor cites; show it, "
                                            "list a claim about it, or say it another way", "warning"))
    return problems
