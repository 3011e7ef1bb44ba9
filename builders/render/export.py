"""Exports: the JSON interchange format, GraphML, GEXF and CSV tables.

The JSON export is the project's documented interchange format (see the README). GraphML and
GEXF hold only scalar attributes, so lists (aliases, citations) are written as JSON text, and
characters XML 1.0 cannot hold are written as U+FFFD so that the files stay well-formed. CSV
cells that a spreadsheet would run as a formula are neutralised (:mod:`builders.escape`).

Examples
--------
>>> data = to_json_dict(G)
>>> sorted(data), all(e["status"] in ("supported", "weak", "contradicted") for e in data["edges"])
(['edges', 'nodes', 'sources'], True)
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pandas as pd

from ..data.model import Source
from ..escape import keep_carriage_returns, safe_csv, xml_text
from ..graph.queries import cited_sources

FORMATS = ("json", "graphml", "gexf", "csv")


def source_dict(source: Source) -> dict:
    return {"id": source.id, "title": source.title, "author": source.author, "type": source.type,
            "year": source.year, "url": source.url, "file": source.file, "reliability": source.reliability,
            "rationale": source.rationale, "reference": source.reference}


def to_json_dict(G: nx.MultiDiGraph) -> dict:
    """The interchange format: ``{"sources": [...], "nodes": [...], "edges": [...]}``.

    Only the sources cited in ``G`` are listed, so the export of a view cites what it shows.
    """
    nodes = [{"id": node, "label": data["label"], "kind": data["kind"], "aliases": list(data["aliases"]),
              "description": data["description"], "status": data["status"], "citations": data["citations"]}
             for node, data in G.nodes(data=True)]
    edges = []
    for u, v, data in G.edges(data=True):
        edge = {"id": data["id"], "source": u, "target": v, "relation": data["relation"], "claim": data["claim"],
                "qualifier": data["qualifier"], "status": data["status"], "citations": data["citations"]}
        if data.get("correction"):
            edge["correction"] = data["correction"]
        edges.append(edge)
    cited = set(cited_sources(G, G.nodes, (d for _, _, d in G.edges(data=True))))
    sources = [source_dict(s) for s in G.graph["sources"].values() if s.id in cited]
    return {"sources": sources, "nodes": nodes, "edges": edges}


def _scalar_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` whose attributes are all XML-safe strings, for GraphML and GEXF writers.

    The XML writers escape markup, so a label such as ``<script>`` is stored as text; they do not
    drop control characters, which :func:`xml_text` replaces.
    """
    H = nx.MultiDiGraph()
    for node, data in G.nodes(data=True):
        H.add_node(node, **_xml_attrs(label=data["label"], kind=data["kind"], description=data["description"],
                                      status=data["status"], aliases="|".join(data["aliases"]),
                                      citations=json.dumps(data["citations"], ensure_ascii=False)))
    for u, v, key, data in G.edges(keys=True, data=True):
        correction = json.dumps(data["correction"], ensure_ascii=False) if data.get("correction") else ""
        H.add_edge(u, v, key=key, **_xml_attrs(relation=data["relation"], claim=data["claim"],
                                               qualifier=data["qualifier"], status=data["status"],
                                               citations=json.dumps(data["citations"], ensure_ascii=False),
                                               correction=correction))
    return H


def _xml_attrs(**attrs: str) -> dict[str, str]:
    return {name: xml_text(value) for name, value in attrs.items()}


def nodes_frame(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per node, with its status and citations as text."""
    return pd.DataFrame([{"id": n, "label": d["label"], "kind": d["kind"], "status": d["status"],
                          "aliases": "|".join(d["aliases"]), "description": d["description"],
                          "citations": format_citations(d["citations"])} for n, d in G.nodes(data=True)],
                        columns=["id", "label", "kind", "status", "aliases", "description", "citations"])


def claims_frame(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per claim, with its status, citations and correction as text."""
    rows = []
    for u, v, d in G.edges(data=True):
        rows.append({"id": d["id"], "source": u, "source_label": G.nodes[u]["label"], "relation": d["relation"],
                     "target": v, "target_label": G.nodes[v]["label"], "claim": d["claim"],
                     "qualifier": d["qualifier"], "status": d["status"], "citations": format_citations(d["citations"]),
                     "correction": d["correction"]["correction"] if d.get("correction") else ""})
    return pd.DataFrame(rows, columns=["id", "source", "source_label", "relation", "target", "target_label",
                                       "claim", "qualifier", "status", "citations", "correction"])


def format_citations(citations: list[dict]) -> str:
    """Citations as one line of text: ``source L3 [term; term]; source2 Boxed warning``."""
    parts = []
    for c in citations:
        text = " ".join(p for p in (c["source"], c["locator"]) if p)
        if c["terms"]:
            text += " [" + "; ".join(c["terms"]) + "]"
        parts.append(text)
    return "; ".join(parts)


def export(G: nx.MultiDiGraph, fmt: str, out: Path) -> list[Path]:
    """Write ``G`` in one of :data:`FORMATS`; returns the files written.

    ``csv`` writes ``nodes.csv`` and ``claims.csv`` into the folder ``out``.
    """
    out = Path(out)
    if fmt == "json":
        out.write_text(json.dumps(to_json_dict(G), ensure_ascii=False, indent=1), encoding="utf-8")
        return [out]
    if fmt == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(_scalar_graph(G), buffer)
        out.write_bytes(keep_carriage_returns(buffer.getvalue()))  # GraphML keeps text in elements
        return [out]
    if fmt == "gexf":
        nx.write_gexf(_scalar_graph(G), out)
        return [out]
    if fmt == "csv":
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name, frame in (("nodes.csv", nodes_frame(G)), ("claims.csv", claims_frame(G))):
            (out / name).write_text(safe_csv(frame), encoding="utf-8")
            written.append(out / name)
        return written
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
