"""Exports: the JSON interchange shape, GraphML read back by igraph, and safe CSV."""

from __future__ import annotations

import json

import igraph
import pytest

from builders.render.export import export, to_json_dict
from builders.escape import neutralise_cell
from support.datasets import graph_of


@pytest.fixture
def tiny_graph(make_dataset, tiny_rows):
    tiny_rows["corrections.csv"] = [{"id": "corr-1", "target": "e-uses", "correction": "Not so."}]
    tiny_rows["citations.csv"].append({"what": "corr-1", "source": "ref", "locator": "Boxed warning"})
    tiny_rows["nodes.csv"][2]["label"] = "=HYPERLINK(\"http://x\")"
    return graph_of(make_dataset(tiny_rows))


def test_json_shape(tiny_graph):
    data = to_json_dict(tiny_graph)
    assert set(data) == {"sources", "nodes", "edges"}
    assert {"id", "title", "file", "reliability"} <= set(data["sources"][0])
    node = data["nodes"][0]
    assert {"id", "label", "kind", "aliases", "description", "status", "citations"} <= set(node)
    assert isinstance(node["aliases"], list)
    assert set(node["citations"][0]) == {"source", "locator", "terms"}
    edge = next(e for e in data["edges"] if e["id"] == "e-uses")
    assert {"id", "source", "target", "relation", "claim", "status", "citations"} <= set(edge)
    assert edge["status"] == "contradicted"
    assert edge["correction"]["citations"] == [{"source": "ref", "locator": "Boxed warning", "terms": []}]
    assert {e["status"] for e in data["edges"]} <= {"supported", "weak", "contradicted"}
    # Only cited sources are listed, the correction's reference among them.
    assert {s["id"] for s in data["sources"]} == {"doc", "blog", "ref"}


def test_graphml_opens_in_igraph(tiny_graph, tmp_path):
    [path] = export(tiny_graph, "graphml", tmp_path / "g.graphml")
    g = igraph.Graph.Read_GraphML(str(path))
    assert (g.vcount(), g.ecount()) == (tiny_graph.number_of_nodes(), tiny_graph.number_of_edges())
    assert set(g.es["status"]) == {"contradicted", "weak"}


def test_gexf_and_json_files(tiny_graph, tmp_path):
    export(tiny_graph, "gexf", tmp_path / "g.gexf")
    assert "<gexf" in (tmp_path / "g.gexf").read_text()
    export(tiny_graph, "json", tmp_path / "g.json")
    assert json.loads((tmp_path / "g.json").read_text())["nodes"]


def test_csv_neutralises_formulas(tiny_graph, tmp_path):
    nodes_csv, claims_csv = export(tiny_graph, "csv", tmp_path / "csv")[:2]
    text = nodes_csv.read_text()
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    assert "Not so." in claims_csv.read_text()


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"])
def test_neutralise_cell(cell):
    assert neutralise_cell(cell).startswith("'")
