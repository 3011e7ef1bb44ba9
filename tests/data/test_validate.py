"""The validator: one table of broken fields, each breaking the tiny dataset in one place and
naming the one problem it must give (file, row, field, message); and the checks that need more
than one problem or none."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from builders.data.load import load_dataset
from support.hostile import append_row, rename_header, rewrite_file, set_cells


def problems(folder, severity="error"):
    result = load_dataset(folder)
    return [p for p in result.problems if p.severity == severity]


def only(found, file, field):
    return [p for p in found if p.file == file and p.field == field]


@dataclass(frozen=True)
class Mutation:
    """A change to the tiny dataset: to its rows before they are written, then to its files."""

    rows: Callable[[dict], None] | None = None
    files: Callable[[Path], None] | None = None

    def write(self, make_dataset, rows: dict) -> Path:
        if self.rows:
            self.rows(rows)
        folder = make_dataset(rows)
        if self.files:
            self.files(folder)
        return folder


def cell(table: str, index: int, **values) -> Mutation:
    """Set ``values`` in data row ``index`` (0-based) of ``table``."""
    return Mutation(rows=set_cells(table, index, **values))


def new_row(table: str, **values) -> Mutation:
    return Mutation(rows=append_row(table, **values))


def uncite(what: str) -> Mutation:
    """Drop every citation of ``what``."""
    def edit(rows: dict) -> None:
        rows["citations.csv"] = [c for c in rows["citations.csv"] if c["what"] != what]
    return Mutation(rows=edit)


def said(message: str, expected: str) -> bool:
    """``message`` is ``expected``; or, when ``expected`` ends with "…", starts with the rest of it."""
    return message.startswith(expected[:-1]) if expected.endswith("…") else message == expected


#: (mutation, file, row, field, message): rows count the header as row 1, so data row 0 is row 2.
BROKEN = [
    pytest.param(cell("edges.csv", 1, id="pump"), "edges.csv", 3, "id",
                 "duplicate id 'pump'; first used at nodes.csv:2", id="duplicate id across files"),
    pytest.param(cell("nodes.csv", 1, kind="drugg"), "nodes.csv", 3, "kind",
                 "unknown kind 'drugg'; one of: …", id="unknown kind"),
    pytest.param(cell("edges.csv", 0, relation="treats"), "edges.csv", 2, "relation",  # therapy -> drug
                 "'treats' may not join a therapy to a drug; …", id="relation not allowed between the kinds"),
    pytest.param(cell("edges.csv", 0, relation="cures"), "edges.csv", 2, "relation",
                 "unknown relation 'cures'; one of: …", id="unknown relation"),
    pytest.param(cell("edges.csv", 0, target="heroin"), "edges.csv", 2, "target",
                 "unknown node 'heroin'", id="claim to an unknown node"),
    pytest.param(uncite("morphine"), "nodes.csv", 3, "id",
                 "'morphine' has no valid citation in citations.csv", id="uncited node"),
    pytest.param(uncite("e-risk"), "edges.csv", 3, "id",
                 "'e-risk' has no valid citation in citations.csv", id="uncited claim"),
    pytest.param(cell("citations.csv", 0, source="wikipedia"), "citations.csv", 2, "source",
                 "unknown source 'wikipedia'", id="unknown source"),
    pytest.param(cell("citations.csv", 0, locator="line 1"), "citations.csv", 2, "locator",
                 "malformed locator 'line 1'; write L17 or L15-L17", id="malformed locator"),
    pytest.param(cell("citations.csv", 0, locator="L2-L9"), "citations.csv", 2, "locator",
                 "L2-L9 is beyond the end of doc.txt (2 lines)", id="locator beyond the end of the file"),
    pytest.param(cell("citations.csv", 0, terms="pumps|heroin"), "citations.csv", 2, "terms",
                 "term 'heroin' does not occur on L1 of doc.txt", id="term not on the cited lines"),
    pytest.param(cell("nodes.csv", 0, label="   "), "nodes.csv", 2, "label",
                 "required field is empty", id="empty required field"),
    pytest.param(Mutation(files=rename_header("nodes.csv", "id,label,kind,description,aliases",
                                              "id,label,description,aliases")),
                 "nodes.csv", 1, "kind", "missing column", id="missing column"),
    pytest.param(Mutation(rows=set_cells("nodes.csv", 2, description="Caf\u00e9"),
                          files=rewrite_file("nodes.csv", lambda raw: raw.decode("utf-8").encode("latin-1"))),
                 "nodes.csv", 4, "encoding", "the file is not UTF-8 (byte 0xe9); save it as UTF-8",
                 id="file not UTF-8"),
    pytest.param(new_row("nodes.csv", id="Pump", label="Pump 2", kind="therapy", description="x"),
                 "nodes.csv", 5, "id", "'Pump' has capital letters; …", id="id differing only in case"),
    pytest.param(new_row("nodes.csv", id=" morphine ", label="M2", kind="drug", description="x"),
                 "nodes.csv", 5, "id", "duplicate id 'morphine'; first used at nodes.csv:3",
                 id="id differing only in spaces"),
    pytest.param(new_row("corrections.csv", id="corr-1", target="e-uses", correction="Not so."),
                 "corrections.csv", 2, "id", "correction 'corr-1' has no citation to a reference that backs it",
                 id="correction without a backing reference"),
]


def test_tiny_dataset_is_clean(make_dataset):
    result = load_dataset(make_dataset())
    assert result.problems == []
    assert set(result.dataset.nodes) == {"pump", "morphine", "infection"}


@pytest.mark.parametrize("mutation, file, row, field, message", BROKEN)
def test_one_broken_field_gives_one_located_problem(make_dataset, tiny_rows, mutation, file, row, field, message):
    found = problems(mutation.write(make_dataset, tiny_rows))
    [p] = only(found, file, field)
    assert p.row == row, p.format()
    assert said(p.message, message), p.format()


def test_a_claim_on_a_dropped_node_is_reported_too(make_dataset, tiny_rows):
    """A node of an unknown kind is left out; the claim that used it is reported, not silently lost."""
    tiny_rows["nodes.csv"][1]["kind"] = "drugg"
    found = problems(make_dataset(tiny_rows))
    assert [(p.row, p.message) for p in only(found, "edges.csv", "target")] == [(2, "unknown node 'morphine'")]


def test_every_problem_is_reported_not_just_the_first(make_dataset, tiny_rows):
    tiny_rows["nodes.csv"][0]["kind"] = "gadget"
    tiny_rows["edges.csv"][1]["relation"] = "cures"
    tiny_rows["citations.csv"][2]["locator"] = "L99"
    found = problems(make_dataset(tiny_rows))
    assert {(p.file, p.field) for p in found} >= {("nodes.csv", "kind"), ("edges.csv", "relation"),
                                                  ("citations.csv", "locator")}


def test_correction_makes_a_claim_contradicted(make_dataset, tiny_rows):
    from builders.data.evidence import statuses
    tiny_rows["corrections.csv"] = [{"id": "corr-1", "target": "e-uses", "correction": "Not so."}]
    tiny_rows["citations.csv"].append({"what": "corr-1", "source": "ref", "locator": "Boxed warning"})
    result = load_dataset(make_dataset(tiny_rows))
    assert result.ok
    status = statuses(result.dataset)
    assert status["e-uses"] == "contradicted"
    assert status["e-risk"] == "weak"          # cited only by a source rated low
    assert status["pump"] == "supported"


def test_loading_never_writes_the_data(make_dataset, tiny_rows):
    tiny_rows["nodes.csv"][0]["kind"] = "gadget"
    folder = make_dataset(tiny_rows)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    load_dataset(folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
