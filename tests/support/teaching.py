"""A small teaching dataset for the tests of the teaching tools: three therapies (a pump, oral
tablets, an infusion) that share a drug and a care setting, a weak claim, a contradicted claim
with its correction, an onset figure, a step of care with its setting, and a tour with a
predict step. Used by test_app_teaching, test_compare, test_quiz and test_figures."""

from __future__ import annotations

import copy
from pathlib import Path

from support.datasets import write_dataset

XSS = "<img src=x onerror=alert(1)>"

TEXT = ("Pumps deliver morphine into the spine.\n"
        "Infection or bleeding can occur at the site; itching too.\n"
        "Oral tablets can cause nausea and constipation.\n"
        "Infusions act fast, with a rapid onset.\n"
        "Ketamine infusions are given in a clinic.\n"
        "Pumps cure cancer pain for good.\n"
        "Follow-up visits happen at the clinic.\n")


def cite(what, line, terms, source="doc"):
    return {"what": what, "source": source, "locator": f"L{line}", "terms": terms}


ROWS = {
    "sources.csv": [
        {"id": "doc", "title": "A patient leaflet", "type": "patient education", "reliability": "moderate",
         "rationale": "Careful and consistent.", "file": "doc.txt"},
        {"id": "blog", "title": "A blog", "type": "blog", "reliability": "low", "rationale": "Garbled.",
         "file": "doc.txt"},
        {"id": "ref", "title": "A guideline", "type": "guideline", "reliability": "high", "rationale": "Vetted.",
         "reference": "Someone. A guideline. 2020."},
    ],
    "nodes.csv": [
        {"id": "pump", "label": "Pump", "kind": "therapy", "description": "A pump."},
        {"id": "oral", "label": "Oral tablets", "kind": "therapy", "description": "Tablets."},
        {"id": "infusion", "label": "Infusion", "kind": "therapy", "description": "Into a vein."},
        {"id": "morphine", "label": "Morphine", "kind": "drug", "description": "An opioid."},
        {"id": "ketamine", "label": "Ketamine", "kind": "drug", "description": "An anaesthetic."},
        {"id": "spine", "label": "Spine", "kind": "route", "description": "Where it goes."},
        {"id": "infection", "label": "Infection", "kind": "risk", "description": "A risk."},
        {"id": "bleeding", "label": "Bleeding", "kind": "risk", "description": "A risk."},
        {"id": "itching", "label": "Itching", "kind": "risk", "description": "A risk."},
        {"id": "nausea", "label": "Nausea", "kind": "risk", "description": "A risk."},
        {"id": "constipation", "label": "Constipation", "kind": "risk", "description": "A risk."},
        {"id": "clinic", "label": "Clinic", "kind": "care_setting", "description": "A place."},
        {"id": "rapid-onset", "label": "Rapid onset", "kind": "figure", "description": "Fast."},
        {"id": "cancer-pain", "label": "Cancer pain", "kind": "condition", "description": "Pain."},
        {"id": "follow-up", "label": "Follow-up", "kind": "procedure_step", "description": "Later visits."},
    ],
    "edges.csv": [
        {"id": "e-pump-morphine", "source": "pump", "relation": "uses_drug", "target": "morphine",
         "claim": "The pump gives morphine."},
        {"id": "e-oral-morphine", "source": "oral", "relation": "uses_drug", "target": "morphine",
         "claim": "Tablets can hold morphine."},
        {"id": "e-pump-spine", "source": "pump", "relation": "delivered_via", "target": "spine",
         "claim": "The pump reaches the spine."},
        {"id": "e-pump-infection", "source": "pump", "relation": "has_risk", "target": "infection",
         "claim": "It may infect."},
        {"id": "e-oral-nausea", "source": "oral", "relation": "has_risk", "target": "nausea",
         "claim": "Tablets can upset the stomach."},
        {"id": "e-oral-constipation", "source": "oral", "relation": "has_risk", "target": "constipation",
         "claim": "Tablets can slow the bowel."},
        {"id": "e-infusion-ketamine", "source": "infusion", "relation": "uses_drug", "target": "ketamine",
         "claim": "Infusions may use ketamine."},
        {"id": "e-infusion-clinic", "source": "infusion", "relation": "given_in", "target": "clinic",
         "claim": "Infusions happen in a clinic."},
        {"id": "e-infusion-onset", "source": "infusion", "relation": "has_figure", "target": "rapid-onset",
         "claim": "Infusions work quickly."},
        {"id": "e-pump-cancer", "source": "pump", "relation": "treats", "target": "cancer-pain",
         "claim": "The pump cures cancer pain."},
        {"id": "e-pump-follow-up", "source": "pump", "relation": "has_step", "target": "follow-up",
         "claim": "Pump care includes follow-up visits."},
        {"id": "e-follow-up-clinic", "source": "follow-up", "relation": "given_in", "target": "clinic",
         "claim": "Follow-up happens at the clinic."},
    ],
    "citations.csv": [
        cite("pump", 1, "pumps"), cite("oral", 3, "oral"), cite("infusion", 4, "infusions"),
        cite("morphine", 1, "morphine"), cite("ketamine", 5, "ketamine"), cite("spine", 1, "spine"),
        cite("infection", 2, "infection"), cite("bleeding", 2, "bleeding"), cite("itching", 2, "itching"),
        cite("nausea", 3, "nausea"), cite("constipation", 3, "constipation"), cite("clinic", 5, "clinic"),
        cite("rapid-onset", 4, "rapid onset"), cite("cancer-pain", 6, "cancer pain"),
        cite("follow-up", 7, "follow-up"), cite("e-pump-follow-up", 7, "follow-up visits"),
        cite("e-follow-up-clinic", 7, "clinic"),
        cite("e-pump-morphine", 1, "morphine"), cite("e-oral-morphine", 1, "morphine"),
        cite("e-pump-spine", 1, "spine"), cite("e-pump-infection", 2, "infection", "blog"),
        cite("e-oral-nausea", 3, "nausea"), cite("e-oral-constipation", 3, "constipation"),
        cite("e-infusion-ketamine", 5, "ketamine"), cite("e-infusion-clinic", 5, "clinic"),
        cite("e-infusion-onset", 4, "rapid onset"), cite("e-pump-cancer", 6, "cure", "blog"),
        {"what": "c-pump-cancer", "source": "ref", "locator": "", "terms": ""},
    ],
    "corrections.csv": [
        {"id": "c-pump-cancer", "target": "e-pump-cancer", "correction": "Pumps ease pain; they cure nothing."},
    ],
}

TOUR = f"""
title: A tiny tour
description: Three steps and a prediction.
steps:
  - title: The pump
    narration: The pump is one therapy; it uses morphine. {XSS}
    focus: pump
    claims: [e-pump-morphine]
  - title: Guess
    type: predict
    claim: e-pump-infection
    narration: What could go wrong?
  - title: Tablets
    narration: Tablets share the drug.
    focus: oral
"""


def write_teaching_dataset(folder: Path, rows: dict | None = None, tour: str | None = TOUR) -> Path:
    """Write the teaching dataset (or changed ``rows``) and its tour into ``folder``."""
    write_dataset(folder, copy.deepcopy(rows or ROWS), TEXT)
    if tour is not None:
        (folder / "tours").mkdir(exist_ok=True)
        (folder / "tours" / "tiny.yaml").write_text(tour, encoding="utf-8")
    return folder
