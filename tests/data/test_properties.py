"""Property-based tests: whatever the CSV files hold, loading reports problems and never raises."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders.data.tables import TABLES
from builders.data.load import load_dataset
from support.datasets import write_dataset

cells = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
ids = st.sampled_from(["pump", "morphine", "infection", "doc", "blog", "ref", "e-uses", "", " x ", "NaN", "Pump"])
tables = st.sampled_from(sorted(TABLES))


@st.composite
def csv_text(draw, name):
    required, optional, _ = TABLES[name]
    columns = draw(st.lists(st.sampled_from([*required, *optional, "extra", ""]), max_size=8))
    rows = draw(st.lists(st.lists(st.one_of(ids, cells), max_size=len(columns) + 2), max_size=6))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])))
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_csv_gives_problems_not_exceptions(tmp_path_factory, data):
    folder = write_dataset(tmp_path_factory.mktemp("prop"))
    name = data.draw(tables)
    (folder / name).write_text(data.draw(csv_text(name)), encoding="utf-8")
    result = load_dataset(folder)
    for problem in result.problems:
        assert problem.file and problem.field and problem.message
    # Whatever survived validation is consistent.
    d = result.dataset
    assert all(e.source in d.nodes and e.target in d.nodes for e in d.edges.values())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300), name=tables)
def test_random_bytes_give_problems_not_exceptions(tmp_path_factory, raw, name):
    folder = write_dataset(tmp_path_factory.mktemp("bytes"))
    (folder / name).write_bytes(raw)
    result = load_dataset(folder)
    assert all(p.message for p in result.problems)
