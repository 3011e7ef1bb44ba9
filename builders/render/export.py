"""Data exports, one entry point for every format: :data:`FORMATS` and :func:`export`.

==============  ==========================================  =====================================
format          what it writes                              module
==============  ==========================================  =====================================
``json``        the JSON interchange format (README)        here
``graphml``     GraphML, for Gephi, yEd, igraph, networkx   :mod:`.export_xml`
``gexf``        GEXF 1.3 with ``viz``, for Gephi            :mod:`.export_xml`
``cytoscape``   Cytoscape.js JSON (Cytoscape desktop too)   :mod:`.export_cytoscape`
``csv``         a folder of CSV tables                      :mod:`.export_tables`
``neo4j``       a folder for ``neo4j-admin`` or LOAD CSV    :mod:`.export_neo4j`
``xlsx``        a workbook in Kumu's import layout          :mod:`.export_tables`
==============  ==========================================  =====================================

Every format keeps the claim ids, the statuses, the sources with their reliability, the
corrections with their citations, and (except JSON and CSV, which hold the data as the data
files do) the app's positions, colours and shapes. The shared fields are in
:mod:`.export_records`.

Examples
--------
>>> data = to_json_dict(G)
>>> sorted(data), all(e["status"] in ("supported", "weak", "contradicted") for e in data["edges"])
(['edges', 'nodes', 'sources'], True)
>>> FILES["neo4j"].folder, FILES["xlsx"].suffix
(True, '.xlsx')
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from ..escape import unicode_text, xml_text
from ..graph.layout import positions
from .export_cytoscape import cytoscape_json
from .export_neo4j import write_neo4j_folder
from .export_records import exported_sources, format_citations, source_dict
from .export_tables import claims_frame, nodes_frame, write_csv_folder, write_xlsx
from .export_xml import gexf_lines, graphml_lines, write_lines

FORMATS = ("json", "graphml", "gexf", "cytoscape", "csv", "neo4j", "xlsx")

__all__ = ["FORMATS", "FILES", "export", "export_bytes", "to_json_dict", "nodes_frame", "claims_frame",
           "format_citations", "source_dict", "xml_text"]


@dataclass(frozen=True)
class FileKind:
    """What a format writes: a file with this suffix and type, or a folder (zipped for a download)."""

    label: str
    suffix: str
    mime: str
    folder: bool = False
    help: str = ""


FILES = {
    "json": FileKind("JSON", ".json", "application/json", help="The documented interchange format."),
    "graphml": FileKind("GraphML", ".graphml", "application/xml",
                        help="Gephi, yEd, Cytoscape, igraph, networkx: positions and colours included."),
    "gexf": FileKind("GEXF 1.3", ".gexf", "application/xml",
                     help="Gephi: positions, colours, shapes; the sources as nodes of their own."),
    "cytoscape": FileKind("Cytoscape JSON", ".cyjs", "application/json",
                          help="Cytoscape desktop and Cytoscape.js, with styles for kinds and statuses."),
    "csv": FileKind("CSV tables", ".zip", "application/zip", folder=True,
                    help="nodes, claims, citations, sources and corrections, for a spreadsheet."),
    "neo4j": FileKind("Neo4j import", ".zip", "application/zip", folder=True,
                      help="CSV files with neo4j-admin headers and a load.cypher script."),
    "xlsx": FileKind("Kumu workbook", ".xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     help="Elements, Connections and Sources sheets, for Kumu or a spreadsheet."),
}


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
    return {"sources": [source_dict(s) for s in exported_sources(G)], "nodes": nodes, "edges": edges}


def export(G: nx.MultiDiGraph, fmt: str, out: Path, pos: dict | None = None) -> list[Path]:
    """Write ``G`` in one of :data:`FORMATS`; returns the files written.

    ``pos`` are the node positions (by default :func:`builders.graph.layout.positions` of ``G``;
    the app passes the whole dataset's, so a view keeps its place). ``csv`` and ``neo4j`` write
    into the folder ``out``.
    """
    out = Path(out)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "json":
        out.write_text(unicode_text(json.dumps(to_json_dict(G), ensure_ascii=False, indent=1)), encoding="utf-8")
        return [out]
    if fmt == "csv":
        return write_csv_folder(G, out)
    pos = positions(G) if pos is None else pos
    if fmt in ("graphml", "gexf"):
        return [write_lines((graphml_lines if fmt == "graphml" else gexf_lines)(G, pos), out)]
    if fmt == "cytoscape":
        out.write_text(unicode_text(cytoscape_json(G, pos)), encoding="utf-8")
        return [out]
    if fmt == "neo4j":
        return write_neo4j_folder(G, pos, out)
    return [write_xlsx(G, pos, out)]


def export_bytes(G: nx.MultiDiGraph, fmt: str, pos: dict | None = None, stem: str = "pain-atlas") -> bytes:
    """One format as the bytes of one download: the file itself, or a zip of the folder
    (its files under ``stem/``)."""
    with tempfile.TemporaryDirectory(prefix="pain-atlas-export-") as tmp:
        target = Path(tmp) / (stem if FILES[fmt].folder else stem + FILES[fmt].suffix)
        written = export(G, fmt, target, pos)
        if not FILES[fmt].folder:
            return target.read_bytes()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in written:
                archive.write(path, f"{stem}/{path.name}")
        return buffer.getvalue()
