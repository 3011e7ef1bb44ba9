"""Compare therapies: 2-4 therapies side by side, row by row (route, drugs, conditions, risks,
steps, setting, onset, figures), each item with its evidence status and, on request, its
citations. Items every chosen therapy shares, and items only one has, are marked. The matrix
downloads as CSV and as a PNG or SVG figure; the URL (``/compare?therapies=a,b``) keeps the choice.
"""

import streamlit as st

from builders.app import bundle as data
from builders.app import panels, session, teaching
from builders.escape import md, safe_csv
from builders.render.text import short
from builders.teach import compare

bundle = data.current_bundle()
G = bundle.graph
MARK_BADGE = {compare.SHARED: ":blue-badge[shared by all]", compare.UNIQUE: ":violet-badge[only this one]"}
#: Most items a cell lists on the page (a hub of a large graph has hundreds); the table and CSV list all.
CELL_LIMIT = 30


def badge(status: str) -> str:
    """A status badge in Streamlit markdown (our own constant text, no data in it)."""
    color, icon = panels.STATUS_BADGE.get(status, ("gray", ""))
    return f":{color}-badge[{icon} {status.capitalize()}]"


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

chosen = st.multiselect("Therapies (2 to 4)", options, key=session.COMPARE_THERAPIES,
                        max_selections=compare.MAX_THERAPIES, format_func=lambda n: G.nodes[n]["label"],
                        placeholder="Pick therapies")
session.own_url(therapies=",".join(chosen))
problems = compare.check_choice(G, chosen)
if problems:
    for message in problems:
        st.info(md(message))
    st.stop()

matrix = teaching.matrix_of(bundle, tuple(chosen))
show_citations = st.toggle("Show the citations in every cell", key="compare_citations")
st.caption("Each item shows its evidence: supported (a source rated moderate or high backs it), weak (only "
           "sources rated low) or contradicted (a vetted reference corrects it). Blue marks what all the chosen "
           "therapies share, violet what only one of them has.")

header = st.columns([1] + [2] * len(chosen))
header[0].markdown("**Row**")
for column, therapy in zip(header[1:], chosen):
    column.subheader(md(G.nodes[therapy]["label"]), anchor=False)
for row in matrix.rows:
    st.divider()
    cells = st.columns([1] + [2] * len(chosen))
    cells[0].markdown(f"**{md(row.label)}**")
    for column, therapy in zip(cells[1:], chosen):
        items = matrix.cell(row.id, therapy)
        with column:
            if not items:
                st.caption("Nothing in the data.")
            for item in items[:CELL_LIMIT]:
                mark = f" {MARK_BADGE[item.mark]}" if item.mark else ""
                st.markdown(f"{badge(item.status)} {md(item.label)}{mark}")
                if item.detail:
                    st.caption(md(item.detail))
                if item.via:
                    st.caption(md(f"via {', '.join(item.via)}"))
                if show_citations:
                    for line in teaching.item_citations_of(bundle, item):
                        st.caption(md(line))
            if len(items) > CELL_LIMIT:
                st.caption(f"… and {len(items) - CELL_LIMIT} more: the table below and the CSV list them all.")

st.divider()
with st.expander("The matrix as a table (also the accessible version)"):
    st.dataframe(compare.matrix_table(G, matrix))
st.subheader("Export", anchor=False)
cols = st.columns(3)
name = "pain-atlas-compare-" + "-vs-".join(chosen)
cols[0].download_button("Matrix as CSV", safe_csv(compare.matrix_frame(G, matrix)), f"{name}.csv", "text/csv",
                        on_click="ignore", help="One row per item, with its claims, citations and corrections.")
cols[1].download_button("Matrix as PNG", lambda: teaching.matrix_figure_of(bundle, tuple(chosen), "png"),
                        f"{name}.png", "image/png", on_click="ignore")
cols[2].download_button("Matrix as SVG", lambda: teaching.matrix_figure_of(bundle, tuple(chosen), "svg"),
                        f"{name}.svg", "image/svg+xml", on_click="ignore")
