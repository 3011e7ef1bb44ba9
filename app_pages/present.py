"""Present: a guided tour, step by step, with a wide graph and large type.

The URL holds the tour and the step (``/present?tour=intrathecal-pump-journey&step=3``), so every
step is a deep link. Previous and next are buttons whose keyboard shortcuts are the left and right
arrow keys (Streamlit's own ``shortcut``; no extra JavaScript). A predict step hides a claim until
the class has guessed. The "Export for class" box downloads the tour as one offline HTML page,
the step (or the current Explore view) as an HTML page or a PNG or SVG figure, and shows the
reference list as plain text.
"""

import streamlit as st

from builders.app import bundle as data
from builders.app import classroom, session, stage, teaching, tour_builder
from builders.escape import md
from builders.render.text import short

st.set_page_config(initial_sidebar_state="collapsed")  # present mode: the graph and the narration take the screen

bundle = data.current_bundle()
state = st.session_state

found = tour_builder.tours_to_present(bundle)  # the data folder's tours, and the session's draft when it has no error
for problem in found.errors:
    st.error(md(problem.format()))


def explore_exports() -> None:
    """The current Explore view (its focus and filters) for class, on this page too."""
    spec = session.current_spec()
    st.markdown("**The current Explore view**")
    classroom.view_downloads(bundle, spec, key="export_explore")


if not found.tours:
    st.title("Present a guided tour", anchor=False)
    st.info(md(f"This dataset has no valid tours. Add YAML files to {bundle.result.data_dir}/tours/; "
                      "the README shows how."))
    with st.expander("Export for class"):
        explore_exports()
    st.stop()

names = list(found.tours)
state.setdefault(session.PRESENT_TOUR, names[0])
state.setdefault(session.PRESENT_STEP, 1)
state.setdefault(session.PRESENT_REVEALED, [])

# A link (?tour=NAME&step=N) sets the tour and step once; after that the buttons drive them.
link = session.link_once("tour", "step")
if link is not None:
    # A step without a tour is a step of the tour on show.
    wanted_tour, wanted_step = link.get("tour", [state[session.PRESENT_TOUR]])[0], link.get("step", ["1"])[0]
    if wanted_tour not in found.tours:
        st.warning(md(f"The link names the tour {short(wanted_tour, 120)!r}, which is not in this dataset; "
                      f"showing {found.tours[state[session.PRESENT_TOUR]].title}."))
    else:
        state[session.PRESENT_TOUR] = wanted_tour
        try:
            state[session.PRESENT_STEP] = int(wanted_step)
        except ValueError:
            st.warning(md(f"The link's step {wanted_step!r} is not a number; starting at step 1."))
            state[session.PRESENT_STEP] = 1


def _go(delta: int, total: int) -> None:
    state[session.PRESENT_STEP] = min(max(state[session.PRESENT_STEP] + delta, 1), total)


def _new_tour() -> None:
    state[session.PRESENT_STEP] = 1


def class_exports(tour, step, spec) -> None:
    """The "Export for class" box: the whole tour, this step's view, and the current Explore view."""
    st.caption(md(tour.description))
    st.download_button("This whole tour as one HTML page", lambda: teaching.tour_page_of(bundle, tour),
                       f"pain-atlas-tour-{tour.name}.html", "text/html", on_click="ignore", type="primary",
                       help="Every step with its narration, the keys, and a reference list; works offline.")
    st.markdown("**This step**")
    classroom.view_downloads(bundle, spec, key="export_step", title=tour.heading(step))
    explore_exports()


@st.fragment
def present() -> None:
    """The bar, the step's title, and the narration beside the graph: one fragment, so that a step
    (a button or an arrow key) or another tour reruns only this, not the page around it (the
    navigation, the notice, the sidebar). A fragment's rerun does not reach ``app.py``'s
    :func:`builders.app.session.write_url`, so this writes the page's URL itself."""
    if state[session.PRESENT_TOUR] not in found.tours:
        state[session.PRESENT_TOUR] = names[0]
    tour = found.tours[state[session.PRESENT_TOUR]]
    total = len(tour.steps)
    number = state[session.PRESENT_STEP] = min(max(int(state[session.PRESENT_STEP]), 1), total)
    step = tour.steps[number - 1]
    token = f"{tour.name}:{number}"
    session.page_url(tour=tour.name, step=number)

    # One bar: the buttons, the counter, the tour and the exports; then the step's title; then the
    # narration beside a graph that fills the rest of the screen (a 1024x768 projector shows it all).
    # A horizontal container: one block for the browser to draw with each step (columns are one each).
    bar = st.container(horizontal=True, vertical_alignment="center", gap="small")
    # No icons: the shortcut's own hint (an arrow) is the only arrow on each button.
    bar.button("Previous", key="present_prev", shortcut="Left",
               on_click=_go, args=(-1, total), disabled=number == 1, help="Or the left arrow key")
    bar.markdown(f"**{number} / {total}**", text_alignment="center", width="content")
    bar.button("Next", key="present_next", shortcut="Right",
               on_click=_go, args=(1, total), disabled=number == total, help="Or the right arrow key")
    bar.selectbox("Tour", names, key=session.PRESENT_TOUR, format_func=lambda n: found.tours[n].title,
                  on_change=_new_tour, label_visibility="collapsed", width="stretch")
    # Made only while open (opening it reruns this): a step shows without building its exports.
    exports = bar.popover("Export for class", icon=":material/download:", width="content",
                          key=session.PRESENT_EXPORT_BOX, on_change="rerun")
    st.title(md(f"{step.title}"), anchor=False)

    spec = stage.show_step(bundle, step, token)  # the narration beside the graph (builders/app/stage.py)

    if exports.open:
        with exports:
            class_exports(tour, step, spec)


present()
