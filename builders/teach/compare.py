"""Compare therapies side by side: a matrix whose columns are 2-4 therapies and whose rows are
route and delivery, drugs, conditions treated, risks, steps of care, care setting, onset and
figures.

Which claims fill which row is decided in one place, :data:`ROWS`: each row lists the links that
lead from a therapy to the row's items. A link is a relation, optionally reached through a first
hop (a therapy's care setting is usually the setting of one of its steps). Every item keeps the
claims that put it there, so the app can show their citations, and gets the best evidence status
among its ways in (a way through a hop is only as strong as its weaker claim).

Examples
--------
>>> chosen = therapies(G)[:2]
>>> matrix = compare(G, chosen)
>>> [row.label for row in matrix.rows][:3]
['Route and delivery', 'Drugs', 'Conditions treated']
>>> all(item.status in ("supported", "weak", "contradicted")
...     for row in matrix.rows for t in chosen for item in matrix.cell(row.id, t))
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

from ..data.model import STATUS_RANK
from ..graph.queries import cited_sources, edge_by_id
from ..render.export import format_citations
from ..render.text import evidence_of

THERAPY_KIND = "therapy"
MIN_THERAPIES, MAX_THERAPIES = 2, 4
#: Words that make a claim about how soon a therapy works (its onset) rather than another figure.
#: Phrases about speed of effect only: a bare "slow" would catch "slows breathing".
ONSET_WORDS = re.compile(r"\bonset\b|\bsooner\b|\bfaster\b|\bslower\b|\bmore (slowly|quickly)\b|"
                         r"\bimmediate(ly)?\b|\btakes? effect\b|\btakes? (some )?time\b|\bdelay(ed)?\b|"
                         r"\bstarts? (to work|working)\b", re.IGNORECASE)
SHARED, UNIQUE = "shared", "unique"
MARK_TEXT = {SHARED: "shared by all", UNIQUE: "only this one", "": ""}


@dataclass(frozen=True)
class Link:
    """One way from a therapy to a row's items.

    ``relation`` is the claim's relation (``None``: any relation); ``via`` a relation walked first
    (therapy --via--> step --relation--> item); ``kinds`` keeps only items of those kinds;
    ``onset`` keeps only claims about onset (``True``) or only the others (``False``).
    """

    relation: str | None
    via: str | None = None
    kinds: frozenset[str] = frozenset()
    onset: bool | None = None


@dataclass(frozen=True)
class Row:
    """One row of the matrix. ``show_claims``: the claim itself is the point (onset: "acts
    sooner than tablets"), so each item carries its claim's text as ``detail``."""

    id: str
    label: str
    links: tuple[Link, ...]
    show_claims: bool = False


#: The matrix rows and the relations that fill them (outgoing claims of the therapy).
ROWS: tuple[Row, ...] = (
    Row("route", "Route and delivery", (Link("delivered_via"), Link("uses_device"))),
    Row("drugs", "Drugs", (Link("uses_drug"),)),
    Row("conditions", "Conditions treated", (Link("treats"), Link("reduces", kinds=frozenset({"condition"})))),
    Row("risks", "Risks and side effects", (Link("has_risk"), Link("has_risk", via="uses_device"),
                                            Link("has_risk", via="has_step"))),
    Row("steps", "Steps of care", (Link("has_step"),)),
    Row("setting", "Care setting", (Link("given_in"), Link("performed_by"), Link("given_in", via="has_step"),
                                    Link("performed_by", via="has_step"))),
    Row("onset", "Onset", (Link(None, onset=True), Link(None, via="has_step", onset=True)), show_claims=True),
    Row("figures", "Figures", (Link("has_figure", onset=False), Link("has_figure", via="has_step", onset=False))),
)

@dataclass(frozen=True)
class Item:
    """One entry of a cell: a node, its evidence status, and the claims that put it there.

    ``via`` names the intermediate nodes (e.g. the step whose setting this is); ``mark`` is
    ``"shared"`` (every chosen therapy has it in this row), ``"unique"`` (only this one) or ``""``.
    """

    node: str
    label: str
    kind: str
    status: str
    claims: tuple[str, ...]
    via: tuple[str, ...] = ()
    mark: str = ""
    detail: str = ""


@dataclass
class Matrix:
    therapies: tuple[str, ...]
    rows: tuple[Row, ...]
    cells: dict[tuple[str, str], tuple[Item, ...]] = field(default_factory=dict)

    def cell(self, row_id: str, therapy: str) -> tuple[Item, ...]:
        return self.cells.get((row_id, therapy), ())


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


def _is_onset(G: nx.MultiDiGraph, target: str, data: dict) -> bool:
    text = " ".join((G.nodes[target]["label"], data["claim"], data["qualifier"]))
    return bool(ONSET_WORDS.search(text))


def _outgoing(G: nx.MultiDiGraph, node: str, relation: str | None):
    """Outgoing claims of ``node`` (of one relation, or all): ``(target, claim id, data)``."""
    for _, target, key, data in G.out_edges(node, keys=True, data=True):
        if relation is None or data["relation"] == relation:
            yield target, key, data


def _follow(G: nx.MultiDiGraph, therapy: str, link: Link):
    """Every way ``link`` leads from the therapy: ``(item, claim ids, via nodes, status)``."""
    starts = [(therapy, (), (), "supported")]
    if link.via:
        starts = [(mid, (key,), (mid,), data["status"]) for mid, key, data in _outgoing(G, therapy, link.via)]
    for start, claims, via, status in starts:
        for target, key, data in _outgoing(G, start, link.relation):
            if link.kinds and G.nodes[target]["kind"] not in link.kinds:
                continue
            if link.onset is not None and _is_onset(G, target, data) != link.onset:
                continue
            if target == therapy:
                continue
            worst = max(status, data["status"], key=STATUS_RANK.__getitem__)
            yield target, claims + (key,), via, worst


def compare(G: nx.MultiDiGraph, chosen, rows: tuple[Row, ...] = ROWS) -> Matrix:
    """The comparison matrix of the chosen therapies.

    Raises ``ValueError`` with the messages of :func:`check_choice` for a choice it cannot show.
    """
    chosen = tuple(chosen)
    problems = check_choice(G, chosen)
    if problems:
        raise ValueError(" ".join(problems))
    matrix = Matrix(chosen, tuple(rows))
    for row in rows:
        found: dict[str, dict[str, dict]] = {t: {} for t in chosen}
        for therapy in chosen:
            for link in row.links:
                for target, claims, via, status in _follow(G, therapy, link):
                    entry = found[therapy].setdefault(target, {"claims": [], "via": [], "status": status})
                    entry["claims"] += [c for c in claims if c not in entry["claims"]]
                    entry["via"] += [v for v in via if v not in entry["via"]]
                    entry["status"] = min(entry["status"], status, key=STATUS_RANK.__getitem__)
        counts: dict[str, int] = {}
        for therapy in chosen:
            for target in found[therapy]:
                counts[target] = counts.get(target, 0) + 1
        for therapy in chosen:
            items = []
            for target, entry in found[therapy].items():
                mark = SHARED if counts[target] == len(chosen) else UNIQUE if counts[target] == 1 else ""
                d = G.nodes[target]
                detail = " ".join(_claim_text(G, therapy, target, entry["claims"])) if row.show_claims else ""
                items.append(Item(target, d["label"], d["kind"], entry["status"], tuple(entry["claims"]),
                                  tuple(G.nodes[v]["label"] for v in entry["via"]), mark, detail))
            items.sort(key=lambda i: (i.mark != SHARED, STATUS_RANK[i.status], i.label.casefold()))
            matrix.cells[(row.id, therapy)] = tuple(items)
    return matrix


def _claim_text(G: nx.MultiDiGraph, therapy: str, target: str, claims: list[str]) -> list[str]:
    """The sentences of the claims that end at ``target`` (not the first hop of a chain)."""
    return [d["claim"] for u, v, k, d in G.in_edges(target, keys=True, data=True) if k in claims]


def item_citations(G: nx.MultiDiGraph, item: Item, index: dict | None = None) -> list[str]:
    """The claims behind an item, each followed by its citations (and any correction), as text."""
    index = index if index is not None else edge_by_id(G)
    lines = []
    for claim in item.claims:
        data = index[claim][2]
        lines.append(f"Claim ({data['status']}): {data['claim']}")
        lines += evidence_of(G, data).lines(status=False, qualifier=False)
    return lines


def item_text(item: Item) -> str:
    """An item as one line of text: label, status, via, mark.

    >>> item_text(Item("h", "Hospital", "care_setting", "supported", ("e",), ("Stay",), "shared"))
    'Hospital [supported] (via Stay) — shared by all'
    """
    text = f"{item.label} [{item.status}]"
    text += f" (via {', '.join(item.via)})" * bool(item.via) + f" — {MARK_TEXT[item.mark]}" * bool(item.mark)
    return text + f": {item.detail}" * bool(item.detail)


def matrix_frame(G: nx.MultiDiGraph, matrix: Matrix) -> pd.DataFrame:
    """The matrix in long form, one row per item, for CSV: its claims and citations as text.

    Pass it through :func:`builders.export.safe_csv` before writing it.
    """
    index = edge_by_id(G)
    records = []
    for row in matrix.rows:
        for therapy in matrix.therapies:
            for item in matrix.cell(row.id, therapy):
                claims = [index[c] for c in item.claims]
                records.append({
                    "row": row.label, "therapy": G.nodes[therapy]["label"], "item": item.label, "kind": item.kind,
                    "status": item.status, "shared_or_unique": MARK_TEXT[item.mark], "via": "; ".join(item.via),
                    "claims": " | ".join(d["claim"] for _, _, d in claims),
                    "citations": "; ".join(format_citations(d["citations"]) for _, _, d in claims),
                    "corrections": " | ".join(c["correction"] for _, _, d in claims for c in d["corrections"]),
                })
    return pd.DataFrame(records, columns=["row", "therapy", "item", "kind", "status", "shared_or_unique", "via",
                                          "claims", "citations", "corrections"])


def matrix_table(G: nx.MultiDiGraph, matrix: Matrix) -> pd.DataFrame:
    """The matrix as it reads: rows by therapies, each cell its items one per line."""
    data = {G.nodes[t]["label"]: ["\n".join(item_text(i) for i in matrix.cell(row.id, t)) or "—"
                                  for row in matrix.rows] for t in matrix.therapies}
    return pd.DataFrame(data, index=[row.label for row in matrix.rows])


def matrix_sources(G: nx.MultiDiGraph, matrix: Matrix) -> list[str]:
    """The ids of the sources cited by the matrix's claims (corrections included)."""
    index = edge_by_id(G)
    claims = {claim for items in matrix.cells.values() for item in items for claim in item.claims}
    return cited_sources(G, (), (index[c][2] for c in sorted(claims)))
