"""The hostile inputs of issue 16, written at test time: each is the tiny dataset with one thing
made hostile (a YAML alias bomb, a schema that multiplies messages, a 100,000-column header,
values that YAML parses into dates, tags or huge numbers, a lone surrogate, a colour that is not
one, a label that reads as maths, control characters).

Each :class:`Bomb` names the problem it must produce now: ``(file, field, words)``, where
``words`` is a part of the message. ``PYTHONPATH=tests python -m support.bombs OUT`` writes them all.
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


def _many_tours(count: int = 60) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        (folder / "tours").mkdir(exist_ok=True)
        for i in range(count):
            (folder / "tours" / f"t{i:03d}.yaml").write_text(TOUR, encoding="utf-8")
    return edit


def _wide_locators(rows: int = 20_000) -> Callable[[Path], None]:
    """A source text of long lines and many citations, each naming many of them."""
    def edit(folder: Path) -> None:
        line = "Pumps deliver morphine into the spine. " * 250   # about 10,000 characters
        (folder / "sources" / "doc.txt").write_text((line + "\n") * 200, encoding="utf-8")
        cited = [dict(r) for r in TINY_ROWS["citations.csv"]]
        cited += [{"what": "pump", "source": "doc", "locator": f"L{1 + i % 100}-L{101 + i % 100}", "terms": "pumps"}
                  for i in range(rows)]
        write_csv(folder / "citations.csv", TABLES["citations.csv"][0], cited)
    return edit


def write_bad_rows(folder: Path, rows: int) -> Path:
    """The tiny dataset plus ``rows`` nodes of a kind the schema does not have: ``rows`` errors."""
    write_dataset(folder)
    with (folder / "nodes.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.writelines(f"n{i},Node {i},gadget,d,\n" for i in range(rows))
    return folder


@dataclass(frozen=True)
class Bomb:
    """A hostile data folder and what it must give now.

    ``expect`` is ``(file, field, words)``: a problem with that file and field whose message
    holds ``words``; ``None`` means the folder validates (its odd values are read as text).
    ``commands`` are the CLI commands that used to fail on it: ``validate`` or an export format.
    """

    name: str
    edit: Callable[[Path], None]
    expect: tuple[str, str, str] | None
    before: str = ""
    commands: tuple[str, ...] = ("validate",)
    #: Big enough to measure: run through the upload too, under the caps.
    big: bool = False


ALIASES = ("tours/bomb.yaml", "yaml", "values once its aliases (*name) are expanded")
BOMBS = [
    Bomb("tour alias bomb in focus", _tour(laughs() + "title: T\nsteps:\n  - narration: n\n    focus: *i\n"),
         ALIASES, "MemoryError (17 GB asked for without a cap)", big=True),
    Bomb("tour alias bomb in depth", _tour(laughs() + "title: T\nsteps:\n  - narration: n\n    depth: *i\n"),
         ALIASES, "MemoryError (64 GB)", big=True),
    Bomb("tour alias bomb in a predict step's claim",
         _tour(laughs() + "title: T\nsteps:\n  - narration: n\n    type: predict\n    claim: *i\n"),
         ALIASES, "MemoryError (64 GB)", big=True),
    Bomb("schema alias bomb", _schema(lambda t: laughs() + t.replace("{label: Therapy,", "{label: *i,", 1)),
         ("schema.yaml", "yaml", "values once its aliases"), "refused (label must be text)", big=True),
    Bomb("131,023 steps through aliases", _many_steps(), ALIASES, "a 131,023-step tour validated", big=True),
    Bomb("20,000 kinds and 50,000 nodes of an unknown kind", _many_kinds_and_bad_rows(),
         ("nodes.csv", "report", "more problem(s) in this file"), "MemoryError (12.6 GB of messages)", big=True),
    Bomb("100,000 columns in a header", _wide_header(), ("nodes.csv", "report", "more problem(s) in this file"),
         "100,000 warnings", big=True),
    Bomb("60 tour files", _many_tours(), ("tours/", "file", "the limit is 50"), "every tour read", big=True),
    Bomb("20,000 citations of 100 lines of 10,000 characters", _wide_locators(),
         ("citations.csv", "locator", "cite at most"), "each citation joined and normalised 1 MB", big=True),
    Bomb("impossible date in schema.yaml", _kind_label("2024-02-30"), None, "ValueError traceback"),
    Bomb("impossible date in a tour", _tour_title("2024-02-30"), None, "ValueError traceback"),
    Bomb("5,000-digit integer in schema.yaml", _kind_label("9" * 5000), None, "ValueError traceback"),
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
         "refused as 'not a bytes'"),
    Bomb("!!python/name:os.system", _kind_label("!!python/name:os.system ''"),
         ("schema.yaml", "node_kinds.therapy.label", "expected text"), "the whole schema refused as not YAML"),
    Bomb("!!set in a tour", _tour(TOUR + "    highlight: !!set {pump, morphine}\n"),
         ("tours/bomb.yaml", "step 1: highlight", "is not allowed"), "refused as 'not a list of ids'"),
    Bomb("locator L + 5,000 digits", _locator("L" + "1" * 5000), ("citations.csv", "locator", "malformed locator"),
         "ValueError traceback"),
    Bomb("lone surrogate in a tour title", _tour_title('"A \\ud800 tour"'),
         ("tours/bomb.yaml", "yaml", "invalid Unicode character escape"),
         "validated; UnicodeEncodeError in tours, Present and exports", ("validate", "tours")),
    Bomb("lone surrogate in a kind label", _kind_label('"Ther\\udfffapy"'),
         ("schema.yaml", "yaml", "invalid Unicode character escape"), "TypeError traceback in exports",
         ("validate", "svg")),
    Bomb("colour banana", _schema(lambda t: t.replace('color: "#1f77b4"', "color: banana", 1)),
         ("schema.yaml", "node_kinds.therapy.color", "not a colour"), "PNG/SVG export: ValueError traceback",
         ("validate", "png")),
    Bomb("colour #12345", _schema(lambda t: t.replace('color: "#1f77b4"', 'color: "#12345"', 1)),
         ("schema.yaml", "node_kinds.therapy.color", "not a colour"), "PNG/SVG export: ValueError traceback",
         ("validate", "png")),
    Bomb("kind label read as maths", _kind_label("'$\\foo{$'"), None, "PNG export: ParseFatalException traceback",
         ("validate", "png", "svg")),
    Bomb("control character in a node label", _node_label("Pu\x07mp"), ("nodes.csv", "label", "control character"),
         "validated with a warning; SVG not well-formed", ("validate", "svg")),
    Bomb("control character in a kind label", _kind_label('"Ther\\x1bapy"'),
         ("schema.yaml", "node_kinds.therapy.label", "control character"), "validated; SVG not well-formed",
         ("validate", "svg")),
    Bomb("form feed and U+2028 in a source text", _source_text("Pumps deliver \x0c morphine into the spine.\u2028"
                                                              "More.\nInfection can occur at the site.\n"),
         None, "L2 read as the wrong line: 5 correct citations rejected"),
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
