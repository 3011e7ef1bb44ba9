"""The bundled graph_data/: it validates, every item is cited, and every seed citation checks out."""

from __future__ import annotations

import csv
import re

from builders.data.evidence import check_citation, parse_locator
from builders.graph.queries import counts
from builders.data.files import DEFAULT_DATA_DIR


def test_sources_folder_is_there(seeds_dir):
    assert len(list(seeds_dir.glob("*.txt"))) == 5


def test_validates_with_zero_problems(bundled):
    assert [p.format() for p in bundled.errors] == []
    assert [p.format() for p in bundled.warnings] == []


def test_every_node_and_edge_is_cited(bundled):
    d = bundled.dataset
    assert d.nodes and d.edges
    assert [n for n in d.nodes if not d.citations_of(n)] == []
    assert [e for e in d.edges if not d.citations_of(e)] == []


def test_every_seed_citation_checks_against_the_text(bundled, seeds_dir):
    from builders.data.evidence import SourceTexts
    texts = SourceTexts(seeds_dir)
    d = bundled.dataset
    checked = 0
    for item, citations in d.citations.items():
        for c in citations:
            source = d.sources[c.source]
            if source.is_document:
                assert parse_locator(c.locator), (item, c)
                assert 1 <= len(c.terms) <= 4, (item, c)
                assert check_citation(c, source, texts) == [], (item, c)
                checked += 1
    assert checked > 200


def test_all_five_seeds_are_sources_and_cited(bundled, seeds_dir):
    d = bundled.dataset
    files = {s.file for s in d.sources.values() if s.file}
    assert files == {p.name for p in seeds_dir.glob("*.txt")}
    cited = {c.source for cs in d.citations.values() for c in cs}
    assert {s.id for s in d.sources.values() if s.file} <= cited


def test_the_four_therapies_are_connected(bundled_graph):
    G = bundled_graph
    for therapy in ("intrathecal-pump", "iv-infusion-therapy", "ketamine-infusion", "oral-opioids"):
        assert G.nodes[therapy]["kind"] == "therapy"
        neighbour_kinds = {G.nodes[n]["kind"] for n in set(G.successors(therapy)) | set(G.predecessors(therapy))}
        assert {"condition", "risk"} <= neighbour_kinds, therapy
        assert neighbour_kinds & {"drug", "drug_class"}, therapy
    steps = {v for v in G.successors("intrathecal-pump") if G.nodes[v]["kind"] == "procedure_step"}
    assert len(steps) >= 8


def test_every_status_and_reliability_occurs(bundled_graph):
    c = counts(bundled_graph)
    assert set(c["claims by status"]) == {"supported", "weak", "contradicted"}
    assert set(c["sources by reliability"]) == {"high", "moderate", "low"}


def test_corrections_cite_vetted_references(bundled):
    d = bundled.dataset
    assert len(d.corrections) >= 8
    for correction in d.corrections.values():
        backing = d.citations_of(correction.id)
        assert backing and all(not d.sources[c.source].is_document for c in backing), correction.id


def test_references_match_the_vetted_list_exactly(bundled, seeds_dir):
    vetted = {}
    for line in (seeds_dir.parent / "references.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| ([a-z0-9-]+) \| (.+?) \| (.+?) \|$", line)
        if match and match.group(1) != "key":
            vetted[match.group(1)] = match.group(2)
    references = {s.id: s.reference for s in bundled.dataset.sources.values() if not s.is_document}
    assert references == vetted


def test_no_ten_word_run_copied_from_a_seed(seeds_dir):
    """Descriptions, claims, corrections and rationales are in our own words.

    Source titles are bibliographic data, quoted exactly, so they are not checked.
    """
    n = 10
    words = lambda s: re.findall(r"[a-z0-9]+", s.lower())  # noqa: E731
    shingles = set()
    for path in seeds_dir.glob("*.txt"):
        w = words(path.read_text(encoding="utf-8"))
        shingles.update(tuple(w[i:i + n]) for i in range(len(w) - n + 1))
    copied = []
    for path in sorted(DEFAULT_DATA_DIR.rglob("*.csv")) + sorted(DEFAULT_DATA_DIR.rglob("*.yaml")):
        if path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as handle:
                rows = [" ".join(v for k, v in row.items() if k not in ("title", "reference"))
                        for row in csv.DictReader(handle)]
        else:
            rows = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(rows, 2 if path.suffix == ".csv" else 1):
            w = words(line)
            if any(tuple(w[i:i + n]) in shingles for i in range(len(w) - n + 1)):
                copied.append(f"{path.relative_to(DEFAULT_DATA_DIR)}:{number}")
    assert copied == []


#: A claim cited only to seed lines may cite a range longer than this only if its qualifier says why.
MAX_SEED_SPAN = 3
#: The word a qualifier uses to say why a claim needs a longer range of seed lines.
SPAN_MARKER = "spans"


def test_claims_cited_only_to_seeds_use_narrow_ranges(bundled):
    """A claim that only the seed documents back cites ranges of at most three lines each.

    A wide range lets a claim say more than any one passage of its source does (the review found
    ranges spanning a whole section). Separate passages are cited as separate ranges ("L25, L41"),
    each at most three lines long. A claim that really needs a longer stretch says why in its
    qualifier, which must then contain the word "spans" (for example "the list spans L7-L11").
    Claims that also cite a vetted reference are not checked: the reference carries them.
    """
    d = bundled.dataset
    wide = []
    for edge in d.edges.values():
        citations = d.citations_of(edge.id)
        if not citations or not all(d.sources[c.source].is_document for c in citations):
            continue
        if SPAN_MARKER in edge.qualifier.lower():
            continue
        for c in citations:
            for start, end in parse_locator(c.locator):
                if end - start + 1 > MAX_SEED_SPAN:
                    wide.append(f"{edge.id}: {c.source} {c.locator}")
    assert wide == []
