"""Your data: upload a dataset as a zip, read the report on it, and explore it for this session.

The work is done by ``builders.own_data``: the upload is unpacked into a fresh temporary folder
(never ``graph_data/``) and validated like ``pain-atlas validate``. An upload with errors changes
nothing; a clean one becomes this session's dataset until "Back to the bundled data".
"""

import streamlit as st

from builders.app import bundle as data
from builders.app import own_data, session
from builders.escape import md

st.set_page_config(initial_sidebar_state="expanded")  # the sidebar holds this page's controls

bundle = data.current_bundle()
state = st.session_state
limits = own_data.Limits.from_env()
#: Most rows a report table sends to the browser; the CSV download has them all.
SHOWN_ROWS = 5_000

st.title("Your data", anchor=False)
st.write("Explore your own course graph: upload a zip of the data files, read the report on it, and "
         "the whole app (Explore, Sources, Table view, Compare, Present, Quiz) switches to it for this "
         "session. Nobody else sees it, and nothing stays on the server: an upload is deleted when you load "
         "another, go back to the bundled data, or close the app.")

# --------------------------------------------------------------------------- the active dataset
with st.container(border=True):
    st.markdown("**Active dataset**")
    st.markdown(md(data.dataset_summary(bundle)))
    if state.get(session.DATA_DIR):
        bundled = data.app_folder().is_bundled
        st.button("Back to the bundled data" if bundled else "Back to the app's data folder", key="own_data_reset",
                  on_click=own_data.reset, args=(state,), type="primary")
    cols = st.columns(2)
    cols[0].download_button("New dataset template (.zip)", own_data.dataset_template_zip(), "pain-atlas-dataset.zip",
                            "application/zip", on_click="ignore", key="own_data_template",
                            help="An empty, valid dataset: schema.yaml and the CSV files with their headers.")
    if bundle.result.data_dir is not None:
        cols[1].download_button("This dataset's files (.zip)", lambda: own_data.dataset_zip(bundle.result.data_dir),
                                "pain-atlas-current-dataset.zip", "application/zip", on_click="ignore",
                                key="own_data_current",
                                help="schema.yaml, the CSV files and the tours, as they are, to edit and upload "
                                     "again. For spreadsheet-safe tables, use the Table view's downloads.")

with st.expander("How to make a dataset", expanded=not state.get(session.DATA_DIR)):
    st.markdown(
        "1. Download the **new dataset template** and unzip it: a folder with `schema.yaml` and five CSV files "
        "holding only their headers.\n"
        "2. Fill in `sources.csv`, `nodes.csv`, `edges.csv`, `citations.csv` and, if you need it, "
        "`corrections.csv` in a spreadsheet or a text editor; save them as CSV UTF-8. The columns are described "
        "in `docs/data-format.md`. Guided tours go in a `tours/` folder, the source documents' text in "
        "`sources/`.\n"
        "3. Zip the folder and upload the zip here. Every problem is listed with its file, row and field; "
        "fix them and upload again. The app keeps working on the data it had until an upload has no errors.")
    st.caption(own_data.limits_text(limits))

# --------------------------------------------------------------------------- the upload
uploaded = st.file_uploader("Upload a dataset (.zip)", type=["zip"], key="own_data_upload",
                            help=own_data.limits_text(limits))
if uploaded is not None and uploaded.file_id != state.get(session.UPLOAD_SEEN):
    state[session.UPLOAD_SEEN] = uploaded.file_id
    with st.status("Checking your upload…", expanded=True) as status:
        report = own_data.handle_upload(uploaded.getvalue(), uploaded.name, state, limits=limits,
                                        progress=lambda text: status.write(md(text)))
        if report.adopted:
            status.write("Building the graph…")
            data.current_bundle()
            status.update(label="Loaded: your data is this session's dataset", state="complete", expanded=False)
        else:
            status.update(label="Not loaded: the upload has errors", state="error", expanded=False)
    st.rerun()  # so that the sidebar and the counts above show what became of it

# --------------------------------------------------------------------------- the report
report = own_data.last_report(state)
if report is not None:
    st.header(md(f"Report on {report.name}"), anchor=False)
    if report.adopted:
        st.success(md(report.summary()))
    else:
        G = bundle.graph
        st.error(md(f"{report.summary()} The app keeps working on the data it had, {data.dataset_origin()} "
                           f"({G.number_of_nodes():,} nodes, {G.number_of_edges():,} claims); nothing changed. "
                           "Fix the errors below and upload the zip again."))
    st.caption(f"Checked in {report.seconds:.2f} s; {len(report.errors)} error(s), "
               f"{len(report.warnings)} warning(s). Row 1 is a file's header; \"whole file\" marks a problem with "
               "the file as a whole.")
    if report.problems:
        query = st.text_input("Search the report", key="own_data_search",
                              placeholder="A file, a field, a row or a word of the message")
        frame = report.frame(query)
        if query.strip():
            st.caption(f"{len(frame):,} of {len(report.problems):,} problem(s) match.")
        groups = own_data.by_file(frame)
        tabs = st.tabs([f"All ({len(frame):,})"] + [f"{md(name)} ({len(group):,})" for name, group in groups])
        severity = st.column_config.TextColumn("severity", help="error: the upload is not loaded until it is "
                                               "fixed; warning: it loads, but something looks wrong")
        for tab, table in zip(tabs, [frame] + [group for _, group in groups]):
            with tab:
                if table.empty:
                    st.caption("No problem matches the search.")
                else:
                    if len(table) > SHOWN_ROWS:
                        st.caption(f"The first {SHOWN_ROWS:,} of {len(table):,}: search to narrow them, or download "
                                   "the whole report below.")
                    st.dataframe(own_data.readable_rows(table.head(SHOWN_ROWS)), hide_index=True,
                                 column_config={"severity": severity})
        st.download_button("Download the report (CSV)", report.csv, "pain-atlas-upload-report.csv", "text/csv",
                           on_click="ignore", key="own_data_report_csv",
                           help="Every problem, unfiltered; cells a spreadsheet would run as formulas are neutralised.")
