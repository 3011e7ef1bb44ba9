"""AppTest for the tour builder (issue 15): a tour built from Explore's views and its path finder,
edited, reordered, checked, downloaded, uploaded again and presented; its bad inputs (malformed,
huge or unknown files, 0 steps, an empty view, 200 steps, hostile text); and saving into the data
folder, which only ``--allow-edits`` allows and which asks before replacing a file."""

from __future__ import annotations

import re
import sys

import pytest
import yaml

from builders.app.session import CONNECT_BOX, TOUR_ADD_BOX, TOUR_DRAFT, tour_key
from builders.teach.tour_draft import to_yaml
from builders.teach.tour_files import MAX_STEPS
from support.app import app_test, open_boxes, open_page, raw_texts, texts, unescape
from support.bombs import laughs
from support.hostile import IMG, SCRIPT

BUILDER = "app_pages/build_tour.py"


@pytest.fixture
def app(teaching_folder, monkeypatch):
    return app_test(teaching_folder, monkeypatch, timeout=90)


def draft_of(at):
    return at.session_state[TOUR_DRAFT]


def key(at, field: str, uid: int | None = None) -> str:
    generation = at.session_state["tour_generation"] if "tour_generation" in at.session_state else 0
    return tour_key(generation, field, uid)


def search(at, target: str, text: str) -> None:
    """Pick a node with one of Explore's search boxes, as a teacher types and clicks (the path
    finder's are in the Connect box, opened first)."""
    if target != "focus":
        at.session_state[CONNECT_BOX] = True
        at.run()
    at.text_input(key=f"{target}_query").input(text).run()
    at.button(key=f"{target}_pick_0").click().run()


def open_add_box(at) -> None:
    """Open Explore's "Add to tour" box (it is made only while open), as a click on it does."""
    at.session_state[TOUR_ADD_BOX] = True
    at.run()


def add_view(at, title: str | None = None) -> None:
    """Explore's "Add to tour" box: open it, edit the offered title, click "Add as step N"."""
    open_add_box(at)
    if title is not None:
        at.text_input(key="tour_add_title").input(title).run()
    at.button(key="tour_add_view").click().run()
    assert not at.exception, at.exception


def write(at, uid: int, narration: str) -> None:
    at.button(key=f"tour_edit_{uid}").click().run()
    at.text_area(key=key(at, "narration", uid)).input(narration).run()


def build_four_steps(at):
    """Three views of Explore and one path of its path finder; the third step becomes a prediction."""
    search(at, "focus", "pump")
    add_view(at, "The pump")
    at.session_state["selected"] = ("edge", "e-uses")  # a click on the claim in the graph
    at.run()
    add_view(at)
    search(at, "focus", "infection")
    add_view(at, "What could go wrong?")
    search(at, "path_from", "tablets")
    search(at, "path_to", "infection")
    at.toggle(key="path_only").set_value(True).run()
    at.button(key="tour_add_path_1").click().run()
    at.switch_page(BUILDER).run()
    assert not at.exception, at.exception
    at.text_input(key=key(at, "title")).input("Pumps, tablets and a risk").run()
    for uid, words in enumerate(["A pump is one therapy.", "The pump uses morphine.", "What could go wrong?",
                                 "Tablets share the drug with the pump."], 1):
        write(at, uid, words)
    at.button(key="tour_edit_3").click().run()
    at.toggle(key=key(at, "predict", 3)).set_value(True).run()
    at.selectbox(key=key(at, "claim", 3)).set_value("e-risk").run()
    return at


def test_build_reorder_check_download_reload_and_present(app):
    at = build_four_steps(open_page(app, "explore"))
    steps = draft_of(at).steps
    assert [s.title for s in steps] == ["The pump", "Pump uses Morphine", "What could go wrong?",
                                        "From Oral tablets to Infection"]
    assert steps[1].claims == ("e-uses",) and steps[1].focus == "pump"
    assert (steps[2].type, steps[2].claim, steps[2].answer) == ("predict", "e-risk", "pump")
    assert steps[3].path == ("oral", "morphine", "pump", "infection") and steps[3].focus is None
    assert steps[3].claims == ("e-oral-morphine", "e-uses", "e-risk")

    at.button(key="tour_up_4").click().run()  # the path before the prediction
    assert [s.uid for s in draft_of(at).steps] == [1, 2, 4, 3]
    assert "4 step(s) · 0 error(s)" in texts(at) and "Ready to present" in texts(at)
    download = next(b for b in at.get("download_button") if b.proto.label == "Download YAML")
    assert not download.proto.disabled and download.proto.url
    export = next(b for b in at.get("download_button") if b.proto.label == "Offline HTML page")
    assert not export.proto.disabled and export.proto.deferred_file_id
    downloaded = to_yaml(draft_of(at))  # what "Download YAML" serves

    at.checkbox(key="tour_replace_ok").check().run()
    at.button(key="tour_new").click().run()
    assert draft_of(at).steps == ()
    at.file_uploader(key="tour_upload").set_value(("my-tour.yaml", downloaded.encode(), "application/x-yaml")).run()
    assert not at.exception, at.exception
    assert to_yaml(draft_of(at)) == downloaded  # loads unchanged

    at.button(key="tour_present").click().run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "1 / 4" in shown and "A pump is one therapy." in shown and at.query_params["tour"] == "my-tour"
    at.switch_page("app_pages/present.py").run()  # AppTest follows st.switch_page for one run only
    assert "1 / 4" in texts(at)
    at.button(key="present_next").click().run()
    at.button(key="present_next").click().run()
    at.button(key="present_next").click().run()
    assert "4 / 4" in texts(at) and "Which therapy is hidden here, and how is it joined to Infection?" in texts(at)
    at.button(key="reveal_my-tour:4").click().run()
    assert "It may infect." in texts(at)


def test_a_click_on_the_graph_counts_at_once(app):
    """The toolbar runs before Explore reads a click on its graph: the box, opened after the
    click, offers the clicked node."""
    at = open_page(app, "explore")
    search(at, "focus", "pump")
    at.session_state["pa_graph"] = {"selected": {"kind": "node", "id": "morphine"}}  # a click in the browser
    at.run()
    open_add_box(at)
    assert at.text_input(key="tour_add_title").value == "Pump: Morphine"
    add_view(at)
    assert draft_of(at).steps[0].highlight == ("morphine",) and draft_of(at).steps[0].title == "Pump: Morphine"


def test_added_is_said_under_the_view_that_was_added_and_only_while_it_shows(app):
    """"Added" under the button that added the view (the path finder's too), gone once the view
    changes: a new view is not in the tour yet."""
    at = open_page(app, "explore")
    search(at, "focus", "pump")
    add_view(at)
    assert "Added: your tour now has 1 step(s)." in texts(at)
    search(at, "focus", "infection")
    open_add_box(at)
    assert "now has 1 step(s)" not in texts(at)
    search(at, "path_from", "tablets")
    search(at, "path_to", "infection")
    assert "now has" not in texts(at)
    at.button(key="tour_add_path_1").click().run()
    assert "Added: your tour now has 2 step(s)." in texts(at)


def test_the_draft_survives_page_changes(app):
    at = open_page(app, "explore")
    search(at, "focus", "pump")
    add_view(at)
    at.switch_page(BUILDER).run()
    at.text_area(key=key(at, "narration", 1)).input("Kept across pages.").run()
    at.switch_page("app_pages/sources.py").run()
    at.switch_page(BUILDER).run()
    assert at.text_area(key=key(at, "narration", 1)).value == "Kept across pages."
    assert draft_of(at).steps[0].narration == "Kept across pages."


def test_errors_block_presenting_and_exporting_warnings_do_not(app):
    at = open_page(app, "explore")
    search(at, "focus", "pump")
    add_view(at)
    at.switch_page(BUILDER).run()
    assert at.button(key="tour_present").disabled
    assert next(b for b in at.get("download_button") if b.proto.label == "Offline HTML page").proto.disabled
    assert "The tour needs a title." in texts(at)
    assert "Step 1 has no narration yet" in texts(at)
    at.text_input(key=key(at, "title")).input("T").run()
    at.text_area(key=key(at, "narration", 1)).input("The pump and ketamine.").run()  # names a node not shown
    assert "Step 1's narration names “ketamine”, which the step neither shows nor cites" in texts(at)
    assert not at.button(key="tour_present").disabled


def test_a_highlight_the_filters_hide_is_said_beside_its_step(app):
    at = open_page(app, "explore")
    search(at, "focus", "pump")
    open_boxes(at)
    at.multiselect(key="statuses").set_value(["supported"]).run()
    at.session_state["selected"] = ("edge", "e-risk")  # weak: the filter hides it
    at.run()
    add_view(at)
    at.switch_page(BUILDER).run()
    assert "Step 1 highlights the claim “It may infect.”, but this step's filters hide it" in texts(at)


def test_highlights_are_picked_by_label_and_bring_their_citations(app):
    at = open_page(app, "explore")
    search(at, "focus", "pump")
    add_view(at)
    at.switch_page(BUILDER).run()
    claims = at.multiselect(key=key(at, "claims", 1))
    assert "Pump — uses — Morphine: It uses morphine." in claims.options
    claims.set_value(["e-uses"]).run()
    assert draft_of(at).steps[0].claims == ("e-uses",)
    assert "Source: A patient leaflet (reliability: moderate), L1 — evidence terms: morphine" in texts(at)
    nodes = at.multiselect(key=key(at, "highlight", 1))
    assert "Morphine (Drug)" in nodes.options


def test_copy_delete_and_open_a_shipped_tour(app):
    at = open_page(app, "explore")
    search(at, "focus", "pump")
    add_view(at, "One")
    at.switch_page(BUILDER).run()
    at.button(key="tour_copy_1").click().run()
    assert [s.title for s in draft_of(at).steps] == ["One", "One"] and draft_of(at).steps[1].uid == 2
    at.button(key="tour_delete_1").click().run()
    assert [s.uid for s in draft_of(at).steps] == [2]
    at.checkbox(key="tour_replace_ok").check().run()
    at.button(key="tour_open").click().run()
    assert draft_of(at).title == "A tiny tour" and len(draft_of(at).steps) == 3
    assert draft_of(at).steps[1].answer is None  # no focus: both ends could be guessed, so only the claim hides
    assert at.text_input(key=key(at, "title")).value == "A tiny tour"


@pytest.mark.parametrize("upload, message", [
    (b"title: [unclosed", "was not opened; your draft is unchanged. tours/bad.yaml: yaml: not valid YAML"),
    (b"- just\n- a list\n", "was not opened; your draft is unchanged."),
    (b"title: T\nsteps: " + b"x" * (600 * 1024), "the file is 600 KB; the limit is 512 KB"),
    (laughs().encode(), "once its aliases (*name) are expanded; it is not read"),
])
def test_a_bad_upload_keeps_the_draft(app, upload, message):
    at = open_page(app, "explore")
    search(at, "focus", "pump")
    add_view(at, "Mine")
    at.switch_page(BUILDER).run()
    at.checkbox(key="tour_replace_ok").check().run()
    at.file_uploader(key="tour_upload").set_value(("bad.yaml", upload, "application/x-yaml")).run()
    assert not at.exception, at.exception
    assert message in texts(at)
    assert [s.title for s in draft_of(at).steps] == ["Mine"]


def test_an_upload_naming_unknown_nodes_opens_with_the_problems_beside_its_steps(app):
    at = open_page(app, "build_tour")
    document = {"title": "T", "steps": [{"narration": "Hi", "focus": "unicorn", "highlight": ["pump", "yeti"]},
                                        {"narration": "Empty", "filters": {"kinds": ["therapy", "risk"], "statuses": ["contradicted"]}}]}
    at.file_uploader(key="tour_upload").set_value(("odd.yaml", yaml.safe_dump(document).encode(), "text/yaml")).run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert any(unescape(e.label).startswith("odd.yaml was opened with 2 problem(s)") for e in at.expander)
    assert "tours/odd.yaml: step 1: focus: unknown node 'unicorn'" in shown
    assert "Step 1 names the node “unicorn” as its focus, which is not in this dataset" in shown
    at.button(key="tour_edit_2").click().run()
    assert "Step 2 shows nothing: its filters and focus leave no node on the screen." in texts(at)


def test_zero_steps_and_two_hundred(app):
    at = open_page(app, "build_tour")
    assert "No steps yet." in texts(at) and not at.exception
    document = {"title": "Long", "steps": [{"title": f"S{n}", "narration": "Pumps.", "focus": "pump"}
                                           for n in range(200)]}
    at.file_uploader(key="tour_upload").set_value(("long.yaml", yaml.safe_dump(document).encode(), "text/yaml")).run()
    assert not at.exception, at.exception
    assert f"The tour has 200 steps; a tour has at most {MAX_STEPS}." in texts(at)
    assert len([c for c in at.get("image")]) == 8  # a page of cards at a time
    assert "Not checked" in texts(at) and "Ready" not in texts(at)  # over the limit, no step is called ready
    assert f"A tour has at most {MAX_STEPS} steps: keep the first {MAX_STEPS} to check and preview them." in texts(at)
    at.button(key="tour_keep_first").click().run()
    assert len(draft_of(at).steps) == MAX_STEPS and "0 error(s)" in texts(at)
    assert "Ready" in texts(at)


def live_markup(values: list[str]) -> list[str]:
    """The strings holding a ``<`` that markdown would read as a tag, or a link it would follow."""
    return [v for v in values if re.search(r"(?<!\\)<[A-Za-z/!]", v) or "](" in v.replace(r"\]\(", "")]


def test_hostile_text_stays_text_in_the_builder_and_present(app):
    at = open_page(app, "explore")
    search(at, "focus", "pump")
    add_view(at, f"Step {SCRIPT}")
    at.switch_page(BUILDER).run()
    at.text_input(key=key(at, "title")).input(f"Tour {IMG}").run()
    at.text_area(key=key(at, "narration", 1)).input(f"Look **here** {IMG} [x](javascript:alert(1))").run()
    assert f"Step {SCRIPT}" in texts(at) and f"Look **here** {IMG}" in texts(at)
    assert live_markup(raw_texts(at)) == [] and not any("**here**" in v for v in raw_texts(at))
    at.button(key="tour_present").click().run()
    assert f"Look **here** {IMG} [x](javascript:alert(1))" in texts(at)
    assert live_markup(raw_texts(at)) == []


def test_saving_needs_the_flag(app):
    at = open_page(app, "explore")
    search(at, "focus", "pump")
    add_view(at)
    at.switch_page(BUILDER).run()
    assert "Saving into the data folder is off." in texts(at)
    assert "streamlit run app.py -- --allow-edits" in texts(at)
    assert not [b for b in at.button if b.key == "tour_save"]


def test_saving_with_the_flag_asks_before_replacing(teaching_folder, tmp_path, monkeypatch):
    import shutil
    folder = tmp_path / "data"
    shutil.copytree(teaching_folder, folder)
    monkeypatch.setattr(sys, "argv", ["app.py", "--allow-edits"])
    at = open_page(app_test(folder, monkeypatch, timeout=90), "explore")
    search(at, "focus", "pump")
    add_view(at)
    at.switch_page(BUILDER).run()
    at.text_input(key=key(at, "title")).input("Saved").run()
    at.text_area(key=key(at, "narration", 1)).input("The pump.").run()
    at.text_input(key=key(at, "name")).input("../escape").run()
    assert "The file name is not safe" in texts(at)
    at.text_input(key=key(at, "name")).input("tiny").run()  # the data folder's own tour
    assert at.button(key="tour_save").disabled
    at.checkbox(key="tour_save_confirm").check().run()
    at.button(key="tour_save").click().run()
    assert "Saved" in texts(at) and yaml.safe_load((folder / "tours" / "tiny.yaml").read_text())["title"] == "Saved"
    assert at.button(key="tour_save").disabled  # asks again next time
    assert not (tmp_path / "escape.yaml").exists()


def test_save_never_replaces_unasked_and_writes_only_into_tours(tmp_path):
    from builders.app.tour_builder import save
    from builders.teach.tour_draft import Draft, DraftStep
    draft = Draft(title="T", steps=(DraftStep("A", "B", focus="pump"),))
    target = tmp_path / "tours" / "mine.yaml"
    save(draft, target, replace_existing=False)
    assert yaml.safe_load(target.read_text())["title"] == "T"
    with pytest.raises(FileExistsError):
        save(replace_title(draft, "Other"), target, replace_existing=False)
    save(replace_title(draft, "Other"), target, replace_existing=True)
    assert yaml.safe_load(target.read_text())["title"] == "Other" and sorted(p.name for p in target.parent.iterdir()) == ["mine.yaml"]
    with pytest.raises(ValueError):
        save(draft, tmp_path / "elsewhere" / "x.yaml", replace_existing=True)


def replace_title(draft, title):
    from dataclasses import replace
    return replace(draft, title=title)
