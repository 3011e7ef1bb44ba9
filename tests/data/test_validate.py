"""The validator: one test per class of problem, each with a tiny broken fixture."""

from __future__ import annotations

from builders.data.load import load_dataset


def problems(folder, severity="error"):
    result = load_dataset(folder)
    return [p for p in result.problems if p.severity == severity]


def only(found, file, field):
    return [p for p in found if p.file == file and p.field == field]


def test_tiny_dataset_is_clean(make_dataset):
    result = load_dataset(make_dataset())
    assert result.problems == []
    assert set(result.dataset.nodes) == {"pump", "morphine", "infection"}


def test_duplicate_id_across_files(make_dataset, tiny_rows):
    tiny_rows["edges.csv"][1]["id"] = "pump"
    found = problems(make_dataset(tiny_rows))
    [p] = only(found, "edges.csv", "id")
    assert p.row == 3 and "duplicate id 'pump'" in p.message and "nodes.csv:2" in p.message


def test_unknown_kind(make_dataset, tiny_rows):
    tiny_rows["nodes.csv"][1]["kind"] = "drugg"
    found = problems(make_dataset(tiny_rows))
    assert [p.row for p in only(found, "nodes.csv", "kind")] == [3]
    # The claim that used the dropped node is reported too, not silently lost.
    assert only(found, "edges.csv", "target")


def test_relation_not_allowed_between_kinds(make_dataset, tiny_rows):
    tiny_rows["edges.csv"][0]["relation"] = "treats"  # therapy -> drug is not a "treats"
    [p] = only(problems(make_dataset(tiny_rows)), "edges.csv", "relation")
    assert p.row == 2 and "may not join a therapy to a drug" in p.message


def test_unknown_relation(make_dataset, tiny_rows):
    tiny_rows["edges.csv"][0]["relation"] = "cures"
    [p] = only(problems(make_dataset(tiny_rows)), "edges.csv", "relation")
    assert "unknown relation 'cures'" in p.message


def test_edge_end_missing(make_dataset, tiny_rows):
    tiny_rows["edges.csv"][0]["target"] = "heroin"
    [p] = only(problems(make_dataset(tiny_rows)), "edges.csv", "target")
    assert p.row == 2 and "unknown node 'heroin'" in p.message


def test_uncited_node_and_edge(make_dataset, tiny_rows):
    tiny_rows["citations.csv"] = [c for c in tiny_rows["citations.csv"] if c["what"] not in ("morphine", "e-risk")]
    found = problems(make_dataset(tiny_rows))
    assert [(p.file, p.row) for p in found if "no valid citation" in p.message] == [("nodes.csv", 3), ("edges.csv", 3)]


def test_unknown_source(make_dataset, tiny_rows):
    tiny_rows["citations.csv"][0]["source"] = "wikipedia"
    found = problems(make_dataset(tiny_rows))
    [p] = only(found, "citations.csv", "source")
    assert p.row == 2 and "unknown source 'wikipedia'" in p.message


def test_malformed_locator(make_dataset, tiny_rows):
    tiny_rows["citations.csv"][0]["locator"] = "line 1"
    [p] = only(problems(make_dataset(tiny_rows)), "citations.csv", "locator")
    assert "malformed locator 'line 1'" in p.message


def test_locator_outside_the_file(make_dataset, tiny_rows):
    tiny_rows["citations.csv"][0]["locator"] = "L2-L9"
    [p] = only(problems(make_dataset(tiny_rows)), "citations.csv", "locator")
    assert "beyond the end of doc.txt (2 lines)" in p.message


def test_term_not_on_cited_lines(make_dataset, tiny_rows):
    tiny_rows["citations.csv"][0]["terms"] = "pumps|heroin"
    [p] = only(problems(make_dataset(tiny_rows)), "citations.csv", "terms")
    assert p.row == 2 and "'heroin' does not occur on L1" in p.message


def test_empty_required_field(make_dataset, tiny_rows):
    tiny_rows["nodes.csv"][0]["label"] = "   "
    [p] = only(problems(make_dataset(tiny_rows)), "nodes.csv", "label")
    assert p.row == 2 and p.message == "required field is empty"


def test_missing_column(make_dataset, tiny_rows):
    folder = make_dataset(tiny_rows)
    text = (folder / "nodes.csv").read_text().replace("id,label,kind,description,aliases", "id,label,description,aliases")
    (folder / "nodes.csv").write_text(text)
    found = problems(folder)
    assert any(p.file == "nodes.csv" and p.row == 1 and p.field == "kind" and p.message == "missing column"
               for p in found)


def test_file_not_utf8(make_dataset, tiny_rows):
    tiny_rows["nodes.csv"][2]["description"] = "Caf\u00e9"
    folder = make_dataset(tiny_rows)
    raw = (folder / "nodes.csv").read_text(encoding="utf-8").encode("latin-1")
    (folder / "nodes.csv").write_bytes(raw)
    [p] = only(problems(folder), "nodes.csv", "encoding")
    assert p.row == 4 and "not UTF-8" in p.message


def test_every_problem_is_reported_not_just_the_first(make_dataset, tiny_rows):
    tiny_rows["nodes.csv"][0]["kind"] = "gadget"
    tiny_rows["edges.csv"][1]["relation"] = "cures"
    tiny_rows["citations.csv"][2]["locator"] = "L99"
    found = problems(make_dataset(tiny_rows))
    assert {(p.file, p.field) for p in found} >= {("nodes.csv", "kind"), ("edges.csv", "relation"),
                                                  ("citations.csv", "locator")}


def test_ids_differing_only_in_case_or_spaces(make_dataset, tiny_rows):
    tiny_rows["nodes.csv"].append({"id": "Pump", "label": "Pump 2", "kind": "therapy", "description": "x"})
    tiny_rows["nodes.csv"].append({"id": " morphine ", "label": "M2", "kind": "drug", "description": "x"})
    found = problems(make_dataset(tiny_rows))
    messages = [p.message for p in only(found, "nodes.csv", "id")]
    assert any("capital letters" in m for m in messages)
    assert any("duplicate id 'morphine'" in m for m in messages)


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


def test_correction_without_backing_reference(make_dataset, tiny_rows):
    tiny_rows["corrections.csv"] = [{"id": "corr-1", "target": "e-uses", "correction": "Not so."}]
    [p] = only(problems(make_dataset(tiny_rows)), "corrections.csv", "id")
    assert "no citation" in p.message


def test_loading_never_writes_the_data(make_dataset, tiny_rows):
    tiny_rows["nodes.csv"][0]["kind"] = "gadget"
    folder = make_dataset(tiny_rows)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    load_dataset(folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
