"""The hostile inputs of issue 16, written at test time: each is the tiny dataset with one thing
made hostile (a YAML alias bomb, a schema that multiplies messages, a 100,000-column header,
values that YAML parses into dates, tags or huge numbers, a lone surrogate, a colour that is not
one, a label that reads as maths, control characters).

Each :class:`Bomb` names the problem it must produce once fixed: ``(file, field, words)``, where
``words`` is a part of the message. ``python tests/support/bombs.py OUT`` writes them all.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from support.datasets import TINY_ROWS, write_csv, write_dataset

from builders.data.tables import TABLES

#: A tour that is valid on the tiny dataset.
TOUR = "title: A tour\nsteps:\n  - title: The pump\n    narration: Look at the pump.\n    focus: pump\n"


def laughs(levels: int = 9, width: int = 9) -> str:
    """YAML anchors ``a`` to ``i``, each a list of ``width`` aliases of the one before:
    ``width ** levels`` values once expanded, from a few hundred bytes."""
    lines = [f"a: &a [{', '.join(['lol'] * width)}]"]
    names = "abcdefghijklmnopqrstuvwxyz"
    for before, name in zip(names[:levels - 1], names[1:levels]):
        lines.append(f"{name}: &{name} [{', '.join(['*' + before] * width)}]")
    return "\n".join(lines) + "\n"


def _tour(text: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        (folder / "tours").mkdir(exist_ok=True)
        (folder / "tours" / "bomb.yaml").write_text(text, encoding="utf-8")
    return edit


def _schema(change: Callable[[str], str]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / "schema.yaml"
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return edit


def _kind_label(value: str) -> Callable[[Path], None]:
    """The therapy kind's label set to ``value`` (YAML source text, written as is)."""
    return _schema(lambda text: text.replace("{label: Therapy,", "{label: " + value + ",", 1))


def _tour_title(value: str) -> Callable[[Path], None]:
    return _tour(TOUR.replace("title: A tour", "title: " + value, 1))


def _many_kinds_and_bad_rows(kinds: int = 20_000, rows: int = 50_000) -> Callable[[Path], None]:
    """A schema with ``kinds`` kinds (about 270 KB) and ``rows`` nodes of a kind it does not have:
    each message used to list every kind."""
    def edit(folder: Path) -> None:
        names = [f"kind-number-{i:06d}" for i in range(kinds)]
        text = (folder / "schema.yaml").read_text(encoding="utf-8")
        text = text.replace("node_kinds:\n", "node_kinds:\n" + "".join(f"  {n}: {{}}\n" for n in names), 1)
        (folder / "schema.yaml").write_text(text, encoding="utf-8")
        nodes = TINY_ROWS["nodes.csv"] + [{"id": f"n{i}", "label": f"N{i}", "kind": "gadget", "description": "d"}
                                          for i in range(rows)]
        write_csv(folder / "nodes.csv", [*TABLES["nodes.csv"][0], *TABLES["nodes.csv"][1]], nodes)
    return edit


def _wide_header(columns: int = 100_000) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / "nodes.csv"
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[0] += "".join(f",x{i}" for i in range(columns))
        path.write_text("\n".join(lines), encoding="utf-8")
    return edit


def _many_steps(steps: int = 131_023) -> Callable[[Path], None]:
    """A tour of ``steps`` steps, each an alias of one step: under 512 KB."""
    return _tour("s: &s {narration: again, focus: pump}\ntitle: Long\nsteps: [" + ",".join(["*s"] * steps) + "]\n")


def _locator(value: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        rows = [dict(r) for r in TINY_ROWS["citations.csv"]]
        rows[0]["locator"] = value
        write_csv(folder / "citations.csv", TABLES["citations.csv"][0], rows)
    return edit


def _node_label(value: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        rows = [dict(r) for r in TINY_ROWS["nodes.csv"]]
        rows[0]["label"] = value
        write_csv(folder / "nodes.csv", [*TABLES["nodes.csv"][0], *TABLES["nodes.csv"][1]], rows)
    return edit


def _source_text(text: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        (folder / "sources" / "doc.txt").write_text(text, encoding="utf-8", newline="")
    return edit


@dataclass(frozen=True)
class Bomb:
    """A hostile data folder and the problem it must give: ``expect = (file, field, words)``."""

    name: str
    edit: Callable[[Path], None]
    expect: tuple[str, str, str]
    #: What it broke before issue 16, for the record.
    before: str = ""
    #: The command that shows it: validate, or an export format.
    command: str = "validate"


BOMBS = [
    Bomb("tour alias bomb in focus", _tour(laughs() + "title: T\nsteps:\n  - narration: n\n    focus: *i\n"),
         ("tours/bomb.yaml", "yaml", "more than"), "the message quoted the expanded value"),
    Bomb("tour alias bomb in depth", _tour(laughs() + "title: T\nsteps:\n  - narration: n\n    depth: *i\n"),
         ("tours/bomb.yaml", "yaml", "more than"), "the message quoted the expanded value"),
    Bomb("tour alias bomb in a predict step's claim",
         _tour(laughs() + "title: T\nsteps:\n  - narration: n\n    type: predict\n    claim: *i\n"),
         ("tours/bomb.yaml", "yaml", "more than"), "the message quoted the expanded value"),
    Bomb("schema alias bomb", _schema(lambda t: laughs() + t.replace("{label: Therapy,", "{label: *i,", 1)),
         ("schema.yaml", "yaml", "more than"), ""),
    Bomb("131,023 steps through aliases", _many_steps(), ("tours/bomb.yaml", "yaml", "more than"),
         "a 131,023-step tour"),
    Bomb("20,000 kinds and 50,000 nodes of an unknown kind", _many_kinds_and_bad_rows(),
         ("nodes.csv", "kind", "unknown kind 'gadget'"), "every message listed every kind"),
    Bomb("100,000 columns in a header", _wide_header(), ("nodes.csv", "report", "more problem"),
         "quadratic in the columns"),
    Bomb("impossible date in schema.yaml", _kind_label("2024-02-30"), ("schema.yaml", "yaml", ""),
         "ValueError traceback"),
    Bomb("impossible date in a tour", _tour_title("2024-02-30"), ("tours/bomb.yaml", "", ""), "ValueError traceback"),
    Bomb("5,000-digit integer in schema.yaml", _kind_label("9" * 5000), ("schema.yaml", "yaml", ""),
         "ValueError traceback"),
    Bomb("5,000-digit depth in a tour", _tour(TOUR + "    depth: " + "9" * 5000 + "\n"),
         ("tours/bomb.yaml", "step 1: depth", "is not a depth"), "ValueError traceback"),
    Bomb("!!int abc", _kind_label("!!int abc"), ("schema.yaml", "node_kinds.therapy.label", "expected text"),
         "ValueError traceback"),
    Bomb("!!bool maybe", _tour(TOUR + "    fade: !!bool maybe\n"), ("tours/bomb.yaml", "step 1: fade", "expected text"),
         "KeyError traceback"),
    Bomb("!!float x", _kind_label("!!float x"), ("schema.yaml", "node_kinds.therapy.label", "expected text"),
         "ValueError traceback"),
    Bomb("!!timestamp 2024-13-01", _tour_title("!!timestamp 2024-13-01"), ("tours/bomb.yaml", "title", "expected text"),
         "ValueError traceback"),
    Bomb("!!binary garbage", _kind_label("!!binary '@@@'"), ("schema.yaml", "node_kinds.therapy.label", "expected text"),
         "read as empty bytes"),
    Bomb("!!python/name:os.system", _kind_label("!!python/name:os.system ''"),
         ("schema.yaml", "node_kinds.therapy.label", "expected text"), "the whole file refused as not YAML"),
    Bomb("!!set in a tour", _tour(TOUR + "    highlight: !!set {pump, morphine}\n"),
         ("tours/bomb.yaml", "step 1: highlight", "expected a list"), ""),
    Bomb("locator L + 5,000 digits", _locator("L" + "1" * 5000), ("citations.csv", "locator", "malformed locator"),
         "ValueError traceback"),
    Bomb("lone surrogate in a tour title", _tour_title('"A \\ud800 tour"'),
         ("tours/bomb.yaml", "title", "lone surrogate"), "UnicodeEncodeError in tours, Present and exports"),
    Bomb("lone surrogate in a kind label", _kind_label('"Ther\\udfffapy"'),
         ("schema.yaml", "node_kinds.therapy.label", "lone surrogate"), "UnicodeEncodeError in exports",
         command="svg"),
    Bomb("colour banana", _schema(lambda t: t.replace('color: "#1f77b4"', "color: banana", 1)),
         ("schema.yaml", "node_kinds.therapy.color", "not a colour"), "PNG/SVG export failed", command="png"),
    Bomb("colour #12345", _schema(lambda t: t.replace('color: "#1f77b4"', 'color: "#12345"', 1)),
         ("schema.yaml", "node_kinds.therapy.color", "not a colour"), "PNG/SVG export failed", command="png"),
    Bomb("control character in a node label", _node_label("Pu\x07mp"), ("nodes.csv", "label", "control character"),
         "SVG not well-formed", command="svg"),
    Bomb("control character in a kind label", _kind_label('"Ther\\x1bapy"'),
         ("schema.yaml", "node_kinds.therapy.label", "control character"), "SVG not well-formed", command="svg"),
    Bomb("form feed in a source text", _source_text("Pumps deliver \x0c morphine into the spine.\u2028More.\n"
                                                    "Infection can occur at the site.\n"),
         ("", "", ""), "L2 read as the wrong line; a correct citation rejected"),
]


def write_bomb(folder: Path, bomb: Bomb) -> Path:
    """The tiny dataset with ``bomb`` applied, in ``folder``."""
    write_dataset(folder)
    bomb.edit(folder)
    return folder


if __name__ == "__main__":  # pragma: no cover
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bombs")
    shutil.rmtree(out, ignore_errors=True)
    for bomb in BOMBS:
        write_bomb(out / bomb.name.replace(" ", "-").replace("/", "-"), bomb)
    print(f"wrote {len(BOMBS)} data folders into {out}")
