"""The performance rewrites give exactly the old answers.

``make_view`` now works on plain sets and adjacency dicts instead of
networkx subgraph views, and ``check_citation`` caches parsed locators and normalised lines.
These tests compare them with straightforward reference versions (the code they replaced) on
a synthetic graph, for many random views.
"""

from __future__ import annotations

import os
import random

import networkx as nx
import pytest

from builders.data.evidence import SourceTexts, check_citation, parse_locator
from builders.graph.views import Filters, FilterReport, View, ViewSpec, make_view
from builders.graph.build import build_graph
from builders.data.load import load_dataset
from builders.data.model import Citation, Source
from builders.scale.synth import synthesize


# --------------------------------------------------------------------------- reference versions

def reference_filter(G: nx.MultiDiGraph, filters: Filters):
    """The original filter_graph: sets rebuilt per filter, looked up through networkx views."""
    report = FilterReport(total=(G.number_of_nodes(), G.number_of_edges()))
    nodes = set(G.nodes)
    edges = set(G.edges(keys=True))

    def sources_of(data):
        return {c["source"] for c in data.get("citations", [])}

    def step(name, keep_node, keep_edge):
        nonlocal nodes, edges
        before = (len(nodes), len(edges))
        nodes = {n for n in nodes if keep_node(n)}
        edges = {(u, v, k) for u, v, k in edges if u in nodes and v in nodes and keep_edge(u, v, k)}
        report.removed[name] = (before[0] - len(nodes), before[1] - len(edges))

    if filters.kinds:
        step("kind", lambda n: G.nodes[n]["kind"] in filters.kinds, lambda u, v, k: True)
    if filters.relations:
        step("relation", lambda n: True, lambda u, v, k: G.edges[u, v, k]["relation"] in filters.relations)
    if filters.sources:
        cited_edges = {e for e in edges if sources_of(G.edges[e]) & filters.sources}
        cited_nodes = {n for n in nodes if sources_of(G.nodes[n]) & filters.sources}
        cited_nodes |= {u for u, _, _ in cited_edges} | {v for _, v, _ in cited_edges}
        step("source", lambda n: n in cited_nodes, lambda u, v, k: (u, v, k) in cited_edges)
    if filters.statuses:
        step("status", lambda n: G.nodes[n]["status"] in filters.statuses,
             lambda u, v, k: G.edges[u, v, k]["status"] in filters.statuses)
    report.kept = (len(nodes), len(edges))
    view = nx.subgraph_view(G, filter_node=lambda n: n in nodes, filter_edge=lambda u, v, k: (u, v, k) in edges)
    return view, report


def reference_view(G: nx.MultiDiGraph, spec: ViewSpec) -> View:
    """The original make_view, on the filtered networkx view."""
    filtered, report = reference_filter(G, spec.filters)
    faded: set[str] = set()
    if spec.focus is not None and spec.focus in filtered:
        hops = nx.single_source_shortest_path_length(filtered.to_undirected(as_view=True), spec.focus,
                                                     cutoff=spec.depth)
        if spec.fade:
            faded = set(filtered.nodes) - set(hops)
            candidates = list(filtered.nodes)
        else:
            candidates = list(hops)
        rank = lambda n: (hops.get(n, spec.depth + 1), -G.degree(n), n)  # noqa: E731
    else:
        candidates = list(filtered.nodes)
        rank = lambda n: (-G.degree(n), n)  # noqa: E731
    available = len(candidates)
    if len(candidates) > spec.max_nodes:
        candidates = sorted(candidates, key=rank)[:spec.max_nodes]
    keep = set(candidates)
    edges = [(u, v, k) for u, v, k in filtered.edges(keys=True) if u in keep and v in keep]
    nodes = sorted(keep, key=lambda n: (G.nodes[n]["kind"], n))
    return View(nodes, edges, faded & keep, report, available)


# --------------------------------------------------------------------------- the comparisons

@pytest.fixture(scope="module")
def synth_graph(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth")
    synthesize(400, folder, seed=3)
    return build_graph(load_dataset(folder).dataset)


def random_spec(G: nx.MultiDiGraph, rng: random.Random) -> ViewSpec:
    schema = G.graph["schema"]

    def some(values):
        values = sorted(values)
        return rng.sample(values, rng.randint(1, max(1, len(values) // 2))) if rng.random() < 0.4 else []

    filters = Filters.of(some(schema.node_kinds), some(schema.relations), some(G.graph["sources"]),
                         some(schema.statuses))
    focus = rng.choice(sorted(G.nodes)) if rng.random() < 0.6 else None
    return ViewSpec(focus=focus, depth=rng.randint(1, 3), fade=rng.random() < 0.3, filters=filters,
                    max_nodes=rng.choice([10, 50, 300, 10_000]))


def test_make_view_matches_the_reference(synth_graph):
    rng = random.Random(11)
    for _ in range(150):
        spec = random_spec(synth_graph, rng)
        new, old = make_view(synth_graph, spec), reference_view(synth_graph, spec)
        assert new.nodes == old.nodes, spec
        assert new.edges == old.edges, spec  # same claims in the same order
        assert new.faded == old.faded and new.available == old.available, spec
        assert new.report == old.report, spec


def test_the_bundled_views_match_the_reference(bundled_graph):
    G = bundled_graph
    for focus in [None, *sorted(G.nodes)[:40]]:
        for depth in (1, 2):
            spec = ViewSpec(focus=focus, depth=depth, filters=Filters.of(statuses=["supported", "weak"]))
            new, old = make_view(G, spec), reference_view(G, spec)
            assert (new.nodes, new.edges, new.faded, new.available) == (old.nodes, old.edges, old.faded, old.available)


# --------------------------------------------------------------------------- citation caches

def test_parse_locator_gives_each_caller_its_own_list():
    first = parse_locator("L2-L3")
    first.append((9, 9))
    assert parse_locator("L2-L3") == [(2, 3)]


def test_an_edited_source_file_is_checked_again(tmp_path):
    """The normalised lines are cached per (file, locator), but never outlive the file's text."""
    doc = tmp_path / "doc.txt"
    doc.write_text("Pumps deliver morphine.\n", encoding="utf-8")
    texts = SourceTexts(tmp_path)
    source = Source("doc", "Doc", "blog", "low", "", file="doc.txt")
    citation = Citation("x", "doc", "L1", ("ketamine",))
    assert check_citation(citation, source, texts)  # not on the line
    doc.write_text("Pumps deliver ketamine.\n", encoding="utf-8")
    os.utime(doc, (1, 1))  # a new mtime even on file systems with coarse timestamps
    assert check_citation(citation, source, texts) == []
