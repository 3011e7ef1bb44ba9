"""Present: a guided tour, step by step, with a wide graph and large type.

The URL holds the tour and the step (``/present?tour=intrathecal-pump-journey&step=3``), so every
step is a deep link. Previous and next are buttons whose keyboard shortcuts are the left and right
arrow keys (Streamlit's own ``shortcut``; no extra JavaScript). A predict step hides a claim until
the class has guessed. The "Export for class" box downloads the tour as one offline HTML page,
the step (or the current Explore view) as an HTML page or a PNG or SVG figure, and shows the
reference list as plain text.
"""

import streamlit as st

from builders import classroom, panels, tours, webapp
from builders.component import graph_view

bundle = webapp.current_bundle()
G = bundle.graph


@st.cache_data(show_spinner=False, max_entries=8)
def tours_of(_bundle: webapp.Bundle, key: str) -> tours.TourSet:
    """The data folder's tours, validated once per version of the data (``key``)."""
    return tours.validate_tours(_bundle.result.data_dir, _bundle.result.dataset, _bundle.graph)


@st.cache_data(show_spinner="Writing the tour page…", max_entries=16)
def tour_page(_bundle: webapp.Bundle, key: str, name: str) -> str:
    tour = tours_of(_bundle, key).tours[name]
    return tours.tour_html(_bundle.graph, tour, webapp.layout_of(_bundle, key))


found = tours_of(bundle, bundle.key)
for problem in found.errors:
    st.error(webapp.md(problem.format()))


def explore_exports() -> None:
    """The current Explore view (its focus and filters) for class, on this page too."""
    spec = webapp.current_spec()
    st.markdown("**The current Explore view**")
    classroom.view_downloads(bundle, spec, key="export_explore")


if not found.tours:
    st.title("Present a guided tour", anchor=False)
    st.info(webapp.md(f"This dataset has no valid tours. Add YAML files to {bundle.result.data_dir}/tours/; "
                      "the README shows how."))
    with st.expander("Export for class"):
        explore_exports()
    st.stop()

names = list(found.tours)
st.session_state.setdefault("present_tour", names[0])
st.session_state.setdefault("present_step", 1)
st.session_state.setdefault("present_revealed", [])

# A link (?tour=NAME&step=N) sets the tour and step once; after that the buttons drive them.
link = (st.query_params.get("tour"), st.query_params.get("step"))
if link != st.session_state.get("_present_link") and link != (None, None):
    st.session_state["_present_link"] = link
    if link[0] not in found.tours:
        st.warning(webapp.md(f"The link names the tour {link[0]!r}, which is not in this dataset; "
                             f"showing {found.tours[st.session_state['present_tour']].title}."))
    else:
        st.session_state["present_tour"] = link[0]
        try:
            st.session_state["present_step"] = int(link[1] or 1)
        except ValueError:
            st.warning(webapp.md(f"The link's step {link[1]!r} is not a number; starting at step 1."))
            st.session_state["present_step"] = 1
if st.session_state["present_tour"] not in found.tours:
    st.session_state["present_tour"] = names[0]
tour = found.tours[st.session_state["present_tour"]]
total = len(tour.steps)
st.session_state["present_step"] = min(max(int(st.session_state["present_step"]), 1), total)


def _go(delta: int) -> None:
    st.session_state["present_step"] = min(max(st.session_state["present_step"] + delta, 1), total)


def _new_tour() -> None:
    st.session_state["present_step"] = 1


def _reveal(token: str) -> None:
    st.session_state["present_revealed"] = st.session_state["present_revealed"] + [token]


with st.sidebar:
    st.selectbox("Tour", names, key="present_tour", format_func=lambda n: found.tours[n].title,
                 on_change=_new_tour)
    st.caption(webapp.md(tour.description))
    st.caption("Keys: left and right arrows step back and forward.")

number = st.session_state["present_step"]
step = tour.steps[number - 1]
token = f"{tour.name}:{number}"
revealed = token in st.session_state["present_revealed"]
webapp.own_url(tour=tour.name, step=number)
st.session_state["_present_link"] = (tour.name, str(number))

st.title(webapp.md(tour.title), anchor=False)
bar = st.columns([2, 1, 2, 8], vertical_alignment="center")
bar[0].button("Previous", key="present_prev", icon=":material/arrow_back:", shortcut="Left",
              on_click=_go, args=(-1,), disabled=number == 1, width="stretch")
bar[1].subheader(f"{number} / {total}", anchor=False)
bar[2].button("Next", key="present_next", icon=":material/arrow_forward:", icon_position="right", shortcut="Right",
              on_click=_go, args=(1,), disabled=number == total, width="stretch")
bar[3].header(webapp.md(step.title), anchor=False)

# Large type: the narration and the question are set as level-4 headings.
st.markdown("#### " + webapp.md(step.narration))
spec = step.spec(revealed=revealed)
view, payload = webapp.payload_of(bundle, bundle.key, spec, None, height=tours.STEP_HEIGHT)
if step.is_predict:
    st.markdown("#### " + webapp.md(tours.question_of(G, step)))
    if not revealed:
        payload = tours.without_claims(payload, {step.claim})
        st.button("Reveal the claim", key=f"reveal_{token}", icon=":material/visibility:", type="primary",
                  on_click=_reveal, args=(token,))
    else:
        u, v, data = webapp.edge_index(bundle, bundle.key)[step.claim]
        with st.container(border=True):
            st.markdown("**The claim**")
            panels.claim_summary(bundle, u, v, data)

clicked = graph_view(payload, key="pa_present_graph").selected
sources = tours.step_sources(G, step)
if sources:
    with st.container(border=True):
        st.markdown("**Sources for this step**")
        for line in sources:
            st.caption(webapp.md(line))
if clicked:
    with st.expander("Details of what you clicked", expanded=True):
        panels.selection_details(bundle, (clicked["kind"], clicked["id"]))

with st.expander("Export for class"):
    st.download_button("This whole tour as one HTML page", lambda: tour_page(bundle, bundle.key, tour.name),
                       f"pain-atlas-tour-{tour.name}.html", "text/html", on_click="ignore", type="primary",
                       help="Every step with its narration, the keys, and a reference list; works offline.")
    st.markdown("**This step**")
    classroom.view_downloads(bundle, spec, key="export_step",
                             title=f"{tour.title} — {number} / {total}: {step.title}")
    explore_exports()
