"""Build a tour: make a guided tour by clicking instead of writing YAML.

Steps come from Explore ("Add to tour" in its toolbar, "Add this path to a tour" in the path
finder); here the teacher starts, opens or uploads a tour, names it, writes each step's
narration beside the citations of what it highlights, picks highlights by label, reorders,
copies and deletes steps, turns one into a predict step, and previews any step as Present shows
it. The checks are the tour files' own, said beside each step; a tour with errors cannot be
presented or exported. The draft stays for the whole session; "Download YAML" keeps it.
"""

import streamlit as st

from builders.app import bundle as data
from builders.app import session, tour_builder, tour_panels, tour_steps

bundle = data.current_bundle()
session.own_url()  # /build-tour: the draft is the session's own, not something a link can carry

heading, opener = st.columns([4, 1.2], vertical_alignment="center")
heading.title("Build a tour", anchor=False)
with opener:
    tour_panels.start_panel(bundle)  # may replace the draft: before anything reads it

current = tour_builder.draft()
check = tour_builder.check_of(bundle, current)
tour_panels.tour_fields(current)
tour_panels.checks(current, check)
if current.steps:
    tour_panels.keep_bar(bundle, current, check)
    index = tour_builder.editing(current)
    cards, editor = st.columns([1, 1.25], gap="medium")
    with cards:
        tour_steps.step_cards(bundle, current, check)
    with editor:
        tour_steps.step_editor(bundle, current, check, index)
    tour_steps.preview(bundle, current, check, index)
