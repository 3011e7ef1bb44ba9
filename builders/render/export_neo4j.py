"""The Neo4j export: a folder of CSV files with bulk-import headers, and a ``load.cypher`` script.

``neo4j-admin database import full`` reads the headers (``id:ID(Node)``, ``:LABEL``,
``:START_ID(Node)``, ``:END_ID(Node)``, ``:TYPE``, typed fields such as ``year:int``,
``x:double`` and ``aliases:string[]``); ``load.cypher`` does the same import with ``LOAD CSV``.
What the folder holds:

==============================  =====================================================
``nodes.csv``                   every node, labelled ``Node`` and its kind (``Node|Therapy``)
``sources.csv``                 the cited sources (``Source``), with their reliability
``corrections.csv``             every correction (``Correction``), with its citations as JSON
``claims.csv``                  the claims: one relationship each, typed by relation
                                (``USES_DRUG``), with status, sources and citations
``node_citations.csv``          ``(Node)-[:CITES {locator, terms}]->(Source)``
``correction_citations.csv``    ``(Correction)-[:CITES]->(Source)``
``corrects.csv``                ``(Correction)-[:CORRECTS]->(Node)`` for corrected nodes; a
                                corrected claim names its corrections in ``correction_id``
==============================  =====================================================

Arrays are joined by ``|`` (import with ``--array-delimiter='|'``): ids, aliases and evidence
terms never hold one. Every text cell is quoted, and neutralised like every CSV cell we write.

Examples
--------
>>> neo4j_label("drug_class"), relationship_type("uses-drug")
('DrugClass', 'USES_DRUG')
>>> header(Field("year", "integer")), header(Field("aliases", "string"))
('year:int', 'aliases:string[]')
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from string import Template

import networkx as nx

from ..escape import cypher_string
from .export_records import (EDGE_FIELDS, NODE_FIELDS, SOURCE_FIELDS, Field, as_json, corrections_of,
                             csv_line, edge_records, exported_sources, node_records, source_record)

NEO4J_TYPES = {"string": "", "integer": ":int", "double": ":double", "boolean": ":boolean"}
#: Fields holding several values joined by ``|``: written as ``string[]``.
ARRAYS = {"aliases", "cited_sources", "correction_id", "terms"}
#: Labels of our own, which a node kind's label must not take.
RESERVED_LABELS = {"Node", "Source", "Correction"}
IMPORT_COMMAND = ("neo4j-admin database import full neo4j --overwrite-destination "
                  "--array-delimiter='|' --multiline-fields=true "
                  "--nodes=import/nodes.csv --nodes=import/sources.csv --nodes=import/corrections.csv "
                  "--relationships=import/claims.csv --relationships=import/node_citations.csv "
                  "--relationships=import/correction_citations.csv --relationships=import/corrects.csv")


def neo4j_label(kind: str) -> str:
    """A node kind as a Neo4j label: letters and digits in PascalCase, never one of ours."""
    words = re.findall(r"[A-Za-z0-9]+", kind)
    label = "".join(w[:1].upper() + w[1:] for w in words) or "Kind"
    label = "K" + label if label[0].isdigit() else label
    return label + "Kind" if label in RESERVED_LABELS else label


def relationship_type(relation: str) -> str:
    """A relation id as a Neo4j relationship type, in UPPER_SNAKE_CASE."""
    name = "_".join(re.findall(r"[A-Za-z0-9]+", relation)).upper() or "RELATES_TO"
    return "R_" + name if name[0].isdigit() else name


def header(f: Field) -> str:
    return f.name + (":string[]" if f.name in ARRAYS else NEO4J_TYPES[f.type])


def _table(columns: list[str], rows) -> str:
    return ",".join(columns) + "\n" + "".join(csv_line(row) for row in rows)


def _tables(G: nx.MultiDiGraph, pos: dict) -> dict[str, str]:
    nodes = node_records(G, pos)
    node_fields = NODE_FIELDS
    claims = edge_records(G)
    corrections = corrections_of(G)
    citing = [(n, c) for n, d in G.nodes(data=True) for c in d["citations"]]
    return {
        "nodes.csv": _table(["id:ID(Node)", *map(header, node_fields), ":LABEL"],
                            ([n, *(r[f.name] for f in node_fields), f"Node|{neo4j_label(r['kind'])}"]
                             for n, r in nodes.items())),
        "sources.csv": _table(["id:ID(Source)", *map(header, SOURCE_FIELDS), ":LABEL"],
                              ([s.id, *source_record(s).values(), "Source"] for s in exported_sources(G))),
        "corrections.csv": _table(["id:ID(Correction)", "target", "correction", "citations", ":LABEL"],
                                  ([c["id"], c["target"], c["correction"], as_json(c["citations"]), "Correction"]
                                   for c in corrections)),
        "claims.csv": _table([":START_ID(Node)", ":END_ID(Node)", ":TYPE", *map(header, EDGE_FIELDS)],
                             ([u, v, relationship_type(r["relation"]), *(r[f.name] for f in EDGE_FIELDS)]
                              for u, v, r in claims)),
        "node_citations.csv": _table([":START_ID(Node)", ":END_ID(Source)", ":TYPE", "locator", "terms:string[]"],
                                     ([n, c["source"], "CITES", c["locator"], "|".join(c["terms"])]
                                      for n, c in citing)),
        "correction_citations.csv": _table(
            [":START_ID(Correction)", ":END_ID(Source)", ":TYPE", "locator", "terms:string[]"],
            ([c["id"], x["source"], "CITES", x["locator"], "|".join(x["terms"])]
             for c in corrections for x in c["citations"])),
        "corrects.csv": _table([":START_ID(Correction)", ":END_ID(Node)", ":TYPE"],
                               ([c["id"], c["target"], "CORRECTS"] for c in corrections if c["target"] in G)),
    }


def _property(f: Field) -> str:
    column = f"row.`{header(f)}`"
    if f.name in ARRAYS:
        value = f"CASE WHEN coalesce({column}, '') = '' THEN [] ELSE split({column}, '|') END"
    elif f.type == "double":
        value = f"toFloat({column})"
    elif f.type == "boolean":
        value = f"{column} = 'true'"
    else:
        value = column
    return f"{f.name}: {value}"


def load_cypher(G: nx.MultiDiGraph) -> str:
    """The ``LOAD CSV`` script: the template in ``assets/load.cypher``, with a statement per node kind
    and per relationship type (Cypher cannot take a label or a type from a column)."""
    kinds = sorted({d["kind"] for _, d in G.nodes(data=True)})
    labels = "\n".join(f"MATCH (n:Node) WHERE n.kind = {cypher_string(k)} SET n:{neo4j_label(k)};" for k in kinds)
    properties = ", ".join(_property(f) for f in EDGE_FIELDS)
    types = sorted({relationship_type(d["relation"]) for _, _, d in G.edges(data=True)})
    claims = "\n\n".join(
        "LOAD CSV WITH HEADERS FROM 'file:///claims.csv' AS row\n"
        f"WITH row WHERE row.`:TYPE` = {cypher_string(t)}\n"
        "MATCH (a:Node {id: row.`:START_ID(Node)`}), (b:Node {id: row.`:END_ID(Node)`})\n"
        f"CREATE (a)-[:{t} {{{properties}}}]->(b);" for t in types)
    template = Template(resources.files(__package__).joinpath("assets/load.cypher").read_text(encoding="utf-8"))
    return template.substitute(NODE_LABELS=labels, CLAIM_TYPES=claims)


def readme_text() -> str:
    """How to load the folder, in a README.txt beside the files."""
    return ("Pain Atlas for Neo4j (educational, not medical advice).\n\n"
            "Bulk import into a new, empty database (Neo4j 5; copy the files into the import folder first):\n\n"
            f"  bin/{IMPORT_COMMAND}\n\n"
            "Or, into a running database, with LOAD CSV:\n\n"
            "  cypher-shell -u neo4j -p PASSWORD -f load.cypher\n")


def write_neo4j_folder(G: nx.MultiDiGraph, pos: dict, out: Path) -> list[Path]:
    """Write the Neo4j folder; returns its files."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = {**_tables(G, pos), "load.cypher": load_cypher(G), "README.txt": readme_text()}
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8", newline="")
    return [out / name for name in files]
