"""Pain Atlas: the Streamlit entry. It loads the data once, shows the disclaimer, and hands
over to the pages in app_pages/, which only arrange widgets and call builders.app and
builders.teach.

    streamlit run app.py [-- --data DIR [--sources-dir DIR]]
"""

import streamlit as st

from builders.app import bundle as data
from builders.app import panels, session, upload_folders
from builders.app.component import page_style
from builders.escape import md

# No page or favicon icons: Streamlit fetches Material and emoji favicons from a CDN, and the app stays offline.
st.set_page_config(page_title="Pain Atlas", layout="wide")

PAGES = [
    st.Page("app_pages/explore.py", title="Explore", default=True),
    st.Page("app_pages/sources.py", title="Sources", url_path="sources"),
    st.Page("app_pages/table.py", title="Table view", url_path="table"),
    st.Page("app_pages/compare.py", title="Compare therapies", url_path="compare"),
    st.Page("app_pages/present.py", title="Present a tour", url_path="present"),
    st.Page("app_pages/build_tour.py", title="Build a tour", url_path="build-tour"),
    st.Page("app_pages/quiz.py", title="Quiz", url_path="quiz"),
    st.Page("app_pages/data.py", title="Your data", url_path="data"),
]

navigation = st.navigation(PAGES, position="top")
page_style()
upload_folders.start()  # once per process: clear what servers that are gone left, sweep ended sessions
bundle = data.current_bundle()
with st.sidebar, st.expander("About Pain Atlas and this data", expanded=True):
    st.markdown("**Pain Atlas** · a cited map of pain-management options")
    panels.about()
    data.dataset_caption(bundle)
panels.disclaimer()
result = bundle.result
if result.data_dir is not None and not result.data_dir.is_dir():
    st.error(md(f"There is no data folder {result.data_dir}; check --data or PAIN_ATLAS_DATA."))
elif not result.ok:
    st.error(md(f"The data in {result.data_dir} has {len(result.errors)} problem(s); "
                "the rows with problems are left out.") + " Run `pain-atlas validate` for the list.")
session.init_view_state()
for message in session.read_view_link(data.known_ids(bundle)):
    st.warning(md(message))
navigation.run()
session.write_url()
