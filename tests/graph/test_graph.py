"""The graph and its queries, on the tiny dataset."""

from __future__ import annotations

import pytest

from builders.graph.views import Filters, ViewSpec, make_view
from builders.graph.build import build_graph
from builders.graph.queries import claims_by_source, counts, shortest_paths
from builders.data.load import load_dataset
from support.datasets import graph_of


@pytest.fixture
def tiny_graph(make_dataset):
    return graph_of(make_dataset())


def test_nodes_and_edges_carry_attributes(tiny_graph):
    G = tiny_graph
    assert G.nodes["pump"]["aliases"] == ["pain pump", "IDDS"]
    assert G.nodes["pump"]["citations"] == [{"source": "doc", "locator": "L1", "terms": ["pumps"]}]
    data = G.edges["pump", "morphine", "e-uses"]
    assert data["status"] == "supported" and data["relation"] == "uses_drug"


def neighbourhood(G, node, depth):
    return set(make_view(G, ViewSpec(focus=node, depth=depth)).nodes)


def test_neighbourhood(tiny_graph):
    assert neighbourhood(tiny_graph, "morphine", 1) == {"morphine", "pump"}
    assert neighbourhood(tiny_graph, "morphine", 2) == {"morphine", "pump", "infection"}


def test_shortest_paths_walk_against_direction(tiny_graph):
    [path] = shortest_paths(tiny_graph, "morphine", "infection")
    assert [(hop["from"], hop["to"], hop["id"]) for hop in path] == [("morphine", "pump", "e-uses"),
                                                                     ("pump", "infection", "e-risk")]


def test_no_path(make_dataset, tiny_rows):
    tiny_rows["edges.csv"].pop()
    tiny_rows["citations.csv"] = [c for c in tiny_rows["citations.csv"] if c["what"] != "e-risk"]
    G = build_graph(load_dataset(make_dataset(tiny_rows)).dataset)
    assert shortest_paths(G, "morphine", "infection") == []


def test_claims_by_source(tiny_graph):
    assert [c["id"] for c in claims_by_source(tiny_graph, "blog")] == ["e-risk"]


def filtered(G, **filters):
    view = make_view(G, ViewSpec(filters=Filters.of(**filters)))
    return view, view.report


def test_filters_report_what_they_removed(tiny_graph):
    view, report = filtered(tiny_graph, statuses={"supported"})
    assert set(view.nodes) == {"pump", "morphine", "infection"}
    assert [k for _, _, k in view.edges] == ["e-uses"]
    assert report.removed == {"status": (0, 1)} and report.kept == (3, 1)

    view, report = filtered(tiny_graph, kinds={"therapy", "risk"})
    assert set(view.nodes) == {"pump", "infection"} and report.removed["kind"] == (1, 1)

    view, _ = filtered(tiny_graph, sources={"blog"})
    assert set(view.nodes) == {"pump", "infection"}

    view, report = filtered(tiny_graph, relations={"has_risk"})
    assert len(view.edges) == 1 and report.removed["relation"] == (0, 1)


def test_counts(tiny_graph):
    c = counts(tiny_graph)
    assert c["nodes by kind"]["therapy"] == 1
    assert c["claims by status"] == {"supported": 1, "weak": 1}
    assert c["sources by reliability"] == {"moderate": 1, "low": 1, "high": 1}
