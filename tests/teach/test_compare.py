"""The comparison matrix: rows and the relations that fill them, shared and unique marks,
evidence status (a way through a step is only as strong as its weaker claim), citations, and the
CSV export with formula cells neutralised."""

from __future__ import annotations

import copy
import io

import pandas as pd
import pytest

from builders.teach.compare import ONSET_WORDS, ROWS, check_choice, compare, item_citations, item_text, matrix_frame, matrix_table, therapies
from builders.escape import safe_csv
from builders.graph.build import build_graph
from builders.data.load import load_dataset
from support.teaching import ROWS as DATA_ROWS
from support.teaching import write_teaching_dataset


def graph_of(folder):
    result = load_dataset(folder)
    assert result.ok, [p.format() for p in result.errors]
    return build_graph(result.dataset)


@pytest.fixture(scope="module")
def G(tmp_path_factory):
    return graph_of(write_teaching_dataset(tmp_path_factory.mktemp("teaching")))


def cell(matrix, row, therapy):
    return {item.node: item for item in matrix.cell(row, therapy)}


def test_rows_are_the_issue_rows_in_order(G):
    matrix = compare(G, ["pump", "oral"])
    assert [row.label for row in matrix.rows] == ["Route and delivery", "Drugs", "Conditions treated",
                                                 "Risks and side effects", "Steps of care", "Care setting",
                                                 "Onset", "Figures"]
    assert matrix.rows == ROWS


def test_therapies_are_the_therapy_nodes_most_connected_first(G):
    assert therapies(G) == ["pump", "infusion", "oral"]  # infusion and oral tie: by label


def test_shared_and_unique_items(G):
    matrix = compare(G, ["pump", "oral"])
    assert cell(matrix, "drugs", "pump")["morphine"].mark == "shared"
    assert cell(matrix, "drugs", "oral")["morphine"].mark == "shared"
    assert cell(matrix, "risks", "pump")["infection"].mark == "unique"
    assert set(cell(matrix, "risks", "oral")) == {"nausea", "constipation"}
    three = compare(G, ["pump", "oral", "infusion"])
    # Morphine: two of three therapies use it, so it is neither shared by all nor unique.
    assert cell(three, "drugs", "pump")["morphine"].mark == ""
    assert cell(three, "drugs", "infusion")["ketamine"].mark == "unique"


def test_each_item_carries_its_evidence_status(G):
    matrix = compare(G, ["pump", "oral"])
    assert cell(matrix, "risks", "pump")["infection"].status == "weak"
    assert cell(matrix, "conditions", "pump")["cancer-pain"].status == "contradicted"
    assert cell(matrix, "drugs", "pump")["morphine"].status == "supported"
    # Shared items come first, then by status, then by label.
    assert [i.node for i in matrix.cell("risks", "oral")] == ["constipation", "nausea"]


def test_a_setting_reached_through_a_step_names_the_step(G):
    matrix = compare(G, ["pump", "infusion"])
    clinic = cell(matrix, "setting", "pump")["clinic"]
    assert clinic.via == ("Follow-up",) and clinic.claims == ("e-pump-follow-up", "e-follow-up-clinic")
    assert clinic.mark == "shared" and cell(matrix, "setting", "infusion")["clinic"].via == ()
    assert item_text(clinic) == "Clinic [supported] (via Follow-up) — shared by all"


def test_a_chain_is_only_as_strong_as_its_weaker_claim(tmp_path):
    rows = copy.deepcopy(DATA_ROWS)
    for c in rows["citations.csv"]:
        if c["what"] == "e-pump-follow-up":
            c["source"] = "blog"
    G = graph_of(write_teaching_dataset(tmp_path / "d", rows))
    assert cell(compare(G, ["pump", "infusion"]), "setting", "pump")["clinic"].status == "weak"


def test_onset_claims_have_their_own_row(G):
    matrix = compare(G, ["oral", "infusion"])
    assert "rapid-onset" in cell(matrix, "onset", "infusion")
    assert "rapid-onset" not in cell(matrix, "figures", "infusion")
    assert cell(matrix, "onset", "infusion")["rapid-onset"].detail == "Infusions work quickly."


@pytest.mark.parametrize("text, onset", [
    ("relief starts sooner than with tablets", True), ("they take effect more slowly", True),
    ("a rapid onset", True), ("opioids can slow breathing dangerously", False),
    ("the immune system declines rapidly", False), ("sessions last several hours", False),
])
def test_what_counts_as_onset(text, onset):
    assert bool(ONSET_WORDS.search(text)) == onset


def test_citations_of_an_item_are_the_datas(G):
    matrix = compare(G, ["pump", "oral"])
    lines = item_citations(G, cell(matrix, "conditions", "pump")["cancer-pain"])
    assert lines == ["Claim (contradicted): The pump cures cancer pain.",
                     "Source: A blog (reliability: low), L6 — evidence terms: cure",
                     "Correction: Pumps ease pain; they cure nothing.",
                     "Backed by: A guideline (reliability: high)"]


@pytest.mark.parametrize("chosen, message", [
    (["pump"], "Pick 2 to 4 therapies to compare (1 picked)."),
    (["pump", "oral", "infusion", "pump", "oral"], "Pick 2 to 4 therapies to compare (5 picked)."),
    (["pump", "morphine"], "'morphine' is not a therapy of this dataset."),
    (["pump", "ghost"], "'ghost' is not a therapy of this dataset."),
])
def test_a_choice_it_cannot_show_is_a_message(G, chosen, message):
    assert message in check_choice(G, chosen)
    with pytest.raises(ValueError, match="Pick|not a therapy"):
        compare(G, chosen)


def test_csv_has_one_row_per_item_with_claims_and_citations(G):
    matrix = compare(G, ["pump", "oral"])
    frame = pd.read_csv(io.StringIO(safe_csv(matrix_frame(G, matrix))), keep_default_na=False)
    assert len(frame) == sum(len(items) for items in matrix.cells.values())
    morphine = frame[(frame["item"] == "Morphine") & (frame["therapy"] == "Pump")].iloc[0]
    assert morphine["row"] == "Drugs" and morphine["shared_or_unique"] == "shared by all"
    assert morphine["claims"] == "The pump gives morphine." and morphine["citations"] == "doc L1 [morphine]"
    cancer = frame[frame["item"] == "Cancer pain"].iloc[0]
    assert cancer["corrections"] == "Pumps ease pain; they cure nothing."


def test_csv_neutralises_formula_cells(tmp_path):
    rows = copy.deepcopy(DATA_ROWS)
    next(n for n in rows["nodes.csv"] if n["id"] == "morphine")["label"] = "=HYPERLINK(\"http://x\")"
    G = graph_of(write_teaching_dataset(tmp_path / "d", rows))
    text = safe_csv(matrix_frame(G, compare(G, ["pump", "oral"])))
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_the_table_reads_row_by_therapy(G):
    table = matrix_table(G, compare(G, ["pump", "oral"]))
    assert list(table.columns) == ["Pump", "Oral tablets"]
    assert table.loc["Onset", "Pump"] == "—"
    assert "Morphine [supported] — shared by all" in table.loc["Drugs", "Oral tablets"]


def test_bundled_therapies_compare(bundled_graph):
    chosen = therapies(bundled_graph)[:4]
    matrix = compare(bundled_graph, chosen)
    assert any(matrix.cell(row.id, t) for row in matrix.rows for t in chosen)
