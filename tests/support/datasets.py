"""Tiny datasets for tests: the rows of a three-node dataset, and writing rows (and tours) as a data
folder."""

from __future__ import annotations

import copy
import csv
import shutil
from pathlib import Path

from builders.data.files import DEFAULT_DATA_DIR, PROJECT_ROOT
from builders.data.load import load_dataset
from builders.data.tables import TABLES
from builders.graph.build import build_graph

SEEDS_DIR = PROJECT_ROOT.parent / "shared" / "seeds"

TINY_TEXT = "Pumps deliver morphine into the spine.\nInfection can occur at the site.\n"

TINY_ROWS = {
    "sources.csv": [
        {"id": "doc", "title": "A patient leaflet", "type": "patient education", "reliability": "moderate",
         "rationale": "Careful and consistent.", "file": "doc.txt"},
        {"id": "blog", "title": "A blog", "type": "blog", "reliability": "low", "rationale": "Garbled.",
         "file": "doc.txt"},
        {"id": "ref", "title": "A guideline", "type": "guideline", "reliability": "high",
         "rationale": "Vetted.", "reference": "Someone. A guideline. 2020."},
    ],
    "nodes.csv": [
        {"id": "pump", "label": "Pump", "kind": "therapy", "aliases": "pain pump|IDDS", "description": "A pump."},
        {"id": "morphine", "label": "Morphine", "kind": "drug", "description": "An opioid."},
        {"id": "infection", "label": "Infection", "kind": "risk", "description": "A risk."},
    ],
    "edges.csv": [
        {"id": "e-uses", "source": "pump", "relation": "uses_drug", "target": "morphine", "claim": "It uses morphine."},
        {"id": "e-risk", "source": "pump", "relation": "has_risk", "target": "infection", "claim": "It may infect."},
    ],
    "citations.csv": [
        {"what": "pump", "source": "doc", "locator": "L1", "terms": "pumps"},
        {"what": "morphine", "source": "doc", "locator": "L1", "terms": "morphine"},
        {"what": "infection", "source": "doc", "locator": "L2", "terms": "infection"},
        {"what": "e-uses", "source": "doc", "locator": "L1", "terms": "morphine|spine"},
        {"what": "e-risk", "source": "blog", "locator": "L2", "terms": "infection"},
    ],
    "corrections.csv": [],
}


def write_csv(path: Path, columns, rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})


def write_dataset(folder: Path, rows: dict | None = None, text: str = TINY_TEXT) -> Path:
    """Write a dataset (the tiny one by default) with the bundled schema into ``folder``."""
    rows = copy.deepcopy(TINY_ROWS if rows is None else rows)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DEFAULT_DATA_DIR / "schema.yaml", folder / "schema.yaml")
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / "doc.txt").write_text(text, encoding="utf-8")
    for name, table_rows in rows.items():
        required, optional, _ = TABLES[name]
        write_csv(folder / name, [*required, *optional], table_rows)
    return folder


def graph_of(folder: Path):
    """The graph of a data folder that must load without errors (the errors are the failure's message)."""
    result = load_dataset(folder)
    assert result.ok, [p.format() for p in result.errors]
    return build_graph(result.dataset)


def write_tour(folder: Path, name: str, text: str) -> Path:
    """Write ``text`` as the tour file ``tours/<name>.yaml`` of a data folder; return its path."""
    (folder / "tours").mkdir(exist_ok=True)
    path = folder / "tours" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path
