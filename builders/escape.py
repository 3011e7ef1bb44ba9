"""Every escape in one place: data is text, never markup, wherever it is written.

- :func:`md` for Streamlit's markdown (the app's pages and panels);
- :func:`neutralise_cell` and :func:`safe_csv` for CSV files a spreadsheet opens (OWASP, CSV injection);
- :func:`xml_text` for GraphML, GEXF and SVG, which cannot hold some characters at all, and
  :func:`xml_escape` for text or an attribute value written into XML by hand;
- :func:`unicode_text` for any file written as UTF-8 (a lone surrogate cannot be encoded);
- :func:`cypher_string` for a text literal in a Cypher script, :func:`selector_string` for a
  value in a Cytoscape.js selector;
- :func:`json_for_script` for JSON inside an HTML ``<script>`` element;
- :func:`gift` for Moodle's GIFT quiz format.

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
# The first characters worth a closer look (a leading space may hide a formula): a quick test first.
_RISKY_FIRST = frozenset("".join(_FORMULA_STARTS) + " ")
# Characters that XML 1.0 forbids even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# What XML would read as markup, and the white space a parser would normalise: \r in text, and
# \r, \n and \t in an attribute value, become character references so they come back as written.
_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_XML_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;",
                           "\n": "&#10;", "\t": "&#9;"})
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")
# GIFT's reserved characters, as Moodle's own exporter escapes them (qformat_gift::repchar).
_GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")


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
    if isinstance(value, str) and value[:1] in _RISKY_FIRST and value.lstrip(" ").startswith(_FORMULA_STARTS):
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


def xml_escape(value: str, attribute: bool = False) -> str:
    """``value`` ready to write between XML tags, or inside a double-quoted attribute.

    Characters XML cannot hold become U+FFFD (:func:`xml_text`); markup characters and the white
    space a parser would change become references.

    >>> xml_escape("<b> & " + chr(13) + chr(0)) == "&lt;b&gt; &amp; &#13;\ufffd"
    True
    >>> xml_escape('say "hi"', attribute=True)
    'say &quot;hi&quot;'
    """
    return xml_text(str(value)).translate(_XML_ATTR if attribute else _XML_TEXT)


def unicode_text(value: str) -> str:
    """``value`` with lone surrogates (which UTF-8 cannot encode) replaced by U+FFFD.

    >>> unicode_text("a" + chr(0xD800)) == "a\\ufffd"
    True
    """
    return _SURROGATES.sub("\ufffd", value)


def cypher_string(value: str) -> str:
    """A Cypher string literal (single-quoted) that holds ``value`` as text.

    >>> print(cypher_string("it's"))
    'it\\'s'
    """
    text = unicode_text(str(value)).replace("\\", "\\\\").replace("'", "\\'")
    return "'" + text.replace("\n", "\\n").replace("\r", "\\r") + "'"


def selector_string(value: str) -> str:
    """A double-quoted value for a Cytoscape.js selector such as ``node[kind = "drug"]``.

    >>> print(selector_string('a"b'))
    "a\\"b"
    """
    return '"' + unicode_text(str(value)).replace("\\", "\\\\").replace('"', '\\"') + '"'


def json_for_script(data) -> str:
    """JSON that is safe inside a ``<script type="application/json">`` element.

    >>> json_for_script({"a": "</script><b>"})
    '{"a": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")



def gift(text: str) -> str:
    r"""Text for Moodle's GIFT format: ``\ ~ = # { } :`` escaped with a backslash, and line
    breaks written as ``\n`` (a blank line ends a question), as Moodle's own exporter does.

    >>> print(gift("a=b {c} #d ~e :f \\g"))
    a\=b \{c\} \#d \~e \:f \\g
    >>> print(gift("two" + chr(10) + "lines"))
    two\nlines
    """
    text = _GIFT_SPECIAL.sub(r"\\\1", str(text))
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", r"\n")
