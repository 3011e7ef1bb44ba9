"""The sidebar's search boxes rank by how well a label or an alias matches, and never offer a
name that does not contain what was typed: "ketamine" suggests only ketamine nodes (AppTest)."""

from __future__ import annotations

from support.app import app_test, open_boxes, unescape


def test_ketamine_suggests_only_ketamine_nodes_in_the_app(monkeypatch):
    at = app_test(None, monkeypatch)
    at.run()
    at.text_input(key="focus_query").input("ketamine").run()
    offered = [unescape(b.label) for b in at.button if b.key and b.key.startswith("focus_pick_")]
    assert offered and all("ketamine" in label.casefold() for label in offered)
    assert offered[0].startswith("Ketamine (Drug)")
    assert not any("Refill" in label for label in offered)
    at.button(key="focus_pick_0").click().run()
    assert at.session_state["focus"] == "ketamine" and at.session_state["selected"] == ("node", "ketamine")
    assert at.text_input(key="focus_query").value == "" and at.query_params["focus"] == "ketamine"


def test_the_path_finder_searches_the_same_way(monkeypatch):
    at = open_boxes(app_test(None, monkeypatch))
    at.text_input(key="path_to_query").input("IDDS").run()
    assert unescape(at.button(key="path_to_pick_0").label) == "Intrathecal pump (Therapy) · “IDDS”"
    at.text_input(key="path_to_query").input("zzzz").run()
    assert any("No label or alias contains “zzzz”" in unescape(c.value) for c in at.caption)


def test_the_path_finder_joins_the_new_kinds(monkeypatch):
    at = open_boxes(app_test(None, monkeypatch))
    at.text_input(key="path_from_query").input("no withdrawal").run()
    at.button(key="path_from_pick_0").click().run()
    at.text_input(key="path_to_query").input("pain pump").run()
    at.button(key="path_to_pick_0").click().run()
    shown = "\n".join(unescape(m.value) for m in at.markdown)
    assert "1. No withdrawal when stopped — is a property of — Ziconotide" in shown
    assert "2. Ziconotide — is used in — Intrathecal pump" in shown
