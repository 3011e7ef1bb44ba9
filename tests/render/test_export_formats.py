"""Every export format read back by an independent reader: networkx (GraphML, GEXF, Cytoscape
JSON), python-igraph (GraphML), pandas (CSV, Neo4j) and openpyxl (xlsx).

Counts, claim ids, statuses, source reliability and positions must survive, on the bundled data,
a 2,000-node synthetic dataset and the hostile dataset, whose labels here also hold control
characters and lone surrogates (the XML must stay well-formed)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import igraph
import networkx as nx
import openpyxl
import pandas as pd
import pytest

from builders.data.load import load_dataset
from builders.escape import neutralise_cell, unicode_text, xml_text
from builders.graph.build import build_graph
from builders.graph.layout import positions
from builders.render.export import FORMATS, export, export_bytes
from builders.render.export_neo4j import neo4j_label, relationship_type
from builders.render.export_records import exported_sources
from builders.scale.synth import synthesize
from support.hostile import SCRIPT, write_hostile

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: Characters XML 1.0 cannot hold, and a lone surrogate, which UTF-8 cannot encode either.
UNWRITABLE = "\x00\x01\x08\x0b\x1f\ud800\udfff"


def _hostile_graph(folder: Path) -> nx.MultiDiGraph:
    G = build_graph(load_dataset(write_hostile(folder), folder / "sources").dataset)
    for i, node in enumerate(G.nodes):
        G.nodes[node]["label"] += f" {i}{UNWRITABLE}\r\n\t<&>\""
    G.nodes["pump"]["description"] += UNWRITABLE
    return G


@pytest.fixture(scope="module", params=["bundled", pytest.param("synthetic", marks=pytest.mark.slow), "hostile"])
def exported(request, tmp_path_factory, bundled_graph):
    """(graph, positions, folder with every format written into it), for each dataset."""
    folder = tmp_path_factory.mktemp(f"export-{request.param}")
    if request.param == "bundled":
        G = bundled_graph
    elif request.param == "synthetic":
        synthesize(2000, folder / "data", seed=3)
        G = build_graph(load_dataset(folder / "data", folder / "data" / "sources").dataset)
    else:
        G = _hostile_graph(folder / "data")
    pos = positions(G)
    for fmt in FORMATS:
        export(G, fmt, folder / f"out.{fmt}", pos)
    return G, pos, folder


def claims_of(G) -> dict[str, tuple[str, str, str]]:
    return {k: (u, v, d["status"]) for u, v, k, d in G.edges(keys=True, data=True)}


def reliability_of(G) -> dict[str, str]:
    return {s.id: s.reliability for s in exported_sources(G)}


def test_graphml_in_networkx(exported):
    G, pos, folder = exported
    H = nx.read_graphml(folder / "out.graphml", force_multigraph=True)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    assert {k: (u, v, d["status"]) for u, v, k, d in H.edges(keys=True, data=True)} == claims_of(G)
    assert all(k == d["claim_id"] for _, _, k, d in H.edges(keys=True, data=True))
    assert {n: (d["x"], d["y"]) for n, d in H.nodes(data=True)} == {n: tuple(map(float, p)) for n, p in pos.items()}
    assert {s["id"]: s["reliability"] for s in json.loads(H.graph["sources"])} == reliability_of(G)
    assert {n: d["label"] for n, d in H.nodes(data=True)} == {n: xml_text(d["label"]) for n, d in G.nodes(data=True)}
    corrected = {k for _, _, k, d in G.edges(keys=True, data=True) if d.get("correction")}
    assert {c["target"] for c in json.loads(H.graph["corrections"])} >= corrected
    for _, _, k, d in H.edges(keys=True, data=True):
        assert isinstance(d["dashed"], bool) and isinstance(d["width"], float)
        if k in corrected:
            assert d["correction"] and json.loads(d["correction_citations"])


def test_graphml_in_igraph(exported):
    """python-igraph (the version our dependencies install) sees the claim ids in ``claim_id``."""
    G, pos, folder = exported
    g = igraph.Graph.Read_GraphML(str(folder / "out.graphml"))
    assert (g.vcount(), g.ecount()) == (G.number_of_nodes(), G.number_of_edges())
    ends = {e["claim_id"]: (g.vs[e.source]["id"], g.vs[e.target]["id"], e["status"]) for e in g.es}
    assert ends == claims_of(G)
    assert {v["id"]: (v["x"], v["y"]) for v in g.vs} == {n: tuple(map(float, p)) for n, p in pos.items()}
    assert {s["id"]: s["reliability"] for s in json.loads(g["sources"])} == reliability_of(G)
    assert all(re.fullmatch("#[0-9a-f]{6}", color) for color in g.vs["color"] + g.es["color"])


def test_graphml_declares_every_type(exported):
    _, _, folder = exported
    root = ET.parse(folder / "out.graphml").getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    types = {key.get("id"): key.get("attr.type") for key in root.findall("g:key", ns)}
    assert set(types.values()) == {"string", "double", "boolean"}
    parse = {"double": float, "boolean": lambda v: {"true": True, "false": False}[v], "string": str}
    for data in root.iter("{http://graphml.graphdrawing.org/xmlns}data"):
        parse[types[data.get("key")]](data.text or "")


def test_gexf_13_in_networkx(exported):
    G, pos, folder = exported
    root = ET.parse(folder / "out.gexf").getroot()
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.get("version") == "1.3"
    H = nx.read_gexf(folder / "out.gexf")
    concepts = {n: d for n, d in H.nodes(data=True) if d["element"] == "node"}
    sources = {d["source_id"]: d for n, d in H.nodes(data=True) if d["element"] == "source"}
    assert len(concepts) == G.number_of_nodes() and H.number_of_edges() == G.number_of_edges()
    assert {d["claim_id"]: (u, v, d["status"]) for u, v, d in H.edges(data=True)} == claims_of(G)
    assert all(d["id"] == d["claim_id"] for _, _, d in H.edges(data=True))
    assert {n: (d["viz"]["position"]["x"], d["viz"]["position"]["y"]) for n, d in concepts.items()} == \
        {n: tuple(map(float, p)) for n, p in pos.items()}
    kinds = G.graph["schema"].node_kinds
    for n, d in concepts.items():
        color = kinds[G.nodes[n]["kind"]].color.lstrip("#")
        assert (d["viz"]["color"]["r"], d["viz"]["color"]["g"], d["viz"]["color"]["b"]) == \
            tuple(int(color[i:i + 2], 16) for i in (0, 2, 4))
    assert {s: d["reliability"] for s, d in sources.items()} == reliability_of(G)
    years = [d["year"] for d in sources.values() if "year" in d]
    assert all(isinstance(y, int) for y in years)


def test_cytoscape_json_in_networkx(exported):
    G, pos, folder = exported
    data = json.loads((folder / "out.cytoscape").read_text(encoding="utf-8"))
    H = nx.cytoscape_graph(data)
    assert isinstance(H, nx.MultiDiGraph)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    assert {k: (u, v, d["status"]) for u, v, k, d in H.edges(keys=True, data=True)} == claims_of(G)
    assert {n["data"]["id"]: (n["position"]["x"], n["position"]["y"]) for n in data["elements"]["nodes"]} == \
        {n: tuple(map(float, p)) for n, p in pos.items()}
    assert {s["id"]: s["reliability"] for s in json.loads(H.graph["sources"])} == reliability_of(G)
    selectors = {s["selector"] for s in data["style"]}
    schema = G.graph["schema"]
    assert {f'node[kind = "{k}"]' for k in schema.node_kinds} <= selectors
    assert {f'edge[status = "{s}"]' for s in schema.statuses} <= selectors
    assert {n: d["label"] for n, d in H.nodes(data=True)} == {n: unicode_text(d["label"]) for n, d in G.nodes(data=True)}


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_csv_folder_in_pandas(exported):
    G, _, folder = exported
    claims = _csv(folder / "out.csv" / "claims.csv")
    assert list(claims.columns[:3]) == ["source", "target", "id"]
    assert {r.id: (r.source, r.target, r.status) for r in claims.itertuples()} == claims_of(G)
    citations = _csv(folder / "out.csv" / "citations.csv")
    corrections = [c for _, _, d in G.edges(data=True) for c in d.get("corrections") or []]
    expected = (sum(len(d["citations"]) for _, d in G.nodes(data=True))
                + sum(len(d["citations"]) for _, _, d in G.edges(data=True))
                + sum(len(c["citations"]) for c in corrections))
    assert len(citations) == expected
    assert set(citations[citations.what_type == "correction"].what) == {c["id"] for c in corrections}
    sources = _csv(folder / "out.csv" / "sources.csv")
    assert dict(zip(sources.id, sources.reliability)) == reliability_of(G)
    assert len(_csv(folder / "out.csv" / "nodes.csv")) == G.number_of_nodes()


def test_neo4j_folder_in_pandas(exported):
    G, _, folder = exported
    out = folder / "out.neo4j"
    nodes, claims = _csv(out / "nodes.csv"), _csv(out / "claims.csv")
    assert list(claims.columns[:3]) == [":START_ID(Node)", ":END_ID(Node)", ":TYPE"]
    assert {"x:double", "y:double", "aliases:string[]", ":LABEL"} <= set(nodes.columns)
    assert set(nodes["id:ID(Node)"]) == set(G.nodes)
    assert {r[3]: (r[0], r[1], r[8]) for r in claims.itertuples(index=False)} == claims_of(G)
    assert list(claims.columns[3:4]) == ["claim_id"] and claims.columns[8] == "status"
    assert set(claims[":TYPE"]) == {relationship_type(d["relation"]) for _, _, d in G.edges(data=True)}
    assert all(label.startswith("Node|") for label in nodes[":LABEL"])
    sources = _csv(out / "sources.csv")
    assert dict(zip(sources["id:ID(Source)"], sources.reliability)) == reliability_of(G)
    assert all(y == "" or y.isdigit() for y in sources["year:int"])
    known = set(sources["id:ID(Source)"])
    assert set(_csv(out / "node_citations.csv")[":END_ID(Source)"]) <= known
    assert set(_csv(out / "correction_citations.csv")[":END_ID(Source)"]) <= known
    script = (out / "load.cypher").read_text(encoding="utf-8")
    for name in ("nodes", "sources", "corrections", "claims", "node_citations", "correction_citations", "corrects"):
        assert f"'file:///{name}.csv'" in script
    for kind in {d["kind"] for _, d in G.nodes(data=True)}:
        assert f"SET n:{neo4j_label(kind)};" in script


def test_xlsx_in_openpyxl(exported):
    G, pos, folder = exported
    book = openpyxl.load_workbook(folder / "out.xlsx", read_only=True)
    assert book.sheetnames == ["Elements", "Connections", "Sources"]
    rows = {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    assert rows["Elements"][0][:5] == ("ID", "Label", "Type", "Description", "Tags")
    assert rows["Connections"][0][:4] == ("ID", "From", "To", "Type")
    elements = {r[0]: r for r in rows["Elements"][1:]}
    assert set(elements) == set(G.nodes)
    assert {n: (r[12], r[13]) for n, r in elements.items()} == {n: tuple(map(float, p)) for n, p in pos.items()}
    assert {r[0]: (r[1], r[2], r[7]) for r in rows["Connections"][1:]} == claims_of(G)
    assert {r[0].removeprefix("source:"): r[5] for r in rows["Sources"][1:]} == reliability_of(G)
    cells = [c for sheet in rows.values() for row in sheet for c in row if isinstance(c, str)]
    assert not [c for c in cells if c.lstrip(" ").startswith(FORMULA_STARTS)]


def test_hostile_text_stays_text(tmp_path):
    G = _hostile_graph(tmp_path / "data")
    pos = positions(G)
    for fmt in ("graphml", "gexf"):
        [path] = export(G, fmt, tmp_path / f"g.{fmt}", pos)
        tree = ET.parse(path)  # well-formed, although the labels hold what XML cannot
        tags = {element.tag.rsplit("}", 1)[-1] for element in tree.iter()}
        assert not tags & {"script", "img", "svg", "textarea"}
        texts = {e.text for e in tree.iter()} | {v for e in tree.iter() for v in e.attrib.values()}
        assert {xml_text(d["label"]) for _, d in G.nodes(data=True)} <= texts
    label = G.nodes["infection"]["label"]
    book = openpyxl.load_workbook(export(G, "xlsx", tmp_path / "g.xlsx", pos)[0])
    assert neutralise_cell(xml_text(label).replace("\r\n", "\n")) in [c.value for c in book["Elements"]["B"]]
    assert any(SCRIPT in (c.value or "") for c in book["Elements"]["B"])


def test_downloads_are_files_or_zips(bundled_graph):
    import io
    import zipfile
    pos = positions(bundled_graph)
    for fmt in ("neo4j", "csv"):
        names = zipfile.ZipFile(io.BytesIO(export_bytes(bundled_graph, fmt, pos))).namelist()
        assert "pain-atlas/claims.csv" in names
    assert export_bytes(bundled_graph, "xlsx", pos)[:2] == b"PK"
    assert json.loads(export_bytes(bundled_graph, "cytoscape", pos))["elements"]["nodes"]


@pytest.mark.parametrize("fmt", ["cytoscape", "neo4j", "xlsx"])
def test_cli_writes_the_new_formats(make_dataset, tmp_path, capsys, fmt):
    from builders.cli import main
    out = tmp_path / f"out-{fmt}"
    assert main(["export", "--format", fmt, "--data", str(make_dataset()), "--out", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
