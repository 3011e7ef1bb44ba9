"""The comparison matrix: rows from the schema's ``compare:`` (one per relation without it), who
apart from where, onset as each therapy's own claim, marks only where they tell something,
flagged items, evidence status (a way through a step is only as strong as its weaker claim),
citations, and the CSV export with formula cells neutralised."""

from __future__ import annotations

import copy
import io

import pandas as pd
import pytest

from builders.teach.compare import (check_choice, compare, item_citations, item_text, mark_text, matrix_frame,
                                    matrix_table, therapies, words_pattern)
from builders.escape import safe_csv
from support.datasets import graph_of
from support.teaching import ROWS as DATA_ROWS
from support.teaching import cite, write_teaching_dataset


@pytest.fixture
def G(teaching_graph):
    return teaching_graph


def cell(matrix, row, therapy):
    return {item.node: item for item in matrix.cell(row, therapy)}


def test_rows_come_from_the_schema_in_order(G):
    matrix = compare(G, ["pump", "oral"])
    assert [row.label for row in matrix.rows] == [row.label for row in G.graph["schema"].compare]
    assert [row.id for row in matrix.rows][:4] == ["route", "mechanism", "drugs", "conditions"]
    assert {"who", "where", "onset", "figures"} <= {row.id for row in matrix.rows}
    assert [row.id for row in matrix.shown_rows()] == ["route", "drugs", "conditions", "risks", "steps", "where"]


def test_a_schema_without_compare_rows_gets_one_row_per_relation(G):
    import copy
    from dataclasses import replace
    H = copy.copy(G)
    H.graph = dict(G.graph, schema=replace(G.graph["schema"], compare=()))
    matrix = compare(H, ["pump", "infusion"])
    assert [row.id for row in matrix.rows] == ["delivered_via", "given_in", "has_figure", "has_risk", "has_step",
                                                "treats", "uses_drug"]
    assert matrix.rows[0].label == "Is delivered via"


def test_therapies_are_the_therapy_nodes_most_connected_first(G):
    assert therapies(G) == ["pump", "infusion", "oral"]  # infusion and oral tie: by label


def test_shared_marks_where_they_tell_something(G):
    matrix = compare(G, ["pump", "oral"])
    assert cell(matrix, "drugs", "pump")["morphine"].mark == "shared"
    assert cell(matrix, "drugs", "oral")["morphine"].mark == "shared"
    # The risks of the two share nothing: "only this one" would be on every item, so it is on none.
    assert {i.mark for i in matrix.cell("risks", "pump") + matrix.cell("risks", "oral")} == {""}
    three = compare(G, ["pump", "oral", "infusion"])
    morphine = cell(three, "drugs", "pump")["morphine"]
    assert morphine.mark == "shared" and morphine.shared_with == ("Oral tablets",)
    assert mark_text(morphine, 3) == "also in Oral tablets"
    # Ketamine is the infusion's only drug: not rare in its cell, so unmarked.
    assert cell(three, "drugs", "infusion")["ketamine"].mark == ""


def test_only_this_one_where_it_is_rare(tmp_path):
    rows = copy.deepcopy(DATA_ROWS)
    rows["edges.csv"] += [
        {"id": "e-oral-infection", "source": "oral", "relation": "has_risk", "target": "infection",
         "claim": "Tablets may infect."},
        {"id": "e-oral-bleeding", "source": "oral", "relation": "has_risk", "target": "bleeding", "claim": "Bleeds."},
        {"id": "e-pump-bleeding", "source": "pump", "relation": "has_risk", "target": "bleeding", "claim": "Bleeds."},
        {"id": "e-pump-nausea", "source": "pump", "relation": "has_risk", "target": "nausea", "claim": "Sick."}]
    rows["citations.csv"] += [cite(e, 2, "bleeding") for e in ("e-oral-bleeding", "e-pump-bleeding")]
    rows["citations.csv"] += [cite("e-oral-infection", 2, "infection"), cite("e-pump-nausea", 3, "nausea")]
    G = graph_of(write_teaching_dataset(tmp_path / "d", rows))
    oral = cell(compare(G, ["pump", "oral"]), "risks", "oral")
    assert oral["constipation"].mark == "unique"  # 1 of 4: the exception
    assert oral["nausea"].mark == oral["bleeding"].mark == "shared"


def test_each_item_carries_its_evidence_status_and_flags(G):
    matrix = compare(G, ["pump", "oral"])
    assert cell(matrix, "risks", "pump")["infection"].status == "weak"
    assert cell(matrix, "risks", "pump")["infection"].flagged
    assert cell(matrix, "conditions", "pump")["cancer-pain"].status == "contradicted"
    assert not cell(matrix, "drugs", "pump")["morphine"].flagged
    # Supported first, shared first among them, then by status and label; flagged items last.
    assert [i.node for i in matrix.cell("risks", "oral")] == ["constipation", "nausea"]


def test_a_node_that_is_not_supported_is_flagged(bundled_graph):
    matrix = compare(bundled_graph, ["intrathecal-pump", "oral-opioids"])
    garbled = next(i for i in matrix.cell("drugs", "intrathecal-pump") if i.node == "garbled-drug-name")
    assert garbled.flagged and garbled.node_status == "weak"
    assert matrix.cell("drugs", "intrathecal-pump")[-2:][0].flagged  # listed after every supported drug


def test_who_gives_it_and_where_are_apart(bundled_graph):
    chosen = ["intrathecal-pump", "oral-opioids", "iv-infusion-therapy"]
    matrix = compare(bundled_graph, chosen)
    kinds = {row: {i.kind for t in chosen for i in matrix.cell(row, t)} for row in ("who", "where")}
    assert kinds == {"who": {"professional"}, "where": {"care_setting"}}


def test_a_setting_reached_through_a_step_names_the_step(G):
    matrix = compare(G, ["pump", "infusion"])
    clinic = cell(matrix, "where", "pump")["clinic"]
    assert clinic.via == ("Follow-up",) and clinic.claims == ("e-pump-follow-up", "e-follow-up-clinic")
    assert clinic.mark == "shared" and cell(matrix, "where", "infusion")["clinic"].via == ()
    assert item_text(clinic) == "Clinic [supported] (via Follow-up) — shared by all"


def test_a_chain_is_only_as_strong_as_its_weaker_claim(tmp_path):
    rows = copy.deepcopy(DATA_ROWS)
    for c in rows["citations.csv"]:
        if c["what"] == "e-pump-follow-up":
            c["source"] = "blog"
    G = graph_of(write_teaching_dataset(tmp_path / "d", rows))
    assert cell(compare(G, ["pump", "infusion"]), "where", "pump")["clinic"].status == "weak"


def test_onset_shows_the_therapys_own_claim(G):
    matrix = compare(G, ["oral", "infusion"])
    assert "rapid-onset" in cell(matrix, "onset", "infusion")
    assert "rapid-onset" not in cell(matrix, "figures", "infusion")
    assert cell(matrix, "onset", "infusion")["rapid-onset"].text == "Infusions work quickly."


def test_onset_on_the_bundled_data_is_each_therapys_own_claim(bundled_graph):
    chosen = ["intrathecal-pump", "oral-opioids", "iv-infusion-therapy"]
    matrix = compare(bundled_graph, chosen)
    infusion = matrix.cell("onset", "iv-infusion-therapy")
    assert len(infusion) == 1 and infusion[0].text.startswith("Because the drug goes straight into the blood")
    assert "Oral opioid therapy" not in [i.text for i in infusion]  # the therapy it is compared with
    for therapy in chosen:
        for item in matrix.cell("onset", therapy):
            u, v = bundled_graph.graph["claim_ends"][item.claims[-1]]
            assert u == therapy and len(item.claims) == 1


@pytest.mark.parametrize("text, onset", [
    ("relief starts sooner than with tablets", True), ("they take effect more slowly", True),
    ("a rapid onset", True), ("opioids can slow breathing dangerously", False),
    ("the immune system declines rapidly", False), ("sessions last several hours", False),
])
def test_what_counts_as_onset(bundled_graph, text, onset):
    row = next(r for r in bundled_graph.graph["schema"].compare if r.id == "onset")
    assert bool(words_pattern(row.about).search(text)) == onset


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
    assert morphine["node_status"] == "supported"
    assert morphine["claims"] == "It uses morphine." and morphine["citations"] == "doc L1 [morphine; spine]"
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
    assert table.loc["Onset", "Pump"] == "—" and table.loc["Who gives it", "Pump"] == "—"
    assert "Morphine [supported] — shared by all" in table.loc["Drugs", "Oral tablets"]


def test_bundled_therapies_compare(bundled_graph):
    chosen = therapies(bundled_graph)[:4]
    matrix = compare(bundled_graph, chosen)
    assert any(matrix.cell(row.id, t) for row in matrix.rows for t in chosen)
