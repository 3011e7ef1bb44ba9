"""A small teaching dataset for the tests of the teaching tools: the tiny dataset of
``support.datasets`` (a pump that uses morphine, with a weak infection risk) extended with two more
therapies (oral tablets, an infusion) that share a drug and a care setting, a contradicted claim
with its correction, an onset figure, and a step of care with its setting; and a tour with a
predict step. Used by test_app_teaching, test_compare, test_quiz and test_figures, through the
``teaching_folder`` and ``teaching_graph`` fixtures of ``conftest.py``."""

from __future__ import annotations

import copy
from pathlib import Path

from support.datasets import TINY_ROWS, write_dataset, write_tour
from support.hostile import IMG

#: Lines 1 and 2 hold the words the tiny dataset's citations name, as the tiny text does.
TEXT = ("Pumps deliver morphine into the spine.\n"
        "Infection or bleeding can occur at the site; itching too.\n"
        "Oral tablets can cause nausea and constipation.\n"
        "Infusions act fast, with a rapid onset.\n"
        "Ketamine infusions are given in a clinic.\n"
        "Pumps cure cancer pain for good.\n"
        "Follow-up visits happen at the clinic.\n")


def cite(what, line, terms, source="doc"):
    return {"what": what, "source": source, "locator": f"L{line}", "terms": terms}


def node(id, label, kind, description):
    return {"id": id, "label": label, "kind": kind, "description": description}


def edge(id, source, relation, target, claim):
    return {"id": id, "source": source, "relation": relation, "target": target, "claim": claim}


#: The tiny dataset's rows (sources, pump, morphine, infection, e-uses, e-risk), and these.
MORE_ROWS = {
    "nodes.csv": [
        node("oral", "Oral tablets", "therapy", "Tablets."),
        node("infusion", "Infusion", "therapy", "Into a vein."),
        node("ketamine", "Ketamine", "drug", "An anaesthetic."),
        node("spine", "Spine", "route", "Where it goes."),
        node("bleeding", "Bleeding", "risk", "A risk."),
        node("itching", "Itching", "risk", "A risk."),
        node("nausea", "Nausea", "risk", "A risk."),
        node("constipation", "Constipation", "risk", "A risk."),
        node("clinic", "Clinic", "care_setting", "A place."),
        node("rapid-onset", "Rapid onset", "figure", "Fast."),
        node("cancer-pain", "Cancer pain", "condition", "Pain."),
        node("follow-up", "Follow-up", "procedure_step", "Later visits."),
    ],
    "edges.csv": [
        edge("e-oral-morphine", "oral", "uses_drug", "morphine", "Tablets can hold morphine."),
        edge("e-pump-spine", "pump", "delivered_via", "spine", "The pump reaches the spine."),
        edge("e-oral-nausea", "oral", "has_risk", "nausea", "Tablets can upset the stomach."),
        edge("e-oral-constipation", "oral", "has_risk", "constipation", "Tablets can slow the bowel."),
        edge("e-infusion-ketamine", "infusion", "uses_drug", "ketamine", "Infusions may use ketamine."),
        edge("e-infusion-clinic", "infusion", "given_in", "clinic", "Infusions happen in a clinic."),
        edge("e-infusion-onset", "infusion", "has_figure", "rapid-onset", "Infusions work quickly."),
        edge("e-pump-cancer", "pump", "treats", "cancer-pain", "The pump cures cancer pain."),
        edge("e-pump-follow-up", "pump", "has_step", "follow-up", "Pump care includes follow-up visits."),
        edge("e-follow-up-clinic", "follow-up", "given_in", "clinic", "Follow-up happens at the clinic."),
    ],
    "citations.csv": [
        cite("oral", 3, "oral"), cite("infusion", 4, "infusions"), cite("ketamine", 5, "ketamine"),
        cite("spine", 1, "spine"), cite("bleeding", 2, "bleeding"), cite("itching", 2, "itching"),
        cite("nausea", 3, "nausea"), cite("constipation", 3, "constipation"), cite("clinic", 5, "clinic"),
        cite("rapid-onset", 4, "rapid onset"), cite("cancer-pain", 6, "cancer pain"),
        cite("follow-up", 7, "follow-up"), cite("e-pump-follow-up", 7, "follow-up visits"),
        cite("e-follow-up-clinic", 7, "clinic"), cite("e-oral-morphine", 1, "morphine"),
        cite("e-pump-spine", 1, "spine"), cite("e-oral-nausea", 3, "nausea"),
        cite("e-oral-constipation", 3, "constipation"), cite("e-infusion-ketamine", 5, "ketamine"),
        cite("e-infusion-clinic", 5, "clinic"), cite("e-infusion-onset", 4, "rapid onset"),
        cite("e-pump-cancer", 6, "cure", "blog"),
        {"what": "c-pump-cancer", "source": "ref", "locator": "", "terms": ""},
    ],
    "corrections.csv": [
        {"id": "c-pump-cancer", "target": "e-pump-cancer", "correction": "Pumps ease pain; they cure nothing."},
    ],
}

ROWS = {name: copy.deepcopy(TINY_ROWS[name]) + copy.deepcopy(MORE_ROWS.get(name, [])) for name in TINY_ROWS}

TOUR = f"""
title: A tiny tour
description: Three steps and a prediction.
steps:
  - title: The pump
    narration: The pump is one therapy; it uses morphine. {IMG}
    focus: pump
    claims: [e-uses]
  - title: Guess
    type: predict
    claim: e-risk
    narration: What could go wrong?
  - title: Tablets
    narration: Tablets share the drug.
    focus: oral
"""


def write_teaching_dataset(folder: Path, rows: dict | None = None, tour: str | None = TOUR) -> Path:
    """Write the teaching dataset (or changed ``rows``) and its tour into ``folder``."""
    write_dataset(folder, copy.deepcopy(rows or ROWS), TEXT)
    if tour is not None:
        write_tour(folder, "tiny", tour)
    return folder
