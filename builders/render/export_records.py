"""The flat, typed records every export format writes: one per node, claim and source.

GraphML, GEXF, Cytoscape JSON, the CSV tables, the Neo4j folder and the Kumu workbook all write
the same fields, so what one format keeps, all keep. A :class:`Field` names a column and its
type (``string``, ``integer``, ``double`` or ``boolean``); each format maps the type to its own
name. Lists (aliases, citations) are written as text: aliases joined by ``|`` as in
``nodes.csv``, citations as JSON, so nothing of them is lost.

Positions come from :func:`builders.graph.layout.positions`, colours and shapes from the
schema, as the app draws them.

Examples
--------
>>> records = node_records(G, pos)
>>> record = records["intrathecal-pump"]
>>> record["kind"], record["shape"], isinstance(record["x"], float)
('therapy', 'star', True)
>>> [f.name for f in NODE_FIELDS][:3]
['label', 'kind', 'kind_label']
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import networkx as nx

from ..data.model import RELIABILITIES, Source
from ..escape import neutralise_cell, unicode_text
from ..graph.queries import cited_sources

#: The size every node is drawn at (vis-network's default in ``assets/graph.js``).
NODE_SIZE = 16.0
#: Colour of a node whose kind the schema does not know, and of a source in GEXF.
OTHER_COLOR = "#888888"


@dataclass(frozen=True)
class Field:
    """One column of an export: its name, its type and what it holds."""

    name: str
    type: str  # string, integer, double or boolean
    help: str = ""


#: Where a node or a claim comes from, written alike for both.
_CITED_FIELDS = (
    Field("citations", "string", "JSON: [{source, locator, terms}]"),
    Field("cited_sources", "string", "source ids joined by |"),
    Field("best_reliability", "string", "the most reliable source cited: high, moderate or low"),
)
_CORRECTIONS_FIELD = Field("corrections", "string", "JSON: [{id, correction, citations}]")
NODE_FIELDS = (
    Field("label", "string"), Field("kind", "string", "node kind id"), Field("kind_label", "string"),
    Field("status", "string", "supported, weak or contradicted"), Field("aliases", "string", "joined by |"),
    Field("description", "string"), *_CITED_FIELDS, _CORRECTIONS_FIELD,
    Field("x", "double"), Field("y", "double"), Field("size", "double"),
    Field("color", "string", "#rrggbb, from the node kind"), Field("shape", "string", "vis-network shape"),
)
EDGE_FIELDS = (
    Field("claim_id", "string", "the claim id, also the edge id"), Field("relation", "string"),
    Field("label", "string", "how the relation reads"), Field("claim", "string"), Field("qualifier", "string"),
    Field("status", "string", "supported, weak or contradicted"),
    *_CITED_FIELDS,
    Field("correction_id", "string", "the ids of the corrections against it, joined by |"),
    Field("correction", "string", "what is right, from each correction (one per line)"),
    Field("correction_citations", "string", "JSON: the corrections' citations [{source, locator, terms}]"),
    _CORRECTIONS_FIELD,
    Field("color", "string", "#rrggbb, from the status"), Field("dashed", "boolean"), Field("width", "double"),
)
SOURCE_FIELDS = (
    Field("title", "string"), Field("author", "string"), Field("source_type", "string"), Field("year", "integer"),
    Field("url", "string"), Field("file", "string"), Field("reliability", "string", "high, moderate or low"),
    Field("rationale", "string"), Field("reference", "string"),
)


def hex_color(value: str) -> str:
    """A schema colour (``#rgb``, ``#rrggbb``, ``#rrggbbaa`` or a name) as ``#rrggbb``; grey if unknown.

    >>> hex_color("#abc"), hex_color("red"), hex_color("nonsense")
    ('#aabbcc', '#ff0000', '#888888')
    """
    from matplotlib.colors import to_hex  # imported when an export needs it: the app starts faster
    try:
        return to_hex(value, keep_alpha=False)
    except ValueError:
        return OTHER_COLOR


def rgb(value: str) -> tuple[int, int, int]:
    """A colour as red, green and blue, 0-255.

    >>> rgb("#1f77b4")
    (31, 119, 180)
    """
    code = hex_color(value)
    return int(code[1:3], 16), int(code[3:5], 16), int(code[5:7], 16)


def source_dict(source: Source) -> dict:
    """A source as the JSON interchange format writes it."""
    return {"id": source.id, "title": source.title, "author": source.author, "type": source.type,
            "year": source.year, "url": source.url, "file": source.file, "reliability": source.reliability,
            "rationale": source.rationale, "reference": source.reference}


def year_of(text: str) -> int | None:
    """A source's year as a number, or None when it is empty or not a plain year.

    >>> year_of("2020"), year_of(""), year_of("c. 2020")
    (2020, None, None)
    """
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def format_citations(citations: list[dict]) -> str:
    """Citations as one line of text: ``source L3 [term; term]; source2 Boxed warning``."""
    parts = []
    for c in citations:
        text = " ".join(p for p in (c["source"], c["locator"]) if p)
        if c["terms"]:
            text += " [" + "; ".join(c["terms"]) + "]"
        parts.append(text)
    return "; ".join(parts)


def csv_line(values) -> str:
    """One CSV line: text quoted and neutralised, numbers bare, booleans ``true``/``false``, None empty.

    >>> print(csv_line(["=1+1", 2.5, None, True, 'say "hi" now']), end="")
    "'=1+1",2.5,,true,"say ""hi"" now"
    """
    cells = []
    for value in values:
        if value is None:
            cells.append("")
        elif isinstance(value, bool):
            cells.append("true" if value else "false")
        elif isinstance(value, (int, float)):
            cells.append(repr(value))
        else:
            text = value if isinstance(value, str) and value.isascii() else unicode_text(str(value))
            cells.append('"' + neutralise_cell(text).replace('"', '""') + '"')
    return ",".join(cells) + "\n"


def as_json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def best_reliability(G: nx.MultiDiGraph, citations: list[dict]) -> str:
    """The most reliable level among the cited sources ("" when nothing is cited): why a claim is weak."""
    sources = G.graph["sources"]
    levels = {sources[c["source"]].reliability for c in citations if c["source"] in sources}
    return next((level for level in RELIABILITIES if level in levels), "")


def _cited(G: nx.MultiDiGraph, citations: list[dict]) -> dict:
    ids = dict.fromkeys(c["source"] for c in citations)
    return {"citations": as_json(citations), "cited_sources": "|".join(ids),
            "best_reliability": best_reliability(G, citations)}


def node_records(G: nx.MultiDiGraph, pos: dict) -> dict[str, dict]:
    """Every node's :data:`NODE_FIELDS`, by node id."""
    kinds = G.graph["schema"].node_kinds
    records = {}
    for n, d in G.nodes(data=True):
        kind = kinds.get(d["kind"])
        x, y = pos.get(n, (0.0, 0.0))
        records[n] = {"label": d["label"], "kind": d["kind"], "kind_label": kind.label if kind else d["kind"],
                      "status": d["status"], "aliases": "|".join(d["aliases"]), "description": d["description"],
                      **_cited(G, d["citations"]), "corrections": as_json(d.get("corrections") or []),
                      "x": float(x), "y": float(y), "size": NODE_SIZE,
                      "color": hex_color(kind.color) if kind else OTHER_COLOR, "shape": kind.shape if kind else "dot"}
    return records


def edge_records(G: nx.MultiDiGraph) -> list[tuple[str, str, dict]]:
    """Every claim's :data:`EDGE_FIELDS`, as ``(source, target, record)`` in the graph's order."""
    schema = G.graph["schema"]
    rows = []
    for u, v, k, d in G.edges(keys=True, data=True):
        relation = schema.relations.get(d["relation"])
        style = schema.statuses[d["status"]]
        corrections = _corrections(d)
        rows.append((u, v, {
            "claim_id": k, "relation": d["relation"], "label": relation.label if relation else d["relation"],
            "claim": d["claim"], "qualifier": d["qualifier"], "status": d["status"], **_cited(G, d["citations"]),
            "correction_id": "|".join(c["id"] for c in corrections),
            "correction": "\n".join(c["correction"] for c in corrections),
            "correction_citations": as_json([x for c in corrections for x in c["citations"]]) if corrections else "",
            "corrections": as_json(corrections),
            "color": hex_color(style.color), "dashed": bool(style.dashes), "width": 2.5 if d["status"] == "contradicted" else 1.5,
        }))
    return rows


def _corrections(d: dict) -> list[dict]:
    return d.get("corrections") or ([d["correction"]] if d.get("correction") else [])


def exported_sources(G: nx.MultiDiGraph) -> list[Source]:
    """The sources cited by the nodes, claims and corrections of ``G``, in the order of the data."""
    cited = set(cited_sources(G, G.nodes, (d for _, _, d in G.edges(data=True))))
    return [s for s in G.graph["sources"].values() if s.id in cited]


def source_record(source: Source) -> dict:
    """A source's :data:`SOURCE_FIELDS` (its year a number, or None)."""
    return {"title": source.title, "author": source.author, "source_type": source.type,
            "year": year_of(source.year), "url": source.url, "file": source.file,
            "reliability": source.reliability, "rationale": source.rationale, "reference": source.reference}


def corrections_of(G: nx.MultiDiGraph) -> list[dict]:
    """Every correction in ``G``, of nodes and claims: ``{id, target, correction, citations}``."""
    found = []
    for n, d in G.nodes(data=True):
        found += [{"target": n, **c} for c in d.get("corrections") or []]
    for _, _, k, d in G.edges(keys=True, data=True):
        found += [{"target": k, **c} for c in _corrections(d)]
    return [{"id": c["id"], "target": c["target"], "correction": c["correction"], "citations": c["citations"]}
            for c in found]
