"""What keeps the app quick (issue 14), checked without timing anything: the graph's JavaScript is
served as files, not sent with every mount; the payload does not change with a click; the app's
modules import no plotting or data-frame library until a figure or a table is made; layouts are
kept on disk for the next server. The timings themselves are ``pain-atlas bench --interaction``'s."""

from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
import pytest

from builders.app import layout_cache
from builders.app.component import COMPONENT_NAME
from support.app import APP, app_test


@pytest.fixture
def tiny_app(tiny_folder, monkeypatch):
    return app_test(tiny_folder, monkeypatch)


def graph_element(at):
    return next(e.proto for e in at.get("bidi_component") if e.proto.component_name == COMPONENT_NAME)


def test_the_graphs_javascript_is_a_file_not_sent_with_each_mount(tiny_app):
    at = tiny_app.run()
    element = graph_element(at)
    assert element.js_source_path == "mount.js" and element.css_source_path == "component.css"
    assert element.js_content == "" and element.css_content == ""
    assert len(element.SerializeToString()) < 20_000  # the tiny graph's data, and nothing else


def test_a_click_changes_the_selection_not_the_payload(tiny_app):
    at = tiny_app.run()
    before = json.loads(graph_element(at).bytes)
    at.session_state["pa_graph"] = {"selected": {"kind": "node", "id": "morphine"}}
    at.run()
    after = json.loads(graph_element(at).bytes)
    assert after["selected"] == {"kind": "node", "id": "morphine"}
    assert {k: v for k, v in after.items() if k != "selected"} == {k: v for k, v in before.items() if k != "selected"}
    assert at.query_params["sel"] == "node:morphine"  # the fragment keeps the URL right


def test_the_app_imports_no_plotting_or_data_frame_library_to_show_the_explorer():
    # A whole run of Explore, graph included (a dict handed to a component would import pandas and
    # pyarrow in Streamlit's data-frame check: the payload goes as bytes).
    code = ("import sys\n"
            "from streamlit.testing.v1 import AppTest\n"
            f"at = AppTest.from_file({str(APP)!r}, default_timeout=120).run()\n"
            "assert not at.exception and at.get('bidi_component'), at.exception\n"
            "print(sorted(m for m in ('matplotlib', 'pandas', 'pyarrow', 'igraph', 'pyvis') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_layout_is_kept_on_disk_for_the_next_server(tmp_path):
    H = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    computed = []

    def compute():
        computed.append(1)
        return {"a": (0.0, 0.0), "b": (300.0, 56.5), "c": (-300.0, 112.0)}

    first = layout_cache.cached_positions(H, "key1", compute, tmp_path)
    again = layout_cache.cached_positions(H, "key1", compute, tmp_path)
    assert first == again and len(computed) == 1
    layout_cache.cached_positions(H, "key2", compute, tmp_path)  # the data changed: computed anew
    assert len(computed) == 2
    H.add_node("d")  # a file that does not match the graph is not trusted
    assert layout_cache.cached_positions(H, "key1", lambda: {"d": (1.0, 1.0)}, tmp_path) == {"d": (1.0, 1.0)}


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    H = nx.Graph([("a", "b")])
    assert layout_cache.cached_positions(H, "k", lambda: {"a": (1.0, 2.0), "b": (3.0, 4.0)}, blocked) == \
        {"a": (1.0, 2.0), "b": (3.0, 4.0)}


def test_the_cache_keeps_a_bounded_number_of_layouts(tmp_path, monkeypatch):
    monkeypatch.setattr(layout_cache, "MOST_FILES", 3)
    H = nx.Graph([("a", "b")])
    for number in range(6):
        layout_cache.cached_positions(H, f"k{number}", lambda: {"a": (0.0, 0.0), "b": (1.0, 1.0)}, tmp_path)
    assert len(list(tmp_path.glob("layout-*.json"))) == 3
