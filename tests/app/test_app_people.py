"""What a student reads: the Table view's plain headers and words, the Sources page without
asterisks, file names or internal ids, and reference italics as italics (AppTest)."""

from __future__ import annotations

import re

from support.app import app_test, open_page, unescape


def test_table_view_reads_for_students(monkeypatch):
    at = open_page(app_test(None, monkeypatch), "table")
    claims, nodes = at.dataframe[0].value, at.dataframe[1].value
    assert list(claims.columns)[:6] == ["From", "Relation", "To", "Claim", "Evidence", "Sources"]
    assert list(nodes.columns)[:3] == ["Name", "Kind", "Evidence"]
    assert "id" not in claims.columns and "id" not in nodes.columns  # ids stay in the CSV downloads
    assert not any("_" in r for r in claims["Relation"]) and "carries the risk of" in set(claims["Relation"])
    assert "Step of care" in set(nodes["Kind"]) and not any("_" in k for k in nodes["Kind"])
    assert set(claims["Evidence"]) == {"Supported", "Weak", "Contradicted"}
    assert not any("|" in a for a in nodes["Also called"])
    assert not any(".txt" in s for s in claims["Sources"])
    assert [b.proto.label for b in at.get("download_button")][-2:] == ["Download claims as CSV", "Download nodes as CSV"]


def test_sources_page_has_no_asterisks_file_names_or_ids(monkeypatch):
    at = open_page(app_test(None, monkeypatch), "sources")
    values = [str(e.value) for kind in ("markdown", "caption", "subheader") for e in at.main.get(kind)]
    # A visible asterisk is an escaped one in the markdown source: there is none; italics are italics.
    assert not [v for v in values if "\\*" in v]
    shown = "\n".join(unescape(v) for v in values)
    assert not re.search(r"\b\d{3}_[0-9a-f]{6,}", shown) and ".txt" not in shown
    assert "no text offline" not in shown and "file " not in shown
    references = [v for v in values if "Expert Opin Drug Saf" in v]
    assert references and "*Expert Opin Drug Saf*" in references[0]  # rendered as italics
    assert "Blog article" in shown and "Guideline" in shown


def test_details_panel_shows_no_internal_id(monkeypatch):
    at = app_test(None, monkeypatch)
    at.query_params["sel"] = "node:intrathecal-pump"
    at.run()
    captions = [unescape(c.value) for c in at.caption]
    assert not any("intrathecal-pump" in c for c in captions)
