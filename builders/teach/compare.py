"""Compare therapies side by side: a matrix whose columns are 2-4 therapies and whose rows are
what the schema's ``compare:`` section lists (route, how it works, drugs, conditions, risks,
steps, who gives it, where, onset, figures, ...).

Each row follows relations out of a therapy to its items (:class:`~builders.data.model.CompareRow`):
a relation, or a path of them (the risks of the therapy's steps). Every item keeps the claims
that put it there, so the app can show their citations on demand, and gets the best evidence
status among its ways in (a way through a hop is only as strong as its weaker claim). A schema
without ``compare:`` gets one row per relation that leaves the chosen therapies.

Marks say something only where they do: an item two or more of the chosen therapies share is
marked ``shared``; an item only one has is marked ``unique`` only in a cell where such items are
the exception. An item whose claim or node is not supported is *flagged*: it is shown apart,
never as a plain fact.

Examples
--------
>>> chosen = ["intrathecal-pump", "oral-opioids", "iv-infusion-therapy"]
>>> matrix = compare(G, chosen)
>>> [row.label for row in matrix.shown_rows()][:3]
['Route and delivery', 'How it works', 'Drugs']
>>> [i.label for i in matrix.cell("who", "iv-infusion-therapy")]
['Pain management specialist', 'Trained infusion staff']
>>> [i.text for i in matrix.cell("onset", "iv-infusion-therapy")][0][:39]
'Because the drug goes straight into the'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import networkx as nx

from ..data.model import STATUS_RANK, CompareRow
from ..graph.queries import cited_sources, edge_by_id
from ..render.export import format_citations
from ..render.text import evidence_of

if TYPE_CHECKING:
    import pandas as pd

THERAPY_KIND = "therapy"
MIN_THERAPIES, MAX_THERAPIES = 2, 4
ANY = "*"
SHARED, UNIQUE = "shared", "unique"


@dataclass(frozen=True)
class Item:
    """One entry of a cell: a node, its evidence status, and the claims that put it there.

    ``via`` names the intermediate nodes (e.g. the step whose setting this is); ``shared_with``
    the other chosen therapies that have it in this row; ``mark`` is ``"shared"``, ``"unique"``
    or ``""`` (see the module's docstring); ``detail`` is the claim's sentence in a row that shows
    claims; ``node_status`` the status of the node itself.
    """

    node: str
    label: str
    kind: str
    status: str
    claims: tuple[str, ...]
    via: tuple[str, ...] = ()
    mark: str = ""
    detail: str = ""
    shared_with: tuple[str, ...] = ()
    node_status: str = "supported"

    @property
    def text(self) -> str:
        """What the cell shows: the claim's sentence in a row of claims, else the item's label."""
        return self.detail or self.label

    @property
    def flagged(self) -> bool:
        """Weak or contradicted, as a claim or as a node: never shown as a plain fact."""
        return self.status != "supported" or self.node_status != "supported"


@dataclass
class Matrix:
    therapies: tuple[str, ...]
    rows: tuple[CompareRow, ...]
    cells: dict[tuple[str, str], tuple[Item, ...]] = field(default_factory=dict)

    def cell(self, row_id: str, therapy: str) -> tuple[Item, ...]:
        return self.cells.get((row_id, therapy), ())

    def shown_rows(self) -> tuple[CompareRow, ...]:
        """The rows with at least one item for one of the therapies."""
        return tuple(row for row in self.rows if any(self.cell(row.id, t) for t in self.therapies))

    def empty_rows(self) -> tuple[CompareRow, ...]:
        return tuple(row for row in self.rows if row not in self.shown_rows())


def therapies(G: nx.MultiDiGraph) -> list[str]:
    """The therapy nodes, most connected first (the best-documented ones are the usual picks)."""
    found = [n for n, d in G.nodes(data=True) if d["kind"] == THERAPY_KIND]
    return sorted(found, key=lambda n: (-G.degree(n), G.nodes[n]["label"].casefold(), n))


def check_choice(G: nx.MultiDiGraph, chosen) -> list[str]:
    """Messages for a choice the matrix cannot show; empty when 2-4 known therapies are chosen.

    >>> check_choice(nx.MultiDiGraph(), ["x"])
    ['Pick 2 to 4 therapies to compare (1 picked).', "'x' is not a therapy of this dataset."]
    """
    messages = []
    if not MIN_THERAPIES <= len(chosen) <= MAX_THERAPIES:
        messages.append(f"Pick {MIN_THERAPIES} to {MAX_THERAPIES} therapies to compare ({len(chosen)} picked).")
    for node in chosen:
        if node not in G or G.nodes[node]["kind"] != THERAPY_KIND:
            messages.append(f"{node!r} is not a therapy of this dataset.")
    if len(set(chosen)) < len(chosen):
        messages.append("A therapy is chosen more than once; compare different therapies.")
    return messages


def rows_of(G: nx.MultiDiGraph, chosen) -> tuple[CompareRow, ...]:
    """The schema's ``compare:`` rows; without them, one row per relation leaving the therapies."""
    schema = G.graph["schema"]
    if schema.compare:
        return tuple(schema.compare)
    used = sorted({d["relation"] for t in chosen for _, _, d in G.out_edges(t, data=True)})
    return tuple(CompareRow(r, schema.relations[r].label.capitalize(), ((r,),)) for r in used
                 if r in schema.relations)


@lru_cache(maxsize=64)
def words_pattern(words: tuple[str, ...]) -> re.Pattern:
    r"""Whole words or phrases, any case: ``("onset", "takes effect")`` finds "Takes effect" but
    not "slows".

    >>> bool(words_pattern(("slower",)).search("opioids slow breathing"))
    False
    """
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def _mentions(G: nx.MultiDiGraph, target: str, data: dict, words: tuple[str, ...]) -> bool:
    text = " ".join((G.nodes[target]["label"], data["claim"], data["qualifier"]))
    return bool(words_pattern(words).search(text))


def _follow(G: nx.MultiDiGraph, therapy: str, path: tuple[str, ...]):
    """Every way a path of relations leads from the therapy: ``(item, claim ids, via nodes, status, last claim)``."""
    ways = [(therapy, (), (), "supported", None)]
    for hop, relation in enumerate(path):
        ways = [(target, claims + (key,), via + ((node,) if hop else ()), max(status, data["status"],
                 key=STATUS_RANK.__getitem__), data)
                for node, claims, via, status, _ in ways
                for _, target, key, data in G.out_edges(node, keys=True, data=True)
                if relation == ANY or data["relation"] == relation]
    return [w for w in ways if w[0] != therapy]


def _row_claims(G: nx.MultiDiGraph, row: CompareRow, therapy: str) -> dict[str, dict]:
    """The row's items for one therapy, before ``exclude``: ``{node: {claims, via, status, last}}``."""
    found: dict[str, dict] = {}
    for path in row.follow:
        for target, claims, via, status, data in _follow(G, therapy, path):
            if row.kinds and G.nodes[target]["kind"] not in row.kinds:
                continue
            if row.about and not _mentions(G, target, data, row.about):
                continue
            entry = found.setdefault(target, {"claims": [], "via": [], "status": status, "last": set()})
            entry["claims"] += [c for c in claims if c not in entry["claims"]]
            entry["via"] += [v for v in via if v not in entry["via"]]
            entry["last"].add(claims[-1])
            entry["status"] = min(entry["status"], status, key=STATUS_RANK.__getitem__)
    return found


def compare(G: nx.MultiDiGraph, chosen, rows: tuple[CompareRow, ...] | None = None) -> Matrix:
    """The comparison matrix of the chosen therapies.

    Raises ``ValueError`` with the messages of :func:`check_choice` for a choice it cannot show.
    """
    chosen = tuple(chosen)
    problems = check_choice(G, chosen)
    if problems:
        raise ValueError(" ".join(problems))
    rows = rows_of(G, chosen) if rows is None else tuple(rows)
    matrix = Matrix(chosen, rows)
    raw = {(row.id, t): _row_claims(G, row, t) for row in rows for t in chosen}
    for row in rows:
        excluded = {c for other in row.exclude for t in chosen for e in raw.get((other, t), {}).values()
                    for c in e["last"]}
        found = {t: {n: e for n, e in raw[(row.id, t)].items() if not e["last"] <= excluded} for t in chosen}
        for therapy in chosen:
            matrix.cells[(row.id, therapy)] = _cell(G, row, therapy, found)
    return matrix


def _cell(G: nx.MultiDiGraph, row: CompareRow, therapy: str, found: dict[str, dict]) -> tuple[Item, ...]:
    """One cell's items with their marks: shared when others have them, unique where rare."""
    others = {node: tuple(G.nodes[t]["label"] for t in found if t != therapy and node in found[t])
              for node in found[therapy]}
    overlap = any(len(found[t]) and set(found[t]) & set(found[u]) for t in found for u in found if t != u)
    lonely = sum(not shared for shared in others.values())
    items = []
    for node, entry in found[therapy].items():
        mark = SHARED if others[node] else UNIQUE if overlap and 2 * lonely < len(others) else ""
        d = G.nodes[node]
        detail = " ".join(_claim_text(G, node, entry["last"])) if row.show == "claim" else ""
        items.append(Item(node, d["label"], d["kind"], entry["status"], tuple(entry["claims"]),
                          tuple(G.nodes[v]["label"] for v in entry["via"]), mark, detail, others[node],
                          d["status"]))
    items.sort(key=lambda i: (i.flagged, i.mark != SHARED, STATUS_RANK[i.status], i.text.casefold()))
    return tuple(items)


def _claim_text(G: nx.MultiDiGraph, target: str, claims: set[str]) -> list[str]:
    """The sentences of the claims that end at ``target`` (the last hop of each way)."""
    return [d["claim"] for _, _, k, d in sorted(G.in_edges(target, keys=True, data=True), key=lambda e: e[2])
            if k in claims]


def mark_text(item: Item, therapies_count: int) -> str:
    """The mark in words: "shared by all", "also in Oral opioids", "only this one", or "".

    >>> mark_text(Item("h", "Hospital", "care_setting", "supported", ("e",), shared_with=("B",), mark="shared"), 3)
    'also in B'
    """
    if item.mark == SHARED:
        return "shared by all" if len(item.shared_with) == therapies_count - 1 else f"also in {', '.join(item.shared_with)}"
    return "only this one" if item.mark == UNIQUE else ""


def item_text(item: Item, therapies_count: int = 2) -> str:
    """An item as one line of text: what it shows, its status, via, mark.

    >>> item_text(Item("h", "Hospital", "care_setting", "supported", ("e",), ("Stay",), "shared", shared_with=("B",)))
    'Hospital [supported] (via Stay) — shared by all'
    """
    text = f"{item.text} [{item.status if item.node_status == 'supported' else item.node_status}]"
    mark = mark_text(item, therapies_count)
    return text + f" (via {', '.join(item.via)})" * bool(item.via) + f" — {mark}" * bool(mark)


def item_citations(G: nx.MultiDiGraph, item: Item, index: dict | None = None) -> list[str]:
    """The claims behind an item, each followed by its citations (and any correction), as text."""
    index = index if index is not None else edge_by_id(G)
    lines = []
    for claim in item.claims:
        data = index[claim][2]
        lines.append(f"Claim ({data['status']}): {data['claim']}")
        lines += evidence_of(G, data).lines(status=False, qualifier=False)
    return lines


def matrix_frame(G: nx.MultiDiGraph, matrix: Matrix) -> pd.DataFrame:
    """The matrix in long form, one row per item, for CSV: its claims and citations as text.

    Pass it through :func:`builders.escape.safe_csv` before writing it.
    """
    import pandas as pd  # imported when a table is made: the app starts faster without it
    index = edge_by_id(G)
    records = []
    for row in matrix.rows:
        for therapy in matrix.therapies:
            for item in matrix.cell(row.id, therapy):
                claims = [index[c] for c in item.claims]
                records.append({
                    "row": row.label, "therapy": G.nodes[therapy]["label"], "item": item.label, "kind": item.kind,
                    "status": item.status, "node_status": item.node_status,
                    "shared_or_unique": mark_text(item, len(matrix.therapies)), "via": "; ".join(item.via),
                    "claims": " | ".join(d["claim"] for _, _, d in claims),
                    "citations": "; ".join(format_citations(d["citations"]) for _, _, d in claims),
                    "corrections": " | ".join(c["correction"] for _, _, d in claims for c in d["corrections"]),
                })
    return pd.DataFrame(records, columns=["row", "therapy", "item", "kind", "status", "node_status",
                                          "shared_or_unique", "via", "claims", "citations", "corrections"])


def matrix_table(G: nx.MultiDiGraph, matrix: Matrix) -> pd.DataFrame:
    """The matrix as it reads: rows by therapies, each cell its items one per line."""
    import pandas as pd
    count = len(matrix.therapies)
    data = {G.nodes[t]["label"]: ["\n".join(item_text(i, count) for i in matrix.cell(row.id, t)) or "—"
                                  for row in matrix.rows] for t in matrix.therapies}
    return pd.DataFrame(data, index=[row.label for row in matrix.rows])


def matrix_sources(G: nx.MultiDiGraph, matrix: Matrix) -> list[str]:
    """The ids of the sources cited by the matrix's claims (corrections included)."""
    index = edge_by_id(G)
    claims = {claim for items in matrix.cells.values() for item in items for claim in item.claims}
    return cited_sources(G, (), (index[c][2] for c in sorted(claims)))
