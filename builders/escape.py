"""Every escape in one place: data is text, never markup, wherever it is written.

- :func:`md` for Streamlit's markdown (the app's pages and panels);
- :func:`neutralise_cell` and :func:`safe_csv` for CSV files a spreadsheet opens (OWASP, CSV injection);
- :func:`xml_text` for GraphML, GEXF and SVG, which cannot hold some characters at all, and
  :func:`keep_carriage_returns` for XML text that must keep its carriage returns;
- :func:`json_for_script` for JSON inside an HTML ``<script>`` element.

This module imports nothing of the project: every layer may use it.

Examples
--------
>>> neutralise_cell("=HYPERLINK(1)")
"'=HYPERLINK(1)"
>>> neutralise_cell("plain text")
'plain text'
"""

from __future__ import annotations

import csv
import json
import re

# OWASP's list, plus a line feed and the full-width forms some spreadsheets also read as formulas.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Characters that XML 1.0 forbids even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def md(text: str) -> str:
    """Escape text so that Streamlit's markdown shows it literally (data is text, never markup).

    >>> md("<b>*x*</b>")
    '\\\\<b\\\\>\\\\*x\\\\*\\\\</b\\\\>'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")


def neutralise_cell(value):
    """Prefix a cell that starts like a formula with a quote, so spreadsheets show it as text.

    Leading spaces do not hide a formula from every spreadsheet, so they are looked through.

    >>> neutralise_cell("  =1+1")
    "'  =1+1"
    >>> neutralise_cell("-5 mg")
    "'-5 mg"
    """
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def safe_csv(frame) -> str:
    """A pandas frame as CSV text with formula-like cells neutralised.

    Text cells are always quoted: the csv module leaves a cell holding a lone carriage return
    unquoted when lines end in ``\\n``, and a reader would then split the row in two.
    """
    return frame.map(neutralise_cell).to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC)


def xml_text(value: str) -> str:
    """``value`` with the characters XML 1.0 cannot hold replaced by U+FFFD.

    >>> xml_text("a" + chr(0) + "b") == "a\\ufffdb"
    True
    """
    return _NOT_XML.sub("\ufffd", value)


def keep_carriage_returns(xml: bytes) -> bytes:
    """Serialised XML with every raw carriage return written as ``&#13;``, so that a parser reads
    it back: XML parsers turn a raw CR (or CR LF) in text into a line feed. Only text can hold one
    (serialisers escape it in attributes and never put one in markup), so every raw CR is text.

    >>> keep_carriage_returns(b"<a>x\\r\\ny</a>")
    b'<a>x&#13;\\ny</a>'
    """
    return xml.replace(b"\r", b"&#13;")


def json_for_script(data) -> str:
    """JSON that is safe inside a ``<script type="application/json">`` element.

    >>> json_for_script({"a": "</script><b>"})
    '{"a": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
