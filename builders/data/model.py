"""The data model: plain, immutable records for sources, nodes, claims and citations.

Everything the builders produce is built from these records. They hold text exactly as the
data files give it; rendering code is responsible for showing that text as text.

Examples
--------
>>> Problem("nodes.csv", 4, "kind", "unknown kind 'drugg'").format()
"nodes.csv:4: kind: unknown kind 'drugg'"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar, Literal, Mapping

STATUSES = ("supported", "weak", "contradicted")
#: Statuses from best to worst evidence: sort by it to put the best-supported first.
STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}
RELIABILITIES = ("high", "moderate", "low")
#: Reliability levels that make a claim `supported` on their own.
TRUSTED_RELIABILITIES = frozenset({"high", "moderate"})

Status = Literal["supported", "weak", "contradicted"]
# Characters a terminal or a spreadsheet would act on: escaped in the names a problem gives.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in the data, located by file, row and field.

    ``row`` counts lines of the CSV file as a spreadsheet shows them: the header is row 1.
    ``row`` is 0 for a problem with the file as a whole. ``severity`` is ``"error"`` (the
    data does not validate) or ``"warning"`` (it validates, but something looks wrong).
    """

    file: str
    row: int
    field: str
    message: str
    severity: str = "error"

    #: The longest field and message a problem holds: messages quote values from the data, cut
    #: short by :func:`builders.data.problems.quote`; this is the last guard.
    MAX_FIELD: ClassVar[int] = 200
    MAX_MESSAGE: ClassVar[int] = 1_000

    def __post_init__(self):
        # Cheap checks first: this runs for every problem, and a bad file can have millions.
        if len(self.message) > self.MAX_MESSAGE:
            object.__setattr__(self, "message", self.message[:self.MAX_MESSAGE - 1] + "…")
        for name in ("file", "field"):
            value = getattr(self, name)
            if len(value) > self.MAX_FIELD or not value.isprintable():
                value = value if len(value) <= self.MAX_FIELD else value[:self.MAX_FIELD - 1] + "…"
                # A file or column name from the data: escape what a terminal or spreadsheet acts on.
                value = _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode(),
                                         value)
                object.__setattr__(self, name, value)

    def format(self) -> str:
        where = f"{self.file}:{self.row}" if self.row else self.file
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {self.field}: {prefix}{self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "field": self.field,
                "severity": self.severity, "message": self.message}


@dataclass(frozen=True)
class NodeKind:
    """A kind of node. ``band`` places it in the graph's reading order (smaller: nearer the top);
    an ``anchor`` kind (the therapies) heads a column of the layout."""

    id: str
    label: str
    color: str
    shape: str
    description: str = ""
    band: int = 0
    anchor: bool = False


@dataclass(frozen=True)
class Relation:
    """A relation of the metagraph, and how the teaching tools read it.

    ``question`` asks for a claim's target and ``inverse_question`` for its source (``{subject}``
    is the other end's label, ``{kind}`` the answer's kind); empty, the quiz words its own.
    ``transitive``: a chain of claims makes a claim too (A can lead to B, B to C: A can lead to C).
    ``sequence``: an order such as "comes before", transitive. ``family``: joins a thing to its
    class, form or part (``is_a``, ``form_of``), so the two ends answer for each other in a quiz.
    ``shared``: its target is something two sources can have in common (a drug two therapies
    use, the class of two drugs), whose effects may be either's: the quiz never offers what the
    data says of one as a wrong answer about the other.
    """

    id: str
    source_kinds: tuple[str, ...]
    target_kinds: tuple[str, ...]
    label: str
    inverse: str
    question: str = ""
    inverse_question: str = ""
    transitive: bool = False
    sequence: bool = False
    family: bool = False
    shared: bool = False

    @property
    def chains(self) -> bool:
        """Whether claims of this relation chain: a sequence, or declared transitive."""
        return self.transitive or self.sequence

    def allows(self, source_kind: str, target_kind: str) -> bool:
        return source_kind in self.source_kinds and target_kind in self.target_kinds


@dataclass(frozen=True)
class CompareRow:
    """One row of the comparison of therapies (``compare:`` in ``schema.yaml``).

    ``follow`` lists the ways from a therapy to the row's items, each a path of relations
    (``("has_step", "has_risk")``: the risks of the therapy's steps; ``"*"`` is any relation).
    ``kinds`` keeps only items of those kinds; ``about`` keeps only claims that mention one of its
    words, ``exclude`` leaves out the claims of other rows; ``show`` is ``"item"`` (the node's
    label) or ``"claim"`` (the claim's own sentence, for rows such as onset).
    """

    id: str
    label: str
    follow: tuple[tuple[str, ...], ...]
    kinds: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    show: str = "item"


@dataclass(frozen=True)
class StatusStyle:
    """How claims of one evidence status are drawn. ``pattern`` is a dash pattern in screen
    pixels (dash, gap, ...); empty for a solid line. Status never rests on colour alone: each
    status has its own pattern, which reads in greyscale too."""

    id: str
    label: str
    color: str
    pattern: tuple[float, ...] = ()
    description: str = ""

    @property
    def dashes(self) -> bool:
        return bool(self.pattern)


@dataclass(frozen=True)
class Schema:
    """The metagraph: node kinds, the relations between them, and display settings."""

    node_kinds: Mapping[str, NodeKind]
    relations: Mapping[str, Relation]
    statuses: Mapping[str, StatusStyle]
    source_types: tuple[str, ...]
    #: The rows of the comparison of therapies; empty when the schema has no ``compare:`` section.
    compare: tuple[CompareRow, ...] = ()


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    type: str
    reliability: str
    rationale: str
    author: str = ""
    year: str = ""
    url: str = ""
    file: str = ""
    reference: str = ""

    @property
    def is_document(self) -> bool:
        """True for a source document whose text is on disk (cited by line)."""
        return bool(self.file)


@dataclass(frozen=True)
class Citation:
    what: str
    source: str
    locator: str = ""
    terms: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"source": self.source, "locator": self.locator, "terms": list(self.terms)}


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str
    description: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Edge:
    """One claim: ``source`` --relation--> ``target``, stated in ``claim``."""

    id: str
    source: str
    relation: str
    target: str
    claim: str
    qualifier: str = ""


@dataclass(frozen=True)
class Correction:
    id: str
    target: str
    correction: str


@dataclass
class Dataset:
    """Everything loaded from one data folder, after validation.

    Rows that failed validation are left out, so a dataset is always consistent: every edge
    joins two known nodes and every citation names a known source.
    """

    schema: Schema
    sources: dict[str, Source]
    nodes: dict[str, Node]
    edges: dict[str, Edge]
    citations: dict[str, list[Citation]]
    corrections: dict[str, Correction]
    #: Correction ids by the id of the node or edge they correct.
    corrections_by_target: dict[str, list[str]] = field(default_factory=dict)

    def citations_of(self, item_id: str) -> list[Citation]:
        return self.citations.get(item_id, [])

    def corrections_of(self, item_id: str) -> list[Correction]:
        return [self.corrections[c] for c in self.corrections_by_target.get(item_id, [])]

    def counts(self) -> dict[str, int]:
        """How many nodes, claims, sources, citations and corrections the dataset holds."""
        return {"nodes": len(self.nodes), "claims": len(self.edges), "sources": len(self.sources),
                "citations": sum(map(len, self.citations.values())), "corrections": len(self.corrections)}


def counts_text(counts: dict[str, int]) -> str:
    """Counts as people read them.

    >>> counts_text({"nodes": 1200, "claims": 3})
    '1,200 nodes, 3 claims'
    """
    return ", ".join(f"{n:,} {what}" for what, n in counts.items())
