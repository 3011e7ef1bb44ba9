"""The Table view's tables as students read them: names first, plain headers, relations and kinds
in words, sources by title. The CSV downloads keep the technical columns (ids, relation keys):
:func:`builders.render.export.claims_frame` and :func:`~builders.render.export.nodes_frame`.

Examples
--------
>>> frame = claims_table(G)
>>> list(frame.columns)[:6]
['From', 'Relation', 'To', 'Claim', 'Evidence', 'Sources']
>>> frame.iloc[0]["Relation"] in {r.label for r in G.graph["schema"].relations.values()}
True
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from .text import cited

CLAIM_COLUMNS = ["From", "Relation", "To", "Claim", "Evidence", "Sources", "Figure or caveat", "Correction"]
NODE_COLUMNS = ["Name", "Kind", "Evidence", "Description", "Also called", "Sources"]
#: What each evidence status means, for the column's help.
EVIDENCE_HELP = ("Supported: a source rated moderate or high backs it. Weak: only sources rated low. "
                 "Contradicted: a vetted reference corrects it (see Correction).")


def sources_text(G: nx.MultiDiGraph, citations: list[dict]) -> str:
    """Citations as people read them: each source's title and reliability, and where in it.

    >>> sources_text(G, [{"source": "cdc-2022-opioids", "locator": "", "terms": []}])[:40]
    'CDC Clinical Practice Guideline for Pres'
    """
    parts = []
    for citation in citations:
        found = cited(G, citation)
        where = f", {found.locator}" if found.locator else ""
        parts.append(f"{found.title} ({found.reliability or 'unrated'}){where}")
    return "; ".join(dict.fromkeys(parts))


def claims_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per claim: from, relation (in words), to, the claim, its evidence and sources."""
    relations = G.graph["schema"].relations
    rows = []
    for u, v, d in G.edges(data=True):
        relation = relations[d["relation"]].label if d["relation"] in relations else d["relation"].replace("_", " ")
        rows.append([G.nodes[u]["label"], relation, G.nodes[v]["label"], d["claim"], d["status"].capitalize(),
                     sources_text(G, d["citations"]), d["qualifier"],
                     " ".join(c["correction"] for c in d.get("corrections", []))])
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


def nodes_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per node: its name, kind (in words), evidence, description, other names and sources."""
    kinds = G.graph["schema"].node_kinds
    rows = [[d["label"], kinds[d["kind"]].label if d["kind"] in kinds else d["kind"].replace("_", " "),
             d["status"].capitalize(), d["description"], ", ".join(d["aliases"]), sources_text(G, d["citations"])]
            for _, d in G.nodes(data=True)]
    return pd.DataFrame(rows, columns=NODE_COLUMNS)
