"""The tour builder's pure side: draft tours as plain data (a step from a view, reorder, copy,
delete, predict), their YAML both ways (a draft written, read by ``parse_tour`` and written again
is the same text: a property test), uploads that are malformed, huge or name unknown things, and
the checks in a teacher's words; the ``path`` field of tour files."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders.graph.layout import positions
from builders.graph.views import DEFAULT_NODE_BUDGET, Filters, ViewSpec, make_view
from builders.render.figures import view_thumbnail
from builders.teach.tour_check import check_draft
from builders.teach.tour_draft import (MAX_OPEN_STEPS, Draft, DraftStep, add_step, as_predict, as_show, check_name,
                                       delete_step, duplicate_step, from_tour, keep_first, move_step, open_upload,
                                       replace, step_from_view, suggest_name, to_yaml, with_view)
from builders.teach.tour_files import FILTER_FIELDS, MAX_STEPS, load_tours, parse_tour
from builders.teach.tours import tour_html
from support.bombs import laughs
from support.hostile import HOSTILE_TEXTS, IMG, SCRIPT

# --------------------------------------------------------------------------- a step from a view


def test_a_step_keeps_what_the_view_shows(bundled_graph):
    G = bundled_graph
    spec = ViewSpec(focus="morphine", depth=2, fade=True, filters=Filters.of(statuses=["supported"]), max_nodes=120,
                    highlight_nodes=("naloxone",), highlight_edges=("e-pe-risk-infection",))
    step = step_from_view(G, spec, ("node", "respiratory-depression"))
    assert (step.focus, step.depth, step.fade, step.max_nodes) == ("morphine", 2, True, 120)
    assert step.filters == Filters.of(statuses=["supported"])
    assert step.highlight == ("naloxone", "respiratory-depression") and step.claims == ("e-pe-risk-infection",)
    assert step.title == "Morphine: Respiratory depression" and step.narration == ""  # the teacher writes it


def test_a_view_of_just_the_path_becomes_a_path_step(bundled_graph):
    G = bundled_graph
    path = ("intrathecal-pump", "infection")
    claims = tuple(G.get_edge_data(*path))
    step = step_from_view(G, ViewSpec(focus="morphine", paths=(path,), path_only=True, highlight_edges=claims))
    assert step.path == path and step.focus is None and step.claims == claims
    assert step.title == "From Intrathecal pump to Infection"
    assert make_view(G, step.spec()).nodes == sorted(path, key=lambda n: (G.nodes[n]["kind"], n))


def test_a_new_view_keeps_the_words_and_the_prediction(bundled_graph):
    G = bundled_graph
    step = as_predict(G, DraftStep("Guess", "Ask first.", focus="infection"), "e-pe-risk-infection")
    moved = with_view(step, step_from_view(G, ViewSpec(focus="intrathecal-pump", highlight_nodes=("intrathecal-pump",),
                                                       highlight_edges=("e-pe-risk-infection",))))
    assert (moved.title, moved.narration, moved.claim, moved.focus) == ("Guess", "Ask first.", "e-pe-risk-infection",
                                                                       "intrathecal-pump")
    assert "e-pe-risk-infection" not in moved.claims and "intrathecal-pump" not in moved.highlight  # the answer


def test_predict_and_back(bundled_graph):
    step = DraftStep(focus="infection", claims=("e-pe-risk-infection",), highlight=("intrathecal-pump",))
    predict = as_predict(bundled_graph, step, "e-pe-risk-infection")
    assert (predict.answer, predict.claims, predict.highlight) == ("intrathecal-pump", (), ())
    assert as_predict(bundled_graph, step, "e-pe-risk-infection", answer=None).answer is None
    back = as_show(predict)
    assert back.type == "show" and back.claims == ("e-pe-risk-infection",) and back.claim is None


def test_reorder_copy_delete_and_cut():
    draft = Draft()
    for title in "abcd":
        draft = add_step(draft, DraftStep(title))
    assert [s.uid for s in draft.steps] == [1, 2, 3, 4]
    assert [s.title for s in move_step(draft, 0, 1).steps] == list("bacd")
    assert [s.title for s in move_step(draft, 3, 5).steps] == list("abcd")  # kept within the list
    assert move_step(draft, 9, -1) == draft and delete_step(draft, -1) == draft and duplicate_step(draft, 7) == draft
    copied = duplicate_step(draft, 1)
    assert [s.title for s in copied.steps] == list("abbcd") and copied.steps[2].uid == 5
    assert [s.title for s in delete_step(copied, 0).steps] == list("bbcd")
    long = Draft(steps=tuple(DraftStep(str(n), uid=n) for n in range(MAX_STEPS + 100)))
    assert len(keep_first(long).steps) == MAX_STEPS


def test_names_are_one_safe_word():
    for bad in ["../x", "a/b", "a\\b", ".hidden", "", " ", "x" * 65, "a b", "tour.yaml", "C:", SCRIPT, "\u202eevil"]:
        assert check_name(bad), bad
        assert check_name(suggest_name(bad)) is None, bad
    assert check_name("risks_at-a-glance2") is None
    assert suggest_name("C:\\Users\\me\\Risks at a glance.YML") == "risks-at-a-glance"


# --------------------------------------------------------------------------- YAML both ways

def test_every_shipped_tour_round_trips(bundled, bundled_graph):
    for name, tour in load_tours(bundled.folder, bundled.dataset).tours.items():
        text = to_yaml(from_tour(tour))
        again, problems = parse_tour(yaml.safe_load(text), name, bundled.dataset)
        assert problems == [] and again == tour, name
        assert to_yaml(from_tour(again)) == text, name


def test_the_yaml_is_plain_and_safe(bundled):
    text = to_yaml(Draft(title=SCRIPT, steps=(DraftStep("- x: [y]", "null", focus="morphine",
                                                        filters=Filters.of(statuses=["weak", "supported"])),)))
    assert "!!" not in text and "statuses: [supported, weak]" in text
    document = yaml.safe_load(text)
    assert document["title"] == SCRIPT and document["steps"][0]["narration"] == "null"


TEXT = st.one_of(st.sampled_from(HOSTILE_TEXTS), st.text(min_size=1, max_size=40))


@st.composite
def drafts(draw, G, dataset):
    nodes, claims = sorted(G.nodes), sorted(dataset.edges)
    allowed = {"kinds": dataset.schema.node_kinds, "relations": dataset.schema.relations, "sources": dataset.sources,
               "statuses": dataset.schema.statuses}
    steps = []
    for uid in range(1, draw(st.integers(1, 5)) + 1):
        filters = Filters.of(**{f: draw(st.sets(st.sampled_from(sorted(allowed[f])), max_size=2)) for f in FILTER_FIELDS})
        step = DraftStep(title=draw(TEXT), narration=draw(TEXT.filter(str.strip)), focus=draw(st.none() | st.sampled_from(nodes)),
                         depth=draw(st.integers(1, 3)), fade=draw(st.booleans()),
                         highlight=tuple(draw(st.lists(st.sampled_from(nodes), max_size=3, unique=True))),
                         claims=tuple(draw(st.lists(st.sampled_from(claims), max_size=3, unique=True))),
                         filters=filters, max_nodes=draw(st.sampled_from([DEFAULT_NODE_BUDGET, 20])),
                         path=tuple(draw(st.lists(st.sampled_from(nodes), min_size=2, max_size=4, unique=True) | st.just([]))),
                         question=draw(TEXT), uid=uid)
        if draw(st.booleans()):
            step = as_predict(G, step, draw(st.sampled_from(claims)), answer=draw(st.sampled_from(["default", None])))
            step = replace(step, question=draw(st.just("") | TEXT))
        else:
            step = replace(step, question="")
        steps.append(step)
    return Draft(name="drawn", title=draw(TEXT.filter(str.strip)), description=draw(st.just("") | TEXT), steps=tuple(steps))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_draft_written_read_and_written_again_is_the_same_text(bundled, bundled_graph, data):
    draft = data.draw(drafts(bundled_graph, bundled.dataset))
    text = to_yaml(draft)
    tour, problems = parse_tour(yaml.safe_load(text), "drawn", bundled.dataset)
    assert [p for p in problems if p.severity == "error"] == []
    assert to_yaml(from_tour(tour)) == text
    assert [s.narration for s in tour.steps] == [" ".join(s.narration.split()) for s in draft.steps]


# --------------------------------------------------------------------------- uploads

def test_uploads_that_cannot_be_opened(bundled):
    dataset = bundled.dataset
    cases = {b"title: [": "not valid YAML (line", laughs().encode(): "once its aliases", b"- a\n- b\n": "a tour is a mapping",
             b"steps: 3\n": "its steps are not a list", b"x" * (513 * 1024): "the limit is 512 KB",
             b"\xff\xfetitle": "UTF-16", b"[" * 5000: "",
             yaml.safe_dump({"steps": [{}] * (MAX_OPEN_STEPS + 1)}).encode(): "a tour has at most"}
    for raw, words in cases.items():
        opened = open_upload(raw, "t.yaml", dataset)
        assert opened.draft is None and opened.problems, raw[:20]
        assert words in " ".join(p.message for p in opened.problems), raw[:20]


def test_an_upload_with_unknown_things_opens_to_be_fixed(bundled):
    raw = yaml.safe_dump({"title": "T", "colour": "red", "steps": [
        {"narration": "Hi", "focus": "unicorn", "depth": "deep", "highlight": "morphine", "fade": "yes"},
        "not a step", {"type": "predict", "claim": "e-pe-risk-infection", "narration": "Guess", "focus": "infection"}]})
    opened = open_upload(raw.encode(), "../../My Tour.yaml", bundled.dataset)
    draft = opened.draft
    assert draft.name == "my-tour" and len(draft.steps) == 2
    assert (draft.steps[0].focus, draft.steps[0].depth, draft.steps[0].highlight, draft.steps[0].fade) == (
        "unicorn", 1, ("morphine",), False)
    assert draft.steps[1].answer == "intrathecal-pump"  # inferred by parse_tour, now written out
    formatted = [p.format() for p in opened.problems]
    assert "tours/my-tour.yaml: step 1: focus: unknown node 'unicorn'" in formatted
    assert any("colour: warning: unknown field" in line for line in formatted)


# --------------------------------------------------------------------------- the checks, in words

def notes(G, dataset, *steps, title="T"):
    return [(n.step, n.severity, n.text) for n in check_draft(G, dataset, Draft(title=title, steps=steps)).notes]


def test_what_a_view_hides_is_said_with_its_reason(bundled, bundled_graph):
    G, dataset = bundled_graph, bundled.dataset
    filtered = DraftStep("A", "Pumps.", focus="intrathecal-pump", claims=("e-pe-risk-infection",),
                         filters=Filters.of(relations=["uses_drug"]))
    assert notes(G, dataset, filtered) == [(1, "warning", "Step 1 highlights the claim “Infection can develop at the "
                                            "incision or around the pump or catheter.”, but this step's filters hide "
                                            "it: loosen the filters or highlight something else.")]
    far = DraftStep("B", "Naloxone.", focus="naloxone", highlight=("catheter",))
    assert notes(G, dataset, far) == [(1, "warning", "Step 1 highlights the node “Intrathecal catheter”, but it lies "
                                       "outside the step's focus (depth 1): raise the depth, choose another focus, or "
                                       "highlight something closer.")]
    empty = DraftStep("C", "", filters=Filters.of(kinds=["figure"], statuses=["contradicted"]))  # no narration yet
    assert (1, "warning", "Step 1 shows nothing: its filters and focus leave no node on the screen. Loosen the "
            "filters or change the focus.") in notes(G, dataset, empty)
    hidden_focus = DraftStep("D", "Morphine.", focus="morphine", filters=Filters.of(kinds=["therapy"]))
    assert any("focus, “Morphine”, is hidden by its filters" in t for _, _, t in notes(G, dataset, hidden_focus))


def test_tour_level_and_predict_notes(bundled, bundled_graph):
    G, dataset = bundled_graph, bundled.dataset
    assert notes(G, dataset, title="") == [(None, "error", "The tour needs a title."),
                                            (None, "error", "The tour has no steps yet: in Explore, frame a view and "
                                                            "click “Add to tour”.")]
    unpicked = DraftStep("P", "Guess.", type="predict", focus="infection")
    assert (1, "error", "Step 1 is a prediction but hides no claim yet: pick the claim the class is to guess.") in \
        notes(G, dataset, unpicked)
    many = [DraftStep(str(n), "Pumps.", focus="intrathecal-pump", uid=n) for n in range(200)]
    found = check_draft(G, dataset, Draft(title="Long", steps=tuple(many)))
    assert found.tour is None and found.of_tour[0].text.startswith(f"The tour has 200 steps; a tour has at most {MAX_STEPS}.")


def test_a_clean_draft_is_a_tour_and_its_page_keeps_text_as_text(bundled, bundled_graph):
    G, dataset = bundled_graph, bundled.dataset
    step = DraftStep(f"Title {SCRIPT}", f"The pump {IMG}.", focus="intrathecal-pump", claims=("e-pe-risk-infection",))
    found = check_draft(G, dataset, Draft(title=f"Tour {IMG}", steps=(step,)))
    assert found.errors == [] and found.tour is not None and found.step(1).title == f"Title {SCRIPT}"
    page = tour_html(G, found.tour, positions(G))
    assert SCRIPT not in page and IMG not in page


# --------------------------------------------------------------------------- tour files: paths, previews

def test_the_path_field_of_tour_files(bundled):
    document = {"title": "T", "steps": [{"narration": "A path.", "path": ["intrathecal-pump", "infection"]},
                                        {"narration": "Short.", "path": ["morphine"]},
                                        {"narration": "Odd.", "path": ["morphine", "yeti"]}]}
    tour, problems = parse_tour(document, "t", bundled.dataset)
    assert [p.format() for p in problems] == ["tours/t.yaml: step 2: path: a path names at least two nodes, in hop order",
                                              "tours/t.yaml: step 3: path: unknown node 'yeti'"]
    spec = tour.steps[0].spec()
    assert spec.path_only and spec.paths == (("intrathecal-pump", "infection"),)


def test_a_thumbnail_of_an_empty_view_says_so(bundled_graph):
    spec = ViewSpec(filters=Filters.of(kinds=["therapy"], statuses=["contradicted"], relations=["treats"]))
    png = view_thumbnail(bundled_graph, make_view(bundled_graph, spec), positions(bundled_graph), spec)
    assert png.startswith(b"\x89PNG")
