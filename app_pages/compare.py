"""Compare therapies: 2-4 therapies side by side, one row per aspect the schema's ``compare:``
lists (route, how it works, drugs, conditions, risks, steps, who gives it, where, onset, figures).
Each cell has one compact line per item and opens its sources on demand; flagged items (weak or
contradicted) are marked as such. The exports are at the top; the URL (``/compare?therapies=a,b``)
keeps the choice.
"""

import streamlit as st

from builders.app import bundle as data
from builders.app import compare_panels, session, teaching
from builders.escape import md, safe_csv
from builders.render.text import short
from builders.teach import compare

st.set_page_config(initial_sidebar_state="collapsed")  # no controls in the sidebar: the page takes the width

bundle = data.current_bundle()
G = bundle.graph
WIDTHS = [1.1, 3, 3, 3, 3]

options = compare.therapies(G)
st.title("Compare therapies", anchor=False)
if len(options) < compare.MIN_THERAPIES:
    st.info("This dataset has fewer than two therapies, so there is nothing to compare.")
    st.stop()

# A link (?therapies=a,b) sets the choice once; after that the widget drives it.
link = session.link_once("therapies")
if link is not None:
    named = [t for value in link["therapies"] for t in value.split(",") if t]
    wanted = list(dict.fromkeys(named))  # a therapy named twice is compared once
    unknown = [t for t in wanted if t not in options]
    if unknown:
        st.warning(md(f"The link names unknown therapies: {short(', '.join(unknown), 200)}; they were left out."))
    if len(wanted) < len(named):
        st.info("The link names a therapy more than once; each is compared once.")
    st.session_state[session.COMPARE_THERAPIES] = [t for t in wanted if t in options][:compare.MAX_THERAPIES]
st.session_state.setdefault(session.COMPARE_THERAPIES, options[:2])

top = st.columns([3, 1], vertical_alignment="bottom")
chosen = top[0].multiselect("Therapies (2 to 4)", options, key=session.COMPARE_THERAPIES,
                            max_selections=compare.MAX_THERAPIES, format_func=lambda n: G.nodes[n]["label"],
                            placeholder="Pick therapies")
session.own_url(therapies=",".join(chosen))
problems = compare.check_choice(G, chosen)
if problems:
    for message in problems:
        st.info(md(message))
    st.stop()

matrix = teaching.matrix_of(bundle, tuple(chosen))
with top[1].popover("Export", icon=":material/download:", width="stretch"):
    name = "pain-atlas-compare-" + "-vs-".join(chosen)
    st.download_button("Matrix as CSV", safe_csv(compare.matrix_frame(G, matrix)), f"{name}.csv", "text/csv",
                       on_click="ignore", help="One row per item, with its claims, citations and corrections.")
    st.download_button("Matrix as PNG", lambda: teaching.matrix_figure_of(bundle, tuple(chosen), "png"),
                       f"{name}.png", "image/png", on_click="ignore")
    st.download_button("Matrix as SVG", lambda: teaching.matrix_figure_of(bundle, tuple(chosen), "svg"),
                       f"{name}.svg", "image/svg+xml", on_click="ignore")
st.caption(":blue-badge[in 2 of 3] also in another column · :violet-badge[only this one] where that is rare · "
           ":orange-badge[weak] :red-badge[contradicted] read with care · :material/menu_book: a cell's claims and "
           "citations")

widths = WIDTHS[:len(chosen) + 1]
header = st.columns(widths)
for column, therapy in zip(header[1:], chosen):
    column.markdown(f"**{md(G.nodes[therapy]['label'])}**")
for row in matrix.shown_rows():
    cells = st.columns(widths, border=False)
    cells[0].markdown(f"**{md(row.label)}**")
    for column, therapy in zip(cells[1:], chosen):
        with column:
            compare_panels.cell(bundle, matrix, row, therapy)
with st.expander("The matrix as a table, every row and item (also the accessible version)"):
    empty = matrix.empty_rows()
    if empty:
        st.caption(md("Nothing in the data for these therapies: " + ", ".join(r.label for r in empty) + "."))
    st.dataframe(compare.matrix_table(G, matrix))
