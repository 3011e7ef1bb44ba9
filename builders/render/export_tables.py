"""Table exports: the CSV folder and the Kumu workbook (xlsx).

Every text cell a spreadsheet would run as a formula is neutralised
(:func:`builders.escape.neutralise_cell`), in the CSV files and in the workbook alike.

- **CSV** (a folder): ``nodes.csv``; ``claims.csv`` with ``source,target`` first, then ``id``
  (tools that read an edge list take the first two columns as its ends); ``citations.csv``, one
  row per citation of a node, a claim or a correction; ``sources.csv``; ``corrections.csv``.
- **xlsx**: the sheets ``Elements`` and ``Connections`` in Kumu's import layout (``ID`` first,
  then ``Label, Type, Description, Tags`` and ``From, To, Type, ...``; several values in a cell
  are joined by ``|``, as Kumu reads them), and ``Sources``, laid out as Kumu elements of type
  Source whose ids start with ``source:``.

Examples
--------
>>> list(claims_frame(G).columns[:3])
['source', 'target', 'id']
>>> {row["what_type"] for row in citation_rows(G)} == {"node", "claim", "correction"}
True
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from ..escape import neutralise_cell, unicode_text, xml_text
from .export_records import (best_reliability, corrections_of, csv_line, edge_records, exported_sources,
                             format_citations, node_records, source_dict, year_of)

if TYPE_CHECKING:
    import pandas as pd

#: The longest text an Excel cell holds.
EXCEL_CELL_LIMIT = 32767


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """A frame of rows whose text has no lone surrogate (pandas' string storage cannot hold one)."""
    import pandas as pd  # imported when a table is exported: the app starts faster without it
    return pd.DataFrame([{k: _unicode(v) for k, v in row.items()} for row in rows], columns=columns)


def _unicode(value):
    return value if not isinstance(value, str) or value.isascii() else unicode_text(value)


NODE_COLUMNS = ["id", "label", "kind", "status", "aliases", "description", "citations", "best_reliability"]
CLAIM_COLUMNS = ["source", "target", "id", "source_label", "relation", "target_label", "claim", "qualifier",
                 "status", "citations", "best_reliability", "correction_id", "correction"]
CITATION_COLUMNS = ["what", "what_type", "source", "locator", "terms", "reliability"]
SOURCE_COLUMNS_CSV = ["id", "title", "author", "type", "year", "url", "file", "reliability", "rationale",
                      "reference"]
CORRECTION_COLUMNS = ["id", "target", "correction"]


def node_rows(G: nx.MultiDiGraph) -> list[dict]:
    """One row per node, with its status and citations as text."""
    return [{"id": n, "label": d["label"], "kind": d["kind"], "status": d["status"],
             "aliases": "|".join(d["aliases"]), "description": d["description"],
             "citations": format_citations(d["citations"]), "best_reliability": best_reliability(G, d["citations"])}
            for n, d in G.nodes(data=True)]


def claim_rows(G: nx.MultiDiGraph) -> list[dict]:
    """One row per claim, ``source`` and ``target`` first, with its status, citations and correction as text."""
    labels = G.nodes
    rows = []
    for u, v, k, d in G.edges(keys=True, data=True):
        corrections = d.get("corrections") or ([d["correction"]] if d.get("correction") else [])
        rows.append({"source": u, "target": v, "id": k, "source_label": labels[u]["label"],
                     "relation": d["relation"], "target_label": labels[v]["label"], "claim": d["claim"],
                     "qualifier": d["qualifier"], "status": d["status"], "citations": format_citations(d["citations"]),
                     "best_reliability": best_reliability(G, d["citations"]),
                     "correction_id": "|".join(c["id"] for c in corrections),
                     "correction": "\n".join(c["correction"] for c in corrections)})
    return rows


def nodes_frame(G: nx.MultiDiGraph) -> pd.DataFrame:
    """:func:`node_rows` as a frame (the Table view shows it)."""
    return _frame(node_rows(G), NODE_COLUMNS)


def claims_frame(G: nx.MultiDiGraph) -> pd.DataFrame:
    """:func:`claim_rows` as a frame (the Table view shows it)."""
    return _frame(claim_rows(G), CLAIM_COLUMNS)


def _citation_rows(what: str, what_type: str, citations: list[dict], sources: dict) -> list[dict]:
    return [{"what": what, "what_type": what_type, "source": c["source"], "locator": c["locator"],
             "terms": "|".join(c["terms"]),
             "reliability": sources[c["source"]].reliability if c["source"] in sources else ""} for c in citations]


def citation_rows(G: nx.MultiDiGraph) -> list[dict]:
    """One row per citation: of a node, a claim or a correction (``what_type``), with the source's reliability."""
    sources = G.graph["sources"]
    rows = []
    for n, d in G.nodes(data=True):
        rows += _citation_rows(n, "node", d["citations"], sources)
        for c in d.get("corrections") or []:
            rows += _citation_rows(c["id"], "correction", c["citations"], sources)
    for _, _, k, d in G.edges(keys=True, data=True):
        rows += _citation_rows(k, "claim", d["citations"], sources)
        for c in d.get("corrections") or ([d["correction"]] if d.get("correction") else []):
            rows += _citation_rows(c["id"], "correction", c["citations"], sources)
    return rows


def citations_frame(G: nx.MultiDiGraph) -> pd.DataFrame:
    """:func:`citation_rows` as a frame."""
    return _frame(citation_rows(G), CITATION_COLUMNS)


def source_rows(G: nx.MultiDiGraph) -> list[dict]:
    """The cited sources, as ``sources.csv`` has them (the year a number when it is one)."""
    return [{**source_dict(s), "year": year_of(s.year) or s.year} for s in exported_sources(G)]


def correction_rows(G: nx.MultiDiGraph) -> list[dict]:
    """One row per correction: its id, what it corrects (a claim or node id) and what is right."""
    return [{k: c[k] for k in CORRECTION_COLUMNS} for c in corrections_of(G)]


#: The CSV folder's files: their columns and rows.
CSV_FILES = {"nodes.csv": (NODE_COLUMNS, node_rows), "claims.csv": (CLAIM_COLUMNS, claim_rows),
             "citations.csv": (CITATION_COLUMNS, citation_rows), "sources.csv": (SOURCE_COLUMNS_CSV, source_rows),
             "corrections.csv": (CORRECTION_COLUMNS, correction_rows)}


def write_csv_folder(G: nx.MultiDiGraph, out: Path) -> list[Path]:
    """The CSV folder: nodes, claims, citations, sources and corrections (every text cell quoted and
    neutralised, as :func:`builders.escape.safe_csv` writes them)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, (columns, rows) in CSV_FILES.items():
        text = csv_line(columns) + "".join(csv_line([row[c] for c in columns]) for row in rows(G))
        (out / name).write_text(text, encoding="utf-8", newline="")
    return [out / name for name in CSV_FILES]


# --------------------------------------------------------------------------- Kumu workbook

def sheet_cell(value):
    """A value as a workbook cell: text that XML can hold, never a formula, within Excel's limit.

    Line ends become line feeds, the only one a spreadsheet cell keeps.
    """
    if not isinstance(value, str):
        return value
    text = xml_text(value).replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[:EXCEL_CELL_LIMIT - 1] + "…"
    return neutralise_cell(text)


ELEMENT_COLUMNS = ["ID", "Label", "Type", "Description", "Tags", "Status", "Kind", "Aliases", "Citations",
                   "Sources", "Best reliability", "Corrections", "X", "Y", "Color", "Shape"]
CONNECTION_COLUMNS = ["ID", "From", "To", "Type", "Direction", "Description", "Tags", "Status", "Relation",
                      "Qualifier", "Citations", "Sources", "Best reliability", "Correction ID", "Correction",
                      "Correction citations", "Color"]
SOURCE_COLUMNS = ["ID", "Label", "Type", "Description", "Tags", "Reliability", "Source type", "Author", "Year",
                  "URL", "File", "Reference"]


def kumu_rows(G: nx.MultiDiGraph, pos: dict) -> dict[str, list[list]]:
    """The three sheets' rows (header first): Elements, Connections and Sources."""
    elements = [ELEMENT_COLUMNS]
    for n, r in node_records(G, pos).items():
        d = G.nodes[n]
        corrections = "\n".join(c["correction"] for c in d.get("corrections") or [])
        elements.append([n, r["label"], r["kind_label"], r["description"], f"{r['kind_label']}|{r['status']}",
                         r["status"], r["kind"], r["aliases"], format_citations(d["citations"]), r["cited_sources"],
                         r["best_reliability"], corrections, r["x"], r["y"], r["color"], r["shape"]])
    connections = [CONNECTION_COLUMNS]
    for u, v, r in edge_records(G):
        cited = G.edges[u, v, r["claim_id"]]
        correction_citations = "; ".join(format_citations(c["citations"]) for c in cited.get("corrections") or [])
        connections.append([r["claim_id"], u, v, r["label"], "directed", r["claim"], r["status"], r["status"],
                            r["relation"], r["qualifier"], format_citations(cited["citations"]), r["cited_sources"],
                            r["best_reliability"], r["correction_id"], r["correction"], correction_citations,
                            r["color"]])
    sources = [SOURCE_COLUMNS]
    for s in exported_sources(G):
        sources.append([f"source:{s.id}", s.title, "Source", s.rationale, s.reliability, s.reliability, s.type,
                        s.author, year_of(s.year) or s.year, s.url, s.file, s.reference])
    return {"Elements": elements, "Connections": connections, "Sources": sources}


def write_xlsx(G: nx.MultiDiGraph, pos: dict, out: Path) -> Path:
    """The Kumu workbook (openpyxl, write-only: it streams rows, so large graphs stay quick)."""
    from openpyxl import Workbook  # imported here: only this format needs it

    book = Workbook(write_only=True)
    for title, rows in kumu_rows(G, pos).items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append([sheet_cell(value) for value in row])
    book.save(Path(out))
    return Path(out)
