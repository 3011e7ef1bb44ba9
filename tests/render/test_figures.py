"""Static figures: the SVG holds its legend and caption as text, the PNG is a valid image of the
expected pixel size, data stays text (no markup, no mathematics), and the command line writes them."""

from __future__ import annotations

import copy
import io
import re

import pytest
from PIL import Image

from builders.cli import main
from builders.teach.compare import compare
from builders.render.figures import HEIGHT, WIDTH, figure_bytes, view_figure, view_image
from builders.teach.handouts import matrix_figure, matrix_image
from builders.graph.views import ViewSpec, make_view
from builders.graph.layout import positions
from support.datasets import graph_of
from support.hostile import SCRIPT
from support.teaching import ROWS, write_teaching_dataset


@pytest.fixture
def folder(teaching_folder):
    return teaching_folder


@pytest.fixture
def G(teaching_graph):
    return teaching_graph


def svg_text(svg: bytes) -> str:
    """The text of an SVG's <text> elements (matplotlib keeps text as text with svg.fonttype none)."""
    return " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg.decode("utf-8")))


def test_the_svg_holds_the_legend_and_the_caption(G):
    svg = view_image(G, make_view(G, ViewSpec()), positions(G), ViewSpec(), "svg", "The whole tiny graph")
    text = svg_text(svg)
    for words in ("Node kinds", "Claims by evidence", "Therapy", "Drug", "Risk", "Supported", "Weak",
                  "Contradicted", "The whole tiny graph", "Sources: A blog (low)", "A guideline (high)",
                  "A patient leaflet (moderate)", "Educational, not medical advice"):
        assert words in text, words
    assert "How it works" not in text  # a row with nothing for these therapies is left out


def test_the_legend_lists_only_the_kinds_shown(G):
    svg = view_image(G, make_view(G, ViewSpec(focus="oral")), positions(G), ViewSpec(focus="oral"), "svg")
    text = svg_text(svg)
    assert "Therapy" in text and "Risk" in text and "Care setting" not in text
    assert "A guideline" not in text  # nothing in this view cites it


def test_the_png_is_valid_and_of_the_expected_size(G):
    png = view_image(G, make_view(G, ViewSpec()), positions(G), ViewSpec(), "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    image.verify()
    assert image.size == (WIDTH, HEIGHT) == (1600, 1000)
    small = Image.open(io.BytesIO(view_image(G, make_view(G, ViewSpec()), positions(G), ViewSpec(), "png", width=800, height=500)))
    assert small.size == (800, 500)


def test_data_stays_text_in_figures(tmp_path):
    rows = copy.deepcopy(ROWS)
    next(n for n in rows["nodes.csv"] if n["id"] == "morphine")["label"] = f"$x^2$ {SCRIPT}"
    G = graph_of(write_teaching_dataset(tmp_path / "d", rows))
    svg = view_image(G, make_view(G, ViewSpec()), positions(G), ViewSpec(), "svg").decode("utf-8")
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert "$x^2$" in svg  # shown as typed, not typeset as mathematics


def test_an_empty_view_still_draws(G):
    from builders.graph.views import Filters
    view = make_view(G, ViewSpec(filters=Filters.of(kinds=["device"])))
    assert "Nothing to draw" in svg_text(view_image(G, view, positions(G), ViewSpec(), "svg"))


def test_the_matrix_figure(G):
    matrix = compare(G, ["pump", "oral"])
    figure = matrix_figure(G, matrix)
    width, height = (round(v) for v in figure.get_size_inches() * figure.dpi)
    image = Image.open(io.BytesIO(figure_bytes(figure, "png")))
    assert image.size == (width, height) and width == WIDTH and height > 300
    text = svg_text(matrix_image(G, matrix, "svg"))
    for words in ("Therapies compared", "Pump", "Oral tablets", "Risks and side effects", "✓ Morphine ●",
                  "? Infection", "✗ Cancer pain", "Key:", "Sources:"):
        assert words in text, words


def test_unknown_format_is_an_error(G):
    with pytest.raises(ValueError, match="unknown figure format"):
        figure_bytes(view_figure(G, make_view(G, ViewSpec()), positions(G)), "gif")


@pytest.mark.parametrize("fmt", ["png", "svg", "html"])
def test_cli_exports_a_focused_view(folder, tmp_path, capsys, fmt):
    out = tmp_path / f"view.{fmt}"
    assert main(["export", "--format", fmt, "--data", str(folder), "--focus", "oral", "--depth", "1",
                 "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    data = out.read_bytes()
    if fmt == "png":
        assert Image.open(io.BytesIO(data)).size == (WIDTH, HEIGHT)
    elif fmt == "svg":
        assert "Oral tablets" in svg_text(data)
    else:
        assert b"Pain Atlas: Oral tablets and what lies within 1 step(s)" in data
