"""Synthetic datasets for tests and benchmarks, in exactly the format of ``graph_data/``.

:func:`synthesize` writes a folder that ``pain-atlas validate`` accepts with no problem at all:
the bundled ``schema.yaml``, the five CSV files, and a few generated source documents in
``sources/`` whose lines the citations quote. The graph grows by preferential attachment, so a
few nodes (therapies above all) become hubs and most stay leaves, with about three claims per
node. The content is nonsense on purpose: coined names, never real medical information.

The output depends only on the seed and the number of nodes: one ``random.Random(seed)`` drives
everything, so the same arguments give byte-identical files.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     stats = synthesize(300, tmp, seed=7)
>>> stats.nodes, 2.7 < stats.claims / stats.nodes < 3.3
(300, True)
"""

from __future__ import annotations

import csv
import random
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from ..data.files import DEFAULT_DATA_DIR, SCHEMA_FILE
from ..data.model import Schema
from ..data.schema import load_schema
from ..data.tables import TABLES, columns_of

#: How common each kind is among new nodes; a kind the schema adds later gets weight 1.
KIND_WEIGHTS = {"drug": 18, "condition": 18, "risk": 14, "procedure_step": 10, "figure": 10, "therapy": 6,
                "drug_class": 5, "device": 5, "route": 5, "professional": 4, "care_setting": 3}
#: Extra attractiveness of a new node: therapies, settings and professionals draw many claims,
#: as in the curated graph, so they grow into the hubs.
KIND_PULL = {"therapy": 12, "care_setting": 6, "professional": 6, "drug_class": 4, "device": 2}
#: Claims a new node makes to older nodes: 1-5, mean 3.
NEW_CLAIMS = (1, 2, 3, 4, 5)
SECOND_CITATION_RATE = 0.2
LOW_PRIMARY_RATE = 0.3          # about a quarter of the items end up weak
CORRECTION_RATE = 0.02
QUALIFIER_RATE = 0.1
DOCUMENT_LINES = 400

# (id, title, type, reliability, has a text file): documents are cited by line, references by section.
SOURCES = [
    ("synth-blog-a", "A pain blog", "blog", "low", True),
    ("synth-news-b", "A health news story", "news", "low", True),
    ("synth-leaflet-c", "A patient leaflet", "patient education", "moderate", True),
    ("synth-clinic-d", "A clinic's web page", "hospital marketing", "moderate", True),
    ("synth-review-e", "A narrative review", "review", "high", True),
    ("synth-guideline-f", "A practice guideline", "guideline", "high", False),
    ("synth-label-g", "A drug label", "drug label", "high", False),
    ("synth-textbook-h", "A reference textbook", "reference work", "high", False),
    ("synth-trial-i", "A randomised trial", "trial", "moderate", False),
]
REFERENCE_LOCATORS = ("", "Table 2", "Table 3", "Section 4", "Boxed warning", "Chapter 7")

SYLLABLES = ("ba", "cor", "del", "fen", "gal", "lor", "mi", "nex", "pra", "quin", "ro", "sal", "tem", "va",
             "xi", "zor", "ka", "lu", "mor", "ne", "pi", "ran", "su", "ti", "vel", "do", "ar", "is", "on", "ul")
LABEL_TEMPLATES = {
    "therapy": ("{} infusion therapy", "{} pump therapy", "{} nerve block", "{} stimulation"),
    "drug": ("{}caine", "{}done", "{}profen", "{}tadol", "{}mine"),
    "drug_class": ("{} analgesics", "{}-type agonists", "{} blockers"),
    "condition": ("{} syndrome", "{} neuropathy", "Chronic {} pain"),
    "risk": ("{} reaction", "{} toxicity", "{} site infection"),
    "procedure_step": ("{} assessment", "{} trial dose", "{} follow-up visit", "{} refill"),
    "care_setting": ("{} pain clinic", "{} infusion centre", "{} ward"),
    "professional": ("{} nurse", "{} specialist", "{} pharmacist"),
    "route": ("{} space", "{} route"),
    "device": ("{} catheter", "{} pump", "{} port"),
    "figure": ("{} dose ratio", "{} length of stay", "{} refill interval"),
}
QUALIFIERS = ("varies widely between patients", "in a minority of patients", "about 1 in 20",
              "usually within days", "when the dose is raised quickly")
# Words of the generated source documents; citations quote them as evidence terms.
VOCABULARY = ("pump", "catheter", "infusion", "dose", "opioid", "morphine", "ketamine", "spinal", "fluid",
              "nerve", "infection", "bleeding", "refill", "clinic", "nurse", "trial", "relief", "chronic",
              "pain", "implant", "tolerance", "nausea", "sedation", "monitoring", "breathing", "recovery",
              "surgeon", "imaging", "battery", "reservoir", "programme", "daily", "weeks", "patients",
              "evidence", "risk", "benefit", "route", "oral", "intravenous", "intrathecal", "epidural")


@dataclass(frozen=True)
class SynthStats:
    """What :func:`synthesize` wrote."""

    nodes: int
    claims: int
    citations: int
    corrections: int
    sources: int
    out_dir: Path


def _coin(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _labeller(rng: random.Random):
    """A function ``kind -> label`` that never gives two nodes the same label (case-folded)."""
    taken: set[str] = set()

    def label(kind: str) -> str:
        templates = LABEL_TEMPLATES.get(kind, ("{} " + kind.replace("_", " "),))
        text = ""
        for _ in range(20):  # a clash with 2-4 syllables is rare; retrying keeps labels short
            text = rng.choice(templates).format(_coin(rng))
            if text.casefold() not in taken:
                break
        base, n = text, 2
        while text.casefold() in taken:
            text, n = f"{base} {n}", n + 1
        taken.add(text.casefold())
        return text[0].upper() + text[1:]

    return label


def _joins(schema: Schema) -> dict[tuple[str, str], list[tuple[str, bool]]]:
    """For each pair (new kind, old kind): the relations that may join them, and whether the new
    node is the claim's source."""
    joins: dict[tuple[str, str], list[tuple[str, bool]]] = {}
    for new in schema.node_kinds:
        for old in schema.node_kinds:
            options = [(r.id, True) for r in schema.relations.values() if r.allows(new, old)]
            options += [(r.id, False) for r in schema.relations.values() if r.allows(old, new)]
            if options:
                joins[(new, old)] = options
    return joins


def _documents(rng: random.Random) -> dict[str, list[list[str]]]:
    """The words of every line of each source document, by source id (line 1 is a header)."""
    docs = {}
    for source_id, *_, has_file in SOURCES:
        if has_file:
            lines = [["synthetic", "document"]]
            lines += [rng.sample(VOCABULARY, rng.randint(8, 16)) for _ in range(DOCUMENT_LINES - 1)]
            docs[source_id] = lines
    return docs


def _draw(rng: random.Random, tokens: dict[str, list[int]], kinds: list[str]) -> tuple[str, int]:
    """One older node of the given kinds, with probability proportional to its tokens."""
    pick = rng.randrange(sum(len(tokens[k]) for k in kinds))
    for kind in kinds:
        if pick < len(tokens[kind]):
            return kind, tokens[kind][pick]
        pick -= len(tokens[kind])
    raise AssertionError("unreachable")


def synthesize(n_nodes: int, out_dir: Path | str, seed: int = 0, overwrite: bool = False) -> SynthStats:
    """Write a synthetic dataset of ``n_nodes`` nodes to ``out_dir``.

    Parameters
    ----------
    n_nodes : int
        Number of nodes; at least one per node kind of the schema.
    out_dir : path
        The data folder to write; created if missing.
    seed : int
        The seed of the one random generator; the same seed gives byte-identical files.
    overwrite : bool
        Allow writing into a folder that is not empty (it never deletes other files).

    Returns
    -------
    SynthStats
        Counts of what was written.

    Raises
    ------
    ValueError
        If ``n_nodes`` is below the number of node kinds.
    FileExistsError
        If ``out_dir`` is not empty and ``overwrite`` is false, so that curated data is never
        overwritten by accident.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     print(synthesize(40, tmp, seed=1).sources)
    9
    """
    out = Path(out_dir)
    schema = _checked(n_nodes, out, overwrite)
    kinds = list(schema.node_kinds)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    # The order of every draw from rng is part of the output: keep it when changing this code.
    writer = _Writer(rng, schema, n_nodes)
    for source_id, lines in writer.docs.items():
        with open(out / "sources" / f"{source_id}.txt", "w", encoding="utf-8", newline="\n") as handle:
            handle.write("".join(" ".join(words).capitalize() + ".\n" for words in lines))
    # Every kind once first (therapy first, since it may join every kind), then by weight.
    order = kinds + rng.choices(kinds, weights=[KIND_WEIGHTS.get(k, 1) for k in kinds], k=n_nodes - len(kinds))
    with ExitStack() as stack:
        for name in TABLES:
            handle = stack.enter_context(open(out / name, "w", encoding="utf-8", newline=""))
            writer.tables[name] = csv.writer(handle, lineterminator="\n")
            writer.tables[name].writerow(columns_of(name))
        writer.write_sources()
        for index, kind in enumerate(order):
            writer.write_node(index, kind)
        writer.tables["corrections.csv"].writerows(writer.corrections)
    (out / SCHEMA_FILE).write_bytes((DEFAULT_DATA_DIR / SCHEMA_FILE).read_bytes())
    return SynthStats(n_nodes, writer.n_claims, writer.n_citations, len(writer.corrections), len(SOURCES), out)


def _checked(n_nodes: int, out: Path, overwrite: bool) -> Schema:
    """The bundled schema, once the arguments are known to be usable (see :func:`synthesize`)."""
    problems: list = []
    schema = load_schema(DEFAULT_DATA_DIR / SCHEMA_FILE, problems)
    if problems:
        raise ValueError(f"the bundled schema has problems: {problems[0].format()}")
    if n_nodes < len(schema.node_kinds):
        raise ValueError(f"--nodes must be at least {len(schema.node_kinds)}, one per node kind")
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise FileExistsError(f"{out} is not empty")
    return schema


class _Writer:
    """The state of one synthetic dataset while its rows are written: the random generator, the
    documents, the nodes so far and the preferential-attachment tokens."""

    def __init__(self, rng: random.Random, schema: Schema, n_nodes: int):
        self.rng, self.schema = rng, schema
        self.joins = _joins(schema)
        self.label_of = _labeller(rng)
        # Source documents: one paragraph per line; citations quote words of the lines they name.
        self.docs = _documents(rng)
        self.low = [s[0] for s in SOURCES if s[3] == "low"]
        self.trusted = [s[0] for s in SOURCES if s[3] != "low"]
        self.references = [s[0] for s in SOURCES if not s[4] and s[3] == "high"]
        self.all_sources = [s[0] for s in SOURCES]
        self.width = len(str(n_nodes))
        # One list of tokens per kind, a node appearing once per claim plus its pull: drawing a
        # token at random is preferential attachment in O(1), and per kind it respects the schema.
        self.tokens: dict[str, list[int]] = {k: [] for k in schema.node_kinds}
        self.ids: list[str] = []
        self.labels: list[str] = []
        self.n_claims = self.n_citations = 0
        self.corrections: list[tuple[str, str, str]] = []
        self.tables: dict = {}

    def citation(self, what: str, source_id: str) -> tuple[str, str, str, str]:
        rng = self.rng
        if source_id not in self.docs:
            return (what, source_id, rng.choice(REFERENCE_LOCATORS), "")
        first = rng.randint(2, DOCUMENT_LINES - 1)
        last = first + rng.randint(0, 1)
        words = [w for line in self.docs[source_id][first - 1:last] for w in line]
        terms = rng.sample(sorted(set(words)), rng.randint(1, 3))
        locator = f"L{first}" if first == last else f"L{first}-L{last}"
        return (what, source_id, locator, "|".join(terms))

    def cite(self, what: str, force_low: bool = False) -> None:
        rng = self.rng
        primary = rng.choice(self.low) if force_low or rng.random() < LOW_PRIMARY_RATE else rng.choice(self.trusted)
        rows = [self.citation(what, primary)]
        if not force_low and rng.random() < SECOND_CITATION_RATE:
            rows.append(self.citation(what, rng.choice([s for s in self.all_sources if s != primary])))
        self.tables["citations.csv"].writerows(rows)
        self.n_citations += len(rows)

    def write_sources(self) -> None:
        for source_id, title, type_, reliability, has_file in SOURCES:
            row = {"id": source_id, "title": f"{title} (synthetic)", "type": type_, "reliability": reliability,
                   "rationale": f"Generated source rated {reliability} so that every evidence status occurs.",
                   "year": "2024", "file": f"{source_id}.txt" if has_file else "",
                   "reference": "" if has_file else f"Synthetic reference: {title}. 2024."}
            self.tables["sources.csv"].writerow([row.get(column, "") for column in columns_of("sources.csv")])

    def write_node(self, index: int, kind: str) -> None:
        """One node, its citations, and the claims it makes to older nodes."""
        node_id = f"{kind.replace('_', '-')}-{index:0{self.width}d}"
        label = self.label_of(kind)
        self.ids.append(node_id)
        self.labels.append(label)
        alias = label.split()[0].upper()[:6] if self.rng.random() < 0.1 else ""
        self.tables["nodes.csv"].writerow([node_id, label, kind,  # the columns of nodes.csv, in order
                                           f"A synthetic {self.schema.node_kinds[kind].label.lower()} for testing "
                                           "at scale; not real medical information.", alias])
        # Node 1 cites only a low source, so that even the smallest dataset has a weak item.
        self.cite(node_id, force_low=index == 1)
        partner_kinds = [k for k in self.schema.node_kinds if (kind, k) in self.joins and self.tokens[k]]
        joined: set[int] = set()
        for _ in range(self.rng.choice(NEW_CLAIMS) if partner_kinds else 0):
            for _attempt in range(10):  # hubs are often drawn twice; one claim per pair of nodes
                other_kind, other = _draw(self.rng, self.tokens, partner_kinds)
                if other not in joined:
                    break
            else:
                continue
            joined.add(other)
            self.write_claim(index, kind, other, other_kind)
        # The new node joins the draw only now, so it can never be drawn as its own partner.
        self.tokens[kind].extend([index] * (len(joined) + 1 + KIND_PULL.get(kind, 0)))

    def write_claim(self, index: int, kind: str, other: int, other_kind: str) -> None:
        rng = self.rng
        relation, new_is_source = rng.choice(self.joins[(kind, other_kind)])
        src, tgt = (index, other) if new_is_source else (other, index)
        edge_id = f"claim-{self.n_claims:0{self.width + 1}d}"
        qualifier = rng.choice(QUALIFIERS) if rng.random() < QUALIFIER_RATE else ""
        self.tables["edges.csv"].writerow([edge_id, self.ids[src], relation, self.ids[tgt],
                                           f"{self.labels[src]} {self.schema.relations[relation].label} "
                                           f"{self.labels[tgt]}.", qualifier])
        self.cite(edge_id)
        # The first claim is always corrected, so that even the smallest dataset has one.
        if not self.n_claims or rng.random() < CORRECTION_RATE:
            correction_id = f"correction-{len(self.corrections):0{self.width}d}"
            self.corrections.append((correction_id, edge_id,
                                     f"The link between {self.labels[src]} and {self.labels[tgt]} is overstated."))
            self.tables["citations.csv"].writerow(
                (correction_id, rng.choice(self.references), rng.choice(REFERENCE_LOCATORS), ""))
            self.n_citations += 1
        self.n_claims += 1
        self.tokens[other_kind].append(other)
