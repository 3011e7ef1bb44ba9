"""Guided tours: reading and validating tour files, what a step shows, the standalone tour page,
the command line, and the shipped tours (valid, in our own words, no dosing)."""

from __future__ import annotations

import json
import re

import pytest

from builders.cli import main
from builders.graph.build import build_graph
from builders.graph.views import make_view
from builders.graph.layout import positions
from builders.data.files import DEFAULT_DATA_DIR
from builders.data.load import load_dataset
from builders.teach.tour_files import load_tours, validate_tours
from builders.teach.tours import question_of, step_sources, tour_html, tour_page_data
from builders.render.payload import without_claims
from support.datasets import write_tour
from support.hostile import IMG

GOOD_TOUR = """
title: A tiny tour
description: Two steps and a prediction.
steps:
  - title: The pump
    narration: The pump is the therapy; it uses morphine.
    focus: pump
    highlight: [pump]
    claims: [e-uses]
  - type: predict
    claim: e-risk
    narration: What could go wrong?
  - narration: Only what the leaflet supports.
    filters: {statuses: [supported]}
"""


def messages(result) -> list[str]:
    return [p.format() for p in result.problems]


@pytest.fixture
def tiny(make_dataset):
    folder = make_dataset()
    result = load_dataset(folder)
    assert result.ok
    return folder, result.dataset, build_graph(result.dataset)


def test_a_good_tour_loads(tiny):
    folder, dataset, G = tiny
    write_tour(folder, "tiny", GOOD_TOUR)
    found = validate_tours(folder, dataset, G)
    assert messages(found) == []
    tour = found.tours["tiny"]
    assert tour.title == "A tiny tour" and len(tour.steps) == 3
    first, predict, third = tour.steps
    assert first.spec().focus == "pump" and first.spec().highlight_edges == ("e-uses",)
    assert predict.is_predict and predict.ends == ("pump", "infection") and predict.title == "Step 2"
    assert "e-risk" not in predict.spec().highlight_edges and "e-risk" in predict.spec(revealed=True).highlight_edges
    assert third.filters.statuses == frozenset({"supported"})
    assert question_of(G, predict) == "What connects Pump and Infection? Predict, then reveal."


def test_narration_cites_the_claims_it_highlights(tiny):
    folder, dataset, G = tiny
    write_tour(folder, "tiny", GOOD_TOUR)
    tour = load_tours(folder, dataset).tours["tiny"]
    assert step_sources(G, tour.steps[0]) == ["Source: A patient leaflet (reliability: moderate), L1 — "
                                              "evidence terms: morphine, spine"]


@pytest.mark.parametrize("step, expected", [
    ("{narration: x, focus: nowhere}", "tours/bad.yaml: step 1: focus: unknown node 'nowhere'"),
    ("{narration: x, highlight: [pump, ghost]}", "tours/bad.yaml: step 1: highlight: unknown node 'ghost'"),
    ("{narration: x, claims: [e-nope]}", "tours/bad.yaml: step 1: claims: unknown claim 'e-nope'"),
    ("{narration: x, type: predict, claim: e-nope}", "tours/bad.yaml: step 1: claim: unknown claim 'e-nope'"),
    ("{narration: x, type: predict}", "tours/bad.yaml: step 1: claim: a predict step names the claim it hides"),
    ("{narration: x, depth: 7}", "tours/bad.yaml: step 1: depth: 7 is not a depth from 1 to 3"),
    ("{title: no words}", "tours/bad.yaml: step 1: narration: every step needs a narration"),
    ("{narration: x, type: quiz}", "tours/bad.yaml: step 1: type: unknown step type 'quiz'; one of: show, predict"),
    ("{narration: x, filters: {kinds: [gadget]}}", "tours/bad.yaml: step 1: filters.kinds: unknown kind 'gadget'"),
    ("{narration: x, filters: {colour: [red]}}", "tours/bad.yaml: step 1: filters.colour: unknown filter"),
    ("{narration: x, type: predict, claim: e-risk, claims: [e-risk]}",
     "tours/bad.yaml: step 1: claims: 'e-risk' is the hidden claim"),
])
def test_step_problems_name_file_step_and_field(tiny, step, expected):
    folder, dataset, _ = tiny
    write_tour(folder, "bad", f"title: Bad\nsteps:\n  - {step}\n")
    found = load_tours(folder, dataset)
    assert any(m.startswith(expected) for m in messages(found)), messages(found)
    assert "bad" not in found.tours


def test_every_problem_is_listed_and_good_tours_stay(tiny):
    folder, dataset, _ = tiny
    write_tour(folder, "good", GOOD_TOUR)
    write_tour(folder, "bad", "title: Bad\nsteps:\n  - {narration: x, focus: a}\n  - {narration: y, claims: [b]}\n")
    found = load_tours(folder, dataset)
    assert messages(found) == ["tours/bad.yaml: step 1: focus: unknown node 'a'",
                               "tours/bad.yaml: step 2: claims: unknown claim 'b'"]
    assert list(found.tours) == ["good"]


@pytest.mark.parametrize("text, expected", [
    ("title: ok\nsteps: [\n  - {narration: x\n", "tours/bad.yaml: yaml: not valid YAML (line "),
    ("- just\n- a list\n", "tours/bad.yaml: yaml: a tour is a mapping"),
    ("title: No steps\n", "tours/bad.yaml: steps: a tour needs a list of steps"),
    ("steps:\n  - {narration: x}\n", "tours/bad.yaml: title: a tour needs a title"),
])
def test_file_problems(tiny, text, expected):
    folder, dataset, _ = tiny
    write_tour(folder, "bad", text)
    assert any(m.startswith(expected) for m in messages(load_tours(folder, dataset)))


def test_not_utf8_is_a_problem_not_a_traceback(tiny):
    folder, dataset, _ = tiny
    path = write_tour(folder, "latin", "")
    path.write_bytes("title: Caf\u00e9\nsteps:\n  - {narration: x}\n".encode("latin-1"))
    assert any("not UTF-8" in m for m in messages(load_tours(folder, dataset)))


def test_unknown_fields_are_warnings(tiny):
    folder, dataset, _ = tiny
    write_tour(folder, "typo", "title: T\nsteps:\n  - {narration: x, focs: pump}\n")
    found = load_tours(folder, dataset)
    assert [p.severity for p in found.problems] == ["warning"] and "typo" in found.tours
    assert messages(found)[0].startswith("tours/typo.yaml: step 1: focs: warning: unknown field")


def test_a_step_whose_view_hides_what_it_highlights_gets_a_warning(tiny):
    folder, dataset, G = tiny
    write_tour(folder, "narrow", "title: T\nsteps:\n  - {narration: x, focus: morphine, highlight: [infection]}\n")
    found = validate_tours(folder, dataset, G)
    assert messages(found) == ["tours/narrow.yaml: step 1: highlight: warning: node 'infection' is not in the "
                               "step's view; widen the focus or the filters"]


def test_a_narration_that_names_a_node_it_neither_shows_nor_cites_gets_a_warning(tiny):
    folder, dataset, G = tiny
    write_tour(folder, "talk", "title: T\nsteps:\n"
               "  - {narration: 'Morphine can cause an INFECTION.', focus: morphine, filters: {kinds: [drug]}}\n"
               "  - {narration: 'The pump can cause an infection.', claims: [e-risk], focus: pump}\n")
    found = validate_tours(folder, dataset, G)
    assert messages(found) == ["tours/talk.yaml: step 1: narration: warning: names 'infection', which the step "
                               "neither shows nor cites; show it, list a claim about it, or say it another way"]


def test_the_narration_check_reads_names_as_whole_words(bundled_graph):
    from builders.teach.tour_files import named_nodes
    assert set(named_nodes(bundled_graph, "Stopping intrathecal baclofen withdrawal care.")) == {
        "intrathecal baclofen withdrawal"}  # the longest name, not baclofen inside it
    assert "morphine" not in named_nodes(bundled_graph, "Morphinelike drugs")
    assert "pump" in named_nodes(bundled_graph, "The pump stops.")


def test_a_short_name_inside_a_shown_nodes_name_is_not_flagged(tiny):
    folder, dataset, G = tiny
    write_tour(folder, "pump", "title: T\nsteps:\n  - {narration: 'The pain pump, that is the pump.', focus: pump}\n")
    assert messages(validate_tours(folder, dataset, G)) == []


def test_no_tours_folder_means_no_tours(tiny):
    folder, dataset, _ = tiny
    found = load_tours(folder, dataset)
    assert found.tours == {} and found.problems == []


def test_without_claims_hides_a_claim_and_changes_the_key(tiny):
    folder, dataset, G = tiny
    write_tour(folder, "tiny", GOOD_TOUR)
    tour = load_tours(folder, dataset).tours["tiny"]
    _, data = tour_page_data(G, tour, positions(G))
    predict = data["steps"][1]
    assert "e-risk" not in [e["id"] for e in predict["payload"]["edges"]]
    assert "e-risk" in [e["id"] for e in predict["reveal_payload"]["edges"]]
    assert predict["payload"]["key"] != predict["reveal_payload"]["key"]
    assert predict["answer"]["title"] == "It may infect."
    assert predict["answer"]["sources"] == ["Source: A blog (reliability: low), L2 — evidence terms: infection"]
    assert without_claims({"edges": [], "key": "k"}, set())["edges"] == []


def test_tour_page_has_every_step_and_cites_every_source(tiny):
    folder, dataset, G = tiny
    write_tour(folder, "tiny", GOOD_TOUR)
    tour = load_tours(folder, dataset).tours["tiny"]
    page = tour_html(G, tour, positions(G))
    data = json.loads(re.search(r'<script type="application/json" id="pa-data">(.*?)</script>', page, re.S).group(1))
    assert [s["narration"] for s in data["tour"]["steps"]] == [s.narration for s in tour.steps]
    assert data["payload"] is None
    assert len(data["references"]) == 2  # the leaflet and the blog; the guideline cites nothing here
    assert 'id="pa-next"' in page and 'id="pa-prev"' in page and 'id="pa-counter"' in page
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", page)


def test_tour_text_stays_text_in_the_page(tiny):
    folder, dataset, G = tiny
    write_tour(folder, "xss", f'title: "</script>{IMG}"\nsteps:\n'
                              '  - {narration: "<b>bold</b> & </script>"}\n')
    tour = load_tours(folder, dataset).tours["xss"]
    page = tour_html(G, tour, positions(G))
    assert "<img src=x" not in page and "<b>bold</b>" not in page
    data = re.search(r'<script type="application/json" id="pa-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data and json.loads(data)["tour"]["steps"][0]["narration"] == "<b>bold</b> & </script>"
    assert "<title>Pain Atlas tour: &lt;/script&gt;&lt;img" in page


# --------------------------------------------------------------------------- command line

def test_cli_lists_tours_and_validate_reports_their_problems(tiny, capsys):
    folder, _, _ = tiny
    write_tour(folder, "tiny", GOOD_TOUR)
    assert main(["tours", "--data", str(folder)]) == 0
    assert re.match(r"tiny\s+3 steps  A tiny tour", capsys.readouterr().out)
    assert main(["validate", "--data", str(folder)]) == 0
    assert capsys.readouterr().out.strip().endswith("0 corrections, 1 tours")
    write_tour(folder, "bad", "title: Bad\nsteps:\n  - {narration: x, focus: ghost}\n")
    assert main(["validate", "--data", str(folder)]) == 1
    captured = capsys.readouterr()
    assert "tours/bad.yaml: step 1: focus: unknown node 'ghost'" in captured.out.splitlines()
    assert "1 tour problem(s)" in captured.err


def test_cli_exports_a_tour_as_html_and_one_figure_per_step(tiny, tmp_path, capsys):
    folder, _, _ = tiny
    write_tour(folder, "tiny", GOOD_TOUR)
    out = tmp_path / "tour.html"
    assert main(["export", "--format", "html", "--data", str(folder), "--tour", "tiny", "--out", str(out)]) == 0
    assert "The pump is the therapy" in out.read_text(encoding="utf-8")
    assert main(["export", "--format", "png", "--data", str(folder), "--tour", "tiny",
                 "--out", str(tmp_path / "slide.png")]) == 0
    assert sorted(p.name for p in tmp_path.glob("slide-*.png")) == ["slide-01.png", "slide-02.png", "slide-03.png"]


def test_cli_unknown_tour_or_focus_is_a_usage_message(tiny, tmp_path, capsys):
    folder, _, _ = tiny
    write_tour(folder, "tiny", GOOD_TOUR)
    assert main(["export", "--format", "html", "--data", str(folder), "--tour", "nope", "--out",
                 str(tmp_path / "x.html")]) == 2
    assert "no valid tour 'nope'; the tours are: tiny" in capsys.readouterr().err
    assert main(["export", "--format", "svg", "--data", str(folder), "--focus", "ghost", "--out",
                 str(tmp_path / "x.svg")]) == 2
    assert "--focus: unknown node 'ghost'" in capsys.readouterr().err
    assert main(["export", "--format", "json", "--data", str(folder), "--focus", "pump", "--out",
                 str(tmp_path / "x.json")]) == 2


# --------------------------------------------------------------------------- the shipped tours

#: Amounts that would read as dosing instructions.
DOSE = re.compile(r"\b\d+(\.\d+)?\s*(mg|mcg|µg|microgram|milligram|ml|millilit|units?)\b", re.IGNORECASE)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.casefold().replace("\u2019", "'"))


@pytest.fixture(scope="module")
def shipped(bundled, bundled_graph):
    return validate_tours(DEFAULT_DATA_DIR, bundled.dataset, bundled_graph)


def test_shipped_tours_are_valid(shipped):
    assert messages(shipped) == []
    assert len(shipped.tours) >= 4


def test_shipped_tours_cover_the_issue(shipped, bundled_graph):
    titles = {t.title for t in shipped.tours.values()}
    assert {"The intrathecal pump, from evaluation to aftercare", "Risks at a glance",
            "Reading sources critically"} <= titles
    assert any(t.startswith("Routes of delivery compared") for t in titles)
    assert any(s.is_predict for t in shipped.tours.values() for s in t.steps)
    critical = next(t for t in shipped.tours.values() if t.title == "Reading sources critically")
    statuses = {bundled_graph.edges[e]["status"] for s in critical.steps for e in claim_keys(bundled_graph, s)}
    assert {"weak", "contradicted"} <= statuses


def claim_keys(G, step):
    ids = set(step.claims) | ({step.claim} if step.claim else set())
    return [(u, v, k) for u, v, k in G.edges(keys=True) if k in ids]


def test_shipped_tours_are_in_our_own_words_and_give_no_doses(shipped, seeds_dir):
    seed_grams = set()
    for path in seeds_dir.glob("*.txt"):
        w = words(path.read_text(encoding="utf-8"))
        seed_grams |= {tuple(w[i:i + 10]) for i in range(len(w) - 9)}
    for tour in shipped.tours.values():
        for step in tour.steps:
            for text in (step.title, step.narration, step.question):
                w = words(text)
                copied = [" ".join(w[i:i + 10]) for i in range(len(w) - 9) if tuple(w[i:i + 10]) in seed_grams]
                assert not copied, f"{tour.file} step {step.number} copies a source: {copied[0]}"
                assert not DOSE.search(text), f"{tour.file} step {step.number} reads like a dose: {text}"


def test_every_shipped_step_draws_something(shipped, bundled_graph):
    for tour in shipped.tours.values():
        for step in tour.steps:
            assert make_view(bundled_graph, step.spec()).nodes, f"{tour.file} step {step.number} shows nothing"


def test_deeply_nested_tour_file_is_a_problem_not_a_traceback(tmp_path):
    from builders.teach.tour_files import read_tour_file
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 5000 + "]" * 5000)
    problems = []
    assert read_tour_file(path, problems) is None
    assert [p.format() for p in problems] == ["tours/deep.yaml: yaml: nested too deeply to be a tour"]
