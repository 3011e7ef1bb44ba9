"""The project's words for evidence: one citation, one claim's evidence, one reference.

Every page, panel, figure caption and export that tells a reader where something comes from
goes through here, so they all read the same. A claim's (or node's) evidence is first gathered
into a structured :class:`Evidence` value; its lines of text are written in one place,
:meth:`Evidence.lines`. Callers that need the parts (the sources of a tour step, the answer of a
predict step) read the fields, never the text back.

Examples
--------
>>> evidence = evidence_of(G, G.nodes["intrathecal-pump"])
>>> evidence.status, evidence.lines()[1].startswith("Source: ")
('supported', True)
>>> short("a" * 50, 10)
'aaaaaaaaa…'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import networkx as nx

from ..escape import md
from ..graph.queries import cited_sources

DISCLAIMER = ("Educational, not medical advice. Pain Atlas shows what its sources say, graded for "
              "reliability; it gives no dosing instructions and replaces no clinician.")
#: The same notice on one line of a projector's screen, at the top of every page of the app.
BANNER = "Educational, not medical advice: sources graded for reliability, no dosing instructions, no clinician replaced."
#: Longest label drawn on the canvas; the full text stays in the tooltip and panels.
LABEL_LIMIT = 42


#: ``*...*`` marks italics in a reference (a journal's name), as ``references.md`` writes them.
ITALIC = re.compile(r"\*([^*\n]+)\*")


def italic_parts(text: str) -> list[tuple[str, bool]]:
    """A reference's text as ``(part, italic)`` pairs: ``*...*`` marks italics.

    >>> italic_parts("Chalil A. A review. *Expert Opin Drug Saf* 2021.")
    [('Chalil A. A review. ', False), ('Expert Opin Drug Saf', True), (' 2021.', False)]
    """
    parts, at = [], 0
    for found in ITALIC.finditer(text):
        parts += [(text[at:found.start()], False)] * bool(found.start() > at) + [(found.group(1), True)]
        at = found.end()
    return parts + [(text[at:], False)] * bool(at < len(text))


def plain(text: str) -> str:
    """A reference (or a title) for plain text, exports and figures: the italics' asterisks dropped.

    >>> plain("*MMWR Recommendations and Reports* 2022;71(3)")
    'MMWR Recommendations and Reports 2022;71(3)'
    """
    return "".join(part for part, _ in italic_parts(text))


def reference_markdown(text: str) -> str:
    """A reference in Streamlit markdown: italics as italics, everything else escaped as text.

    >>> reference_markdown("A <b>review</b>. *J Pain* 2020.")
    'A \\\\<b\\\\>review\\\\</b\\\\>\\\\. *J Pain* 2020\\\\.'
    """
    return "".join(f"*{md(part)}*" if italic else md(part) for part, italic in italic_parts(text))


def short(text: str, limit: int = LABEL_LIMIT) -> str:
    """Shorten a label for the canvas; the full text stays in the tooltip and panels."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True)
class Cited:
    """One citation as a reader sees it: the source's title and reliability, where, and the terms."""

    source: str
    title: str
    reliability: str | None
    locator: str
    terms: tuple[str, ...]

    def text(self) -> str:
        reliability = f" (reliability: {self.reliability})" if self.reliability else ""
        where = f", {self.locator}" if self.locator else ""
        terms = f" — evidence terms: {', '.join(self.terms)}" if self.terms else ""
        return f"{self.title}{reliability}{where}{terms}"


@dataclass(frozen=True)
class Correcting:
    """A correction that stands against a claim, and the references that back it."""

    text: str
    backed_by: tuple[Cited, ...]


@dataclass(frozen=True)
class Evidence:
    """Why a node or claim has its status: its citations and any corrections."""

    status: str
    qualifier: str
    citations: tuple[Cited, ...]
    corrections: tuple[Correcting, ...]

    def _head(self, status: bool, qualifier: bool) -> list[str]:
        lines = [f"Evidence: {self.status}"] if status else []
        return lines + (["Figure or caveat: " + self.qualifier] if qualifier and self.qualifier else [])

    def summary_lines(self, status: bool = True, qualifier: bool = True) -> list[str]:
        """The evidence status, the figure or caveat, and the corrections' own words."""
        return self._head(status, qualifier) + ["Correction: " + c.text for c in self.corrections]

    def citation_lines(self) -> list[str]:
        """The citations, and those that back each correction."""
        return (["Source: " + c.text() for c in self.citations]
                + ["Backed by: " + c.text() for correction in self.corrections for c in correction.backed_by])

    def lines(self, status: bool = True, qualifier: bool = True) -> list[str]:
        """Everything, in reading order: status, figure or caveat, sources, then each correction
        followed by what backs it."""
        lines = self._head(status, qualifier) + ["Source: " + c.text() for c in self.citations]
        for correction in self.corrections:
            lines.append("Correction: " + correction.text)
            lines += ["Backed by: " + c.text() for c in correction.backed_by]
        return lines


def cited(G: nx.MultiDiGraph, citation: dict) -> Cited:
    """A citation of the graph (``{"source", "locator", "terms"}``) with its source's title."""
    source = G.graph["sources"].get(citation["source"])
    return Cited(citation["source"], plain(source.title) if source else citation["source"],
                 source.reliability if source else None, citation["locator"], tuple(citation["terms"]))


def evidence_of(G: nx.MultiDiGraph, data: dict) -> Evidence:
    """The evidence of a node's or a claim's attribute dict."""
    return Evidence(data["status"], data.get("qualifier", ""), tuple(cited(G, c) for c in data["citations"]),
                    tuple(Correcting(c["correction"], tuple(cited(G, b) for b in c["citations"]))
                          for c in data.get("corrections", [])))


def citation_line(G: nx.MultiDiGraph, citation: dict) -> str:
    """One citation as text: source title, its reliability, the locator and evidence terms."""
    return cited(G, citation).text()


def reference_line(source) -> str:
    """One entry of a reference list, as plain text: a vetted reference as listed (its italics'
    asterisks dropped), else the source article by its author, title and type.

    >>> from builders.data.model import Source
    >>> reference_line(Source("a", "What Is A Pain Pump?", "blog", "low", "", file="000_7e9e.txt"))
    'What Is A Pain Pump? Blog article. [reliability: low]'
    """
    if source.reference:
        return f"{plain(source.reference)} [reliability: {source.reliability}]"
    by = f"{source.author}. " if source.author else ""
    title = plain(source.title)
    stop = "" if title.endswith((".", "?", "!")) else "."
    return f"{by}{title}{stop} {source_kind(source).capitalize()}. [reliability: {source.reliability}]"


def source_kind(source) -> str:
    """What a source is, in words a student reads: "blog article", "guideline" (never its file).

    >>> from builders.data.model import Source
    >>> source_kind(Source("a", "T", "patient education", "moderate", "", file="001.txt"))
    'patient education article'
    """
    return f"{source.type} article" if source.is_document else source.type


def references_for(G: nx.MultiDiGraph, nodes, claims) -> list[str]:
    """The "cite this" list of some nodes and claims (attribute dicts): every source they cite, as text."""
    return [reference_line(G.graph["sources"][s]) for s in cited_sources(G, nodes, claims)]
