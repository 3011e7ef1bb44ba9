"""The synthetic-data generator: deterministic, valid, schema-true, skewed, about 3 claims per node."""

from __future__ import annotations

import statistics
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders.cli import main
from builders.data.evidence import statuses
from builders.data.tables import TABLES
from builders.data.load import load_dataset
from builders.data.model import STATUSES
from builders.data.files import DEFAULT_DATA_DIR
from builders.data.schema import load_schema
from builders.scale.synth import synthesize


def load(folder: Path):
    # The sources folder is named explicitly, so that $PAIN_ATLAS_SOURCES_DIR cannot redirect it.
    return load_dataset(folder, folder / "sources")


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module", params=[50, 2000])
def synthetic(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"synth{request.param}")
    stats = synthesize(request.param, folder, seed=11)
    return stats, load(folder)


def test_same_seed_same_bytes(tmp_path):
    synthesize(300, tmp_path / "a", seed=5)
    synthesize(300, tmp_path / "b", seed=5)
    first, second = files_of(tmp_path / "a"), files_of(tmp_path / "b")
    assert "sources/synth-blog-a.txt" in first and "edges.csv" in first
    assert first == second


def test_different_seeds_differ(tmp_path):
    synthesize(300, tmp_path / "a", seed=5)
    synthesize(300, tmp_path / "b", seed=6)
    first, second = files_of(tmp_path / "a"), files_of(tmp_path / "b")
    assert first["nodes.csv"] != second["nodes.csv"] and first["edges.csv"] != second["edges.csv"]


def test_columns_are_the_loaders(tmp_path):
    synthesize(KINDS, tmp_path, seed=1)
    for name, (required, optional, _) in TABLES.items():
        header = (tmp_path / name).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == [*required, *optional]


def test_output_validates_with_no_problem(synthetic):
    stats, result = synthetic
    assert [p.format() for p in result.problems] == []
    d = result.dataset
    assert (len(d.nodes), len(d.edges), len(d.corrections)) == (stats.nodes, stats.claims, stats.corrections)
    assert sum(map(len, d.citations.values())) == stats.citations


def test_only_allowed_relations_and_every_kind(synthetic):
    _, result = synthetic
    d = result.dataset
    for edge in d.edges.values():
        assert d.schema.relations[edge.relation].allows(d.nodes[edge.source].kind, d.nodes[edge.target].kind)
    assert {n.kind for n in d.nodes.values()} == set(d.schema.node_kinds)


def test_all_statuses_occur(synthetic):
    _, result = synthetic
    assert set(statuses(result.dataset).values()) == set(STATUSES)


def test_corrections_cite_high_reliability_references(synthetic):
    _, result = synthetic
    d = result.dataset
    for correction in d.corrections.values():
        sources = [d.sources[c.source] for c in d.citations_of(correction.id)]
        assert sources and all(s.reliability == "high" and not s.is_document for s in sources)


def test_claims_per_node_about_three(synthetic):
    stats, _ = synthetic
    # A small graph has fewer: its first nodes find few partners of a kind the schema allows.
    low, high = (2.8, 3.2) if stats.nodes >= 1000 else (2.3, 3.5)
    assert low <= stats.claims / stats.nodes <= high


def test_degree_distribution_is_skewed(tmp_path):
    d = load(synthesize(2000, tmp_path, seed=3).out_dir).dataset
    degree = Counter()
    for edge in d.edges.values():
        degree[edge.source] += 1
        degree[edge.target] += 1
    degrees = sorted((degree[n] for n in d.nodes), reverse=True)
    assert degrees[0] >= 20 * statistics.median(degrees)
    assert statistics.median(degrees) <= 5 and min(degrees) >= 1
    # The biggest hubs are therapies, as in the curated graph.
    hubs = sorted(d.nodes, key=lambda n: -degree[n])[:5]
    assert Counter(d.nodes[n].kind for n in hubs)["therapy"] >= 3


#: The fewest nodes a synthetic dataset can have: one per node kind of the bundled schema.
KINDS = len(load_schema(DEFAULT_DATA_DIR / "schema.yaml", []).node_kinds)


@settings(max_examples=15, deadline=None)
@given(n=st.integers(KINDS, KINDS + 70), seed=st.integers(0, 2**32))
def test_any_small_dataset_validates(n, seed):
    with tempfile.TemporaryDirectory() as tmp:
        stats = synthesize(n, tmp, seed=seed)
        result = load(Path(tmp))
        assert [p.format() for p in result.problems] == []
        assert len(result.dataset.nodes) == n and stats.claims >= n - 1
        assert set(statuses(result.dataset).values()) == set(STATUSES)


def test_cli_synth(tmp_path, capsys):
    out = tmp_path / "data"
    assert main(["synth", "--nodes", "40", "--seed", "2", "--out", str(out)]) == 0
    assert "wrote 40 nodes" in capsys.readouterr().out
    assert main(["validate", "--data", str(out), "--warnings"]) == 0
    # A folder that is not empty is left alone unless --force.
    assert main(["synth", "--nodes", "40", "--out", str(out)]) == 1
    assert "--force" in capsys.readouterr().err
    assert main(["synth", "--nodes", "40", "--seed", "2", "--out", str(out), "--force"]) == 0


def test_cli_synth_too_few_nodes(tmp_path, capsys):
    assert main(["synth", "--nodes", "3", "--out", str(tmp_path / "d")]) == 2
    assert "at least" in capsys.readouterr().err
