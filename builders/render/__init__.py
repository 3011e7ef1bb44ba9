"""A view to something a person reads: the vis-network payload, the standalone HTML page, static
figures, the words for evidence, and the data exports, with their front-end assets in
``assets/``. Imports :mod:`builders.graph` and below; no Streamlit."""
