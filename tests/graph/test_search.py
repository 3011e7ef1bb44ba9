"""Search by name: matches ranked by how well the label or an alias matches (the whole name, its
start, the start of a word, inside a word), and a name that does not contain the query is never
offered. (The app's search box: tests/app/test_app_search.py.)"""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders.graph.queries import EXACT, INSIDE, PREFIX, WORD_PREFIX, NameIndex, match_rank


def graph(*nodes):
    G = nx.MultiDiGraph()
    for node, label, aliases in nodes:
        G.add_node(node, label=label, aliases=list(aliases))
    return G


@pytest.mark.parametrize("name, rank", [("ketamine", EXACT), ("ketamine infusion", PREFIX),
                                        ("oral ketamine", WORD_PREFIX), ("s-ketamine", WORD_PREFIX),
                                        ("esketamine", INSIDE), ("refill or programming error", None)])
def test_match_rank(name, rank):
    assert match_rank(name, "ketamine") == rank


def test_ranking_orders_exact_prefix_word_inside():
    G = graph(("a", "Esketamine", ()), ("b", "Ketamine infusion", ()), ("c", "Ketamine", ()),
              ("d", "Oral ketamine", ()), ("e", "Refill or programming error", ("kt",)),
              ("f", "NMDA receptor block", ("ketamine action",)))
    assert [n for n, _ in NameIndex(G).rank("Ketamine")] == ["c", "b", "f", "d", "a"]
    assert dict(NameIndex(G).rank("ketamine"))["f"] == "ketamine action"  # matched by its alias


def test_an_alias_finds_its_node_and_case_and_spaces_do_not_matter():
    G = graph(("pump", "Intrathecal pump", ("IDDS", "pain pump")), ("idd", "Idd-ish thing", ()))
    assert NameIndex(G).rank("  idds ") == [("pump", "IDDS")]
    assert NameIndex(G).rank("PAIN   pump")[0] == ("pump", "pain pump")


@settings(max_examples=200, deadline=None)
@given(query=st.text(alphabet="abcdeinkmt -", min_size=1, max_size=6))
def test_every_match_contains_the_query(bundled_graph, query):
    folded = " ".join(query.casefold().split())
    for node, name in NameIndex(bundled_graph).rank(query, limit=50):
        assert folded in " ".join(name.casefold().split())
        d = bundled_graph.nodes[node]
        assert name in (d["label"], *d["aliases"])
