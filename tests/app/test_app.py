"""AppTest (streamlit.testing.v1) for the explorer pages: every page, filtering, focus through
query parameters, the path finder, a click delivered to the component's state, and text safety."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders.data.files import PROJECT_ROOT
from support.app import app_test, open_boxes, texts
from support.hostile import IMG, SCRIPT


@pytest.fixture
def tiny_app(tiny_folder, monkeypatch):
    return app_test(tiny_folder, monkeypatch)


@pytest.fixture
def bundled_app(monkeypatch):
    return app_test(None, monkeypatch)


@pytest.mark.parametrize("page", ["app_pages/explore.py", "app_pages/sources.py", "app_pages/table.py"])
def test_every_page_runs_on_the_bundled_data(bundled_app, page):
    at = bundled_app.run()
    at.switch_page(page).run()
    assert not at.exception
    assert "Educational, not medical advice" in texts(at)


def test_default_view_shows_the_whole_graph(tiny_app):
    at = tiny_app.run()
    assert "Showing 3 of 3 nodes and 2 of 2 claims" in texts(at)
    assert at.session_state["pa_graph"]["selected"] is None


def test_filtering_reports_what_it_removed(tiny_app):
    at = open_boxes(tiny_app.run())
    at.multiselect(key="statuses").set_value(["supported"]).run()
    shown = texts(at)
    assert "Showing 3 of 3 nodes and 1 of 2 claims" in shown
    assert "The status filter removed 0 node(s) and 1 claim(s)." in shown
    assert at.query_params["status"] == "supported"


def test_focus_and_depth_from_query_parameters(tiny_app):
    tiny_app.query_params["focus"] = "morphine"
    tiny_app.query_params["depth"] = "1"
    at = tiny_app.run()
    assert at.session_state["focus"] == "morphine"
    assert "Showing 2 of 3 nodes and 1 of 2 claims" in texts(at)
    open_boxes(at)
    at.slider(key="depth").set_value(2).run()
    assert "Showing 3 of 3 nodes" in texts(at)
    assert at.query_params["depth"] == "2"


def test_bad_deep_link_values_get_a_message(tiny_app):
    tiny_app.query_params["focus"] = "unicorn"
    tiny_app.query_params["kind"] = "drug,gadget"
    at = tiny_app.run()
    shown = texts(at)
    assert "unicorn" in shown and "gadget" in shown
    assert not at.exception


def test_path_finder_lists_each_hop_with_its_claim(tiny_app):
    at = open_boxes(tiny_app.run())
    at.text_input(key="path_from_query").input("morph").run()
    at.button(key="path_from_pick_0").click().run()
    at.text_input(key="path_to_query").input("infect").run()
    at.button(key="path_to_pick_0").click().run()
    assert (at.session_state["path_from"], at.session_state["path_to"]) == ("morphine", "infection")
    shown = texts(at)
    assert "How are they connected?" in shown
    assert "It uses morphine" in shown and "It may infect" in shown
    assert "A patient leaflet" in shown          # a hop's citation


def test_click_in_the_component_opens_the_details(tiny_app):
    at = tiny_app.run()
    at.session_state["pa_graph"] = {"selected": {"kind": "edge", "id": "e-risk"}}
    at.run()
    shown = texts(at)
    assert "It may infect" in shown
    assert "A blog (reliability: low), L2" in shown
    assert at.query_params["sel"] == "edge:e-risk"


def test_node_details_show_citations_and_grouped_claims(tiny_app):
    tiny_app.query_params["sel"] = "node:pump"
    at = tiny_app.run()
    shown = texts(at)
    assert "A patient leaflet (reliability: moderate), L1" in shown
    assert [e.label for e in at.expander if "uses" in e.label]


def test_labels_are_text_not_markup(make_dataset, tiny_rows, monkeypatch):
    tiny_rows["nodes.csv"][0]["label"] = IMG
    tiny_rows["nodes.csv"][0]["description"] = f"**bold** [link](javascript:alert(1)) {SCRIPT}"
    at = app_test(make_dataset(tiny_rows), monkeypatch)
    at.query_params["sel"] = "node:pump"
    at.run()
    assert not at.exception
    heading = at.header[0].value  # the details title, a second-level heading
    assert heading == r"\<img src\=x onerror\=alert\(1\)\>"   # every markup character escaped
    description = next(m.value for m in at.markdown if "bold" in m.value)
    assert r"\*\*bold\*\*" in description and r"\<script\>" in description


def test_table_view_follows_the_filters(tiny_app):
    at = open_boxes(tiny_app.run())
    at.multiselect(key="kinds").set_value(["therapy", "drug"]).run()
    at.switch_page("app_pages/table.py").run()
    assert not at.exception
    claims, nodes = at.dataframe[0].value, at.dataframe[1].value
    assert list(claims["Claim"]) == ["It uses morphine."] and set(nodes["Name"]) == {"Pump", "Morphine"}


def test_the_toolbar_boxes_are_made_only_while_open_and_keep_their_values_closed(tiny_app):
    """A closed box makes none of its widgets (a rerun sends none of them), and the values set in
    it still hold once it is closed."""
    at = tiny_app.run()
    assert not at.get("multiselect") and not at.get("slider") and not at.get("download_button")
    open_boxes(at)
    at.multiselect(key="statuses").set_value(["supported"]).run()
    at.session_state["filters_box"] = False
    at.run()
    assert not at.get("multiselect")
    assert "The status filter removed 0 node(s) and 1 claim(s)." in texts(at)
    assert at.session_state["statuses"] == ["supported"] and at.query_params["status"] == "supported"


def test_sources_page_lists_reliability_and_rationale(tiny_app):
    at = tiny_app.run()
    at.switch_page("app_pages/sources.py").run()
    shown = texts(at)
    assert "Reliability: low" in shown and "Garbled" in shown


def test_no_markup_sinks_in_the_code():
    code = [p for p in Path(PROJECT_ROOT).glob("**/*.py") if ".venv" not in p.parts and "tests" not in p.parts]
    code += list((PROJECT_ROOT / "builders").glob("**/assets/*.*"))
    assert any(p.name == "graph.js" for p in code)  # the front-end code is read too
    offenders = [str(p) for p in code if "unsafe_allow_html" in p.read_text() or "innerHTML" in p.read_text()]
    assert offenders == []
