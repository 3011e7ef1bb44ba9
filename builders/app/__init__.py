"""The Streamlit glue, and the only package that imports Streamlit: the session's dataset and its
caches, session and URL state, panels, the graph component, the exports for class and uploads.
Pages (``app_pages/``) call it and only arrange widgets."""
