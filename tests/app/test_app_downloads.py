"""AppTest for the Table view's "Export data" menu: every format offered, deferred, of the view or
of the whole dataset; and the cached helper behind it, called directly."""

from __future__ import annotations

import io
import json
import zipfile

import networkx as nx
import pytest

from builders.app.bundle import Bundle, clear_caches
from builders.app.downloads import export_file, file_name, view_graph
from builders.data.load import load_dataset
from builders.graph.build import build_graph
from builders.graph.views import Filters, ViewSpec
from builders.render.export import FILES, FORMATS
from support.app import app_test, open_boxes, open_page


@pytest.fixture
def table_page(tiny_folder, monkeypatch):
    return open_page(app_test(tiny_folder, monkeypatch), "table")


def test_every_format_is_offered_as_a_deferred_download(table_page):
    buttons = table_page.get("download_button")
    menu = {b.proto.label: b.proto for b in buttons if b.proto.id.split("-")[-1].startswith("export_")}
    assert list(menu) == [FILES[fmt].label for fmt in FORMATS]
    for proto in menu.values():
        # Deferred: nothing is written until the click, and the click does not rerun the page.
        assert proto.deferred_file_id and not proto.url and proto.ignore_rerun


def test_the_menu_offers_the_view_or_the_whole_dataset(table_page):
    at = table_page
    open_boxes(at.switch_page("app_pages/explore.py"))
    at.multiselect(key="statuses").set_value(["supported"]).run()
    at.switch_page("app_pages/table.py").run()
    scope = at.radio(key="export_scope")
    assert scope.options == ["The current view (3 nodes, 1 claims)", "The whole dataset (3 nodes, 2 claims)"]
    scope.set_value("all").run()
    assert not at.exception and at.radio(key="export_scope").value == "all"


def test_export_file_writes_the_view_or_everything(make_dataset):
    result = load_dataset(make_dataset())
    bundle = Bundle(result, build_graph(result.dataset), "test-downloads")
    clear_caches()
    spec = ViewSpec(filters=Filters.of(statuses=["supported"]))
    assert view_graph(bundle, spec).number_of_edges() == 1
    view = json.loads(export_file(bundle, spec, "cytoscape"))
    everything = json.loads(export_file(bundle, None, "cytoscape"))
    assert (len(view["elements"]["edges"]), len(everything["elements"]["edges"])) == (1, 2)
    assert nx.cytoscape_graph(everything).number_of_nodes() == 3
    names = zipfile.ZipFile(io.BytesIO(export_file(bundle, None, "neo4j"))).namelist()
    assert "pain-atlas/load.cypher" in names
    assert file_name("neo4j", "view") == "pain-atlas-view-neo4j.zip"
