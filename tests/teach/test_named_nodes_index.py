"""Finding node names in a narration word by word (issue 16) finds exactly what the regex per name
found, which compiled a pattern for every name of the graph on every step (a 100-step tour on a
20,000-node graph took 93 s of CPU for that alone)."""

from __future__ import annotations

import re

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from builders.teach.tour_files import MIN_NAME, name_index, named_nodes


def by_regex(G: nx.MultiDiGraph, text: str) -> dict[str, set[str]]:
    """The search as it was: every name, longest first, as a whole-word pattern."""
    names: dict[str, set[str]] = {}
    for node, d in G.nodes(data=True):
        for name in (d["label"], *d["aliases"]):
            name = " ".join(name.casefold().split())
            if len(name) >= MIN_NAME:
                names.setdefault(name, set()).add(node)
    folded = " ".join(text.casefold().split())
    found, taken = {}, []
    for name in sorted(names, key=len, reverse=True):
        for hit in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", folded):
            if not any(start < hit.end() and hit.start() < end for start, end in taken):
                taken.append(hit.span())
                found[name] = names[name]
    return found


words = st.sampled_from(["pump", "pumps", "Morphine", "intrathecal", "baclofen", "withdrawal", "5-ht3", "(x)", "co2",
                         "a-b", "É", "cafe\u0301", "_x", "opioid", "opioids", "the", ",", "-", "ab  cd", "ΣΑΣ"])
phrase = st.lists(words, min_size=1, max_size=4).map(" ".join)
text = st.lists(st.one_of(words, st.sampled_from([" ", ",", ".", "-", "\n"])), max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(labels=st.lists(st.tuples(phrase, st.lists(phrase, max_size=2)), min_size=1, max_size=8), narration=text)
def test_word_by_word_finds_what_the_regex_found(labels, narration):
    G = nx.MultiDiGraph()
    for number, (label, aliases) in enumerate(labels):
        G.add_node(f"n{number}", label=label, aliases=tuple(aliases))
    assert named_nodes(G, narration) == named_nodes(G, narration, name_index(G)) == by_regex(G, narration)
