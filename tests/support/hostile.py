"""Build the hostile and broken datasets of issue 6 at test time, in a temporary folder.

Nothing big is committed: the 200,000-row and 100 KB cases are written when a test asks for
them. Every broken case names the problem it must produce, so one test can check them all.

Run it by hand to look at the files: ``cd tests && python -m support.hostile OUT_DIR``.
"""

from __future__ import annotations

import copy
import csv
import io
import shutil
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


from support.datasets import TINY_ROWS, write_dataset

from builders.data.tables import TABLES

#: Text that would run as markup or as a formula if it were ever treated as anything but text.
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
MARKUP = [SCRIPT, IMG, '"><svg onload=alert(1)>', "</textarea></script><script>alert(2)</script>",
          "javascript:alert(1)", "{{7*7}} ${7*7}", "&lt;b&gt; &amp;", "' OR 1=1 --"]
FORMULAS = ['=HYPERLINK("http://example.invalid","click")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1",
            "  =cmd|' /C calc'!A0"]
#: Right-to-left text, emoji, combining characters and a bidi override.
SCRIPTS = ["ألم مزمن", "כאב כרוני", "💊🩺🧪", "Cafe\u0301 noe\u0308l", "\u202eevil\u202c",
           "Z\u0351\u0352\u0353algo"]
HOSTILE_TEXTS = MARKUP + FORMULAS + SCRIPTS


def hostile_rows() -> dict:
    """The tiny dataset with hostile text in every free-text field; it is valid data."""
    rows = copy.deepcopy(TINY_ROWS)
    texts = iter(HOSTILE_TEXTS * 4)
    for name, table in rows.items():
        required, optional, _ = TABLES[name]
        for row in table:
            for column in ("title", "author", "rationale", "reference", "label", "description", "claim",
                           "qualifier", "correction"):
                if column in (*required, *optional) and (column != "reference" or row.get("reference")):
                    row[column] = next(texts)
            if name == "nodes.csv":
                row["aliases"] = f"{IMG}|{SCRIPT}|=1+1"
    # Distinct labels, so that the "same label" warning does not fire.
    for i, row in enumerate(rows["nodes.csv"]):
        row["label"] = [SCRIPT, IMG, "=HYPERLINK(\"x\")"][i]
    rows["corrections.csv"] = [{"id": "corr-1", "target": "e-uses", "correction": SCRIPT}]
    rows["citations.csv"].append({"what": "corr-1", "source": "ref", "locator": "Boxed warning"})
    return rows


@dataclass(frozen=True)
class Case:
    """A broken dataset and the problem it must give: ``(file, row, field)``; row ``None`` = any."""

    name: str
    expect: tuple[str, int | None, str]
    rows: Callable[[dict], None] | None = None      # edits the tiny rows
    files: Callable[[Path], None] | None = None     # edits the written files
    severity: str = "error"


def set_cells(table: str, index: int, **values) -> Callable[[dict], None]:
    """An edit of the rows: set ``values`` in row ``index`` (0 = the first data row) of ``table``."""
    def edit(rows: dict) -> None:
        rows[table][index].update(values)
    return edit


def append_row(table: str, **values) -> Callable[[dict], None]:
    """An edit of the rows: add the row ``values`` at the end of ``table``."""
    def edit(rows: dict) -> None:
        rows[table].append(dict(values))
    return edit


def rewrite_file(name: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    """An edit of the written files: ``change`` the bytes of the file ``name``."""
    def edit(folder: Path) -> None:
        path = folder / name
        path.write_bytes(change(path.read_bytes()))
    return edit


def rename_header(name: str, old: str, new: str) -> Callable[[Path], None]:
    """An edit of the written files: replace the first ``old`` in ``name`` (its header) by ``new``."""
    return rewrite_file(name, lambda raw: raw.replace(old.encode(), new.encode(), 1))


CASES = [
    Case("latin-1", ("nodes.csv", 4, "encoding"), rows=set_cells("nodes.csv", 2, description="Caf\u00e9"),
         files=rewrite_file("nodes.csv", lambda raw: raw.decode("utf-8").encode("latin-1"))),
    Case("utf-16", ("nodes.csv", 0, "encoding"),
         files=rewrite_file("nodes.csv", lambda raw: raw.decode().encode("utf-16"))),
    Case("utf-16 without BOM", ("nodes.csv", 0, "encoding"),
         files=rewrite_file("nodes.csv", lambda raw: raw.decode().encode("utf-16-le"))),
    Case("100 KB field", ("nodes.csv", 2, "description"), rows=set_cells("nodes.csv", 0, description="x" * 100 * 1024)),
    Case("200 KB field, past the csv module's own limit", ("nodes.csv", 2, "description"),
         rows=set_cells("nodes.csv", 0, description="y" * 200 * 1024)),
    Case("empty file", ("edges.csv", 0, "file"), files=rewrite_file("edges.csv", lambda raw: b"")),
    Case("BOM only", ("edges.csv", 0, "file"), files=rewrite_file("edges.csv", lambda raw: b"\xef\xbb\xbf\r\n")),
    Case("missing file", ("citations.csv", 0, "file"), files=lambda folder: (folder / "citations.csv").unlink()),
    Case("missing column", ("nodes.csv", 1, "kind"), files=rename_header("nodes.csv", "id,label,kind,", "id,label,")),
    Case("extra column", ("nodes.csv", 1, "colour"), severity="warning",
         files=rename_header("nodes.csv", "aliases\n", "aliases,colour\n")),
    Case("column name in capitals", ("nodes.csv", 1, "Label"), severity="warning",
         files=rename_header("nodes.csv", "id,label,", "id,Label,")),
    Case("duplicated header", ("nodes.csv", 1, "label"), files=rename_header("nodes.csv", "aliases\n", "label\n")),
    Case("blank header", ("nodes.csv", 1, "(blank)"), severity="warning",
         files=rename_header("nodes.csv", "aliases\n", "aliases,\n")),
    Case("ragged row", ("nodes.csv", 3, "row"), rows=set_cells("nodes.csv", 1, description="a"),
         files=rewrite_file("nodes.csv", lambda raw: raw.replace(b",a,", b",a,b,c,d,", 1))),
    Case("unclosed quote", ("edges.csv", None, "row"),
         files=rewrite_file("edges.csv", lambda raw: raw + b'e-x,pump,has_risk,infection,"never closed\n')),
    Case("whitespace-only id", ("nodes.csv", 5, "id"),
         rows=append_row("nodes.csv", id="   ", label="Blank", kind="drug", description="d")),
    Case("NaN id", ("nodes.csv", 5, "id"),
         rows=append_row("nodes.csv", id="NaN", label="N", kind="drug", description="d")),
    Case("null id", ("nodes.csv", 5, "id"),
         rows=append_row("nodes.csv", id="null", label="N", kind="drug", description="d")),
    Case("id differing only in case", ("nodes.csv", 5, "id"),
         rows=append_row("nodes.csv", id="PUMP", label="Pump 2", kind="therapy", description="d")),
    Case("id differing only in spaces", ("nodes.csv", 5, "id"),
         rows=append_row("nodes.csv", id=" pump ", label="Pump 2", kind="therapy", description="d")),
    Case("self-loop", ("edges.csv", 4, "target"), severity="warning",
         rows=lambda r: (r["edges.csv"].append({"id": "e-self", "source": "pump", "relation": "combined_with",
                                                "target": "pump", "claim": "It is combined with itself."}),
                         r["citations.csv"].append({"what": "e-self", "source": "doc", "locator": "L1",
                                                    "terms": "pumps"}))),
    Case("parallel claim", ("edges.csv", 4, "id"), severity="warning",
         rows=lambda r: (r["edges.csv"].append({"id": "e-again", "source": "pump", "relation": "uses_drug",
                                                "target": "morphine", "claim": "Again."}),
                         r["citations.csv"].append({"what": "e-again", "source": "doc", "locator": "L1",
                                                    "terms": "morphine"}))),
    Case("same label with a combining accent", ("nodes.csv", 5, "label"), severity="warning",
         rows=lambda r: (r["nodes.csv"].__setitem__(2, dict(r["nodes.csv"][2], label="Caf\u00e9")),
                         r["nodes.csv"].append({"id": "cafe", "label": "Cafe\u0301", "kind": "risk",
                                                "description": "d"}),
                         r["citations.csv"].append({"what": "cafe", "source": "doc", "locator": "L2",
                                                    "terms": "site"}))),
    Case("control character", ("nodes.csv", 2, "label"), rows=set_cells("nodes.csv", 0, label="Pu\x07mp")),
    Case("line break in a label", ("nodes.csv", 2, "label"), rows=set_cells("nodes.csv", 0, label="Pu\nmp")),
    Case("zero-width space in a label", ("nodes.csv", 2, "label"), severity="warning",
         rows=set_cells("nodes.csv", 0, label="Pu\u200bmp")),
    Case("label that differs only by a direction mark", ("nodes.csv", 5, "label"), severity="warning",
         rows=lambda r: (r["nodes.csv"].append({"id": "pump-2", "label": "Pump\u200e", "kind": "therapy",
                                                "description": "d"}),
                         r["citations.csv"].append({"what": "pump-2", "source": "doc", "locator": "L1",
                                                    "terms": "pumps"}))),
    Case("locator beyond the end", ("citations.csv", 2, "locator"), rows=set_cells("citations.csv", 0, locator="L3-L99")),
    Case("term absent from the cited lines", ("citations.csv", 2, "terms"),
         rows=set_cells("citations.csv", 0, terms="pumps|ketamine")),
    Case("formula-like id", ("nodes.csv", 2, "id"), rows=set_cells("nodes.csv", 0, id="=cmd()")),
    Case("unknown reference written as markup", ("edges.csv", 2, "target"),
         rows=set_cells("edges.csv", 0, target=SCRIPT)),
]

#: Schema files an upload could carry, each with the field its problem names.
HOSTILE_SCHEMAS = {
    "deep nesting": ("a: " + "[" * 5000 + "]" * 5000, "yaml"),
    "alias bomb": ("a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
        + "node_kinds: {therapy: {label: *i}}\nrelations: {r: {source: therapy, target: therapy}}\n",
        "yaml"),
    "python object": ("!!python/object/apply:os.system ['echo pwned']", "yaml"),
    "list where a kind belongs": ("node_kinds: {a: {}}\nrelations: {r: {source: [[a]], target: [a]}}\n",
                                  "relations.r.source"),
    "style injection in a colour": ("node_kinds: {a: {color: 'red;}</style><script>alert(1)</script>'}}\n"
                                    "relations: {r: {source: a, target: a}}\n", "node_kinds.a.color"),
    "unknown shape": ("node_kinds: {a: {shape: '<img src=x>'}}\nrelations: {r: {source: a, target: a}}\n",
                      "node_kinds.a.shape"),
    "not a mapping": ("- just\n- a list\n", "yaml"),
    "source types as a number": ("node_kinds: {a: {}}\nrelations: {r: {source: a, target: a}}\nsource_types: 5\n",
                                 "source_types"),
}


def write_case(folder: Path, case: Case) -> Path:
    """Write one broken case into ``folder`` and return it."""
    rows = copy.deepcopy(TINY_ROWS)
    if case.rows:
        case.rows(rows)
    write_dataset(folder, rows)
    if case.files:
        case.files(folder)
    return folder


def write_hostile(folder: Path) -> Path:
    """The valid dataset whose every free-text field is hostile.

    Every cell is quoted: a lone carriage return in an unquoted cell would end the row.
    """
    rows = hostile_rows()
    write_dataset(folder, rows)
    for name, table in rows.items():
        required, optional, _ = TABLES[name]
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, [*required, *optional], quoting=csv.QUOTE_ALL, restval="")
            writer.writeheader()
            writer.writerows(table)
    return folder


def write_big(folder: Path, rows: int = 200_000) -> Path:
    """The tiny dataset plus ``rows`` drug nodes, each cited once: ``rows`` rows in nodes.csv and
    in citations.csv. Written with the csv module straight to disk, which takes about a second."""
    write_dataset(folder)
    with (folder / "nodes.csv").open("a", newline="", encoding="utf-8") as nodes, \
            (folder / "citations.csv").open("a", newline="", encoding="utf-8") as citations:
        node_writer = csv.writer(nodes, lineterminator="\n")
        citation_writer = csv.writer(citations, lineterminator="\n")
        for i in range(rows):
            node_writer.writerow([f"drug-{i}", f"Drug {i}", "drug", f"Drug number {i}, for the load test.", ""])
            citation_writer.writerow([f"drug-{i}", "doc", "L1", "morphine"])
    return folder


def zip_folder(folder: Path, prefix: str = "") -> bytes:
    """A folder as zip bytes, its files under ``prefix`` (e.g. ``"my-data/"``)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + path.relative_to(folder).as_posix())
    return buffer.getvalue()


def make_zip(entries: dict[str, bytes | str], symlinks: tuple[str, ...] = ()) -> bytes:
    """A zip with exactly these entries (names are written as given, however unsafe)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = ((0o120777 if name in symlinks else 0o100644) << 16)
            archive.writestr(info, content)
    return buffer.getvalue()


def lie_about_size(data: bytes, declared: int) -> bytes:
    """Rewrite every entry's uncompressed size in a zip (local and central headers) to ``declared``,
    as a zip bomb does to pass a check of declared sizes."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = out.find(signature)
        while start >= 0:
            out[start + offset:start + offset + 4] = declared.to_bytes(4, "little")
            start = out.find(signature, start + 4)
    return bytes(out)


if __name__ == "__main__":  # pragma: no cover
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-fixtures")
    shutil.rmtree(out, ignore_errors=True)
    write_hostile(out / "hostile-text")
    for case in CASES:
        write_case(out / case.name.replace(" ", "-").replace(",", "").replace("'", ""), case)
    print(f"wrote {len(CASES) + 1} datasets into {out}")
