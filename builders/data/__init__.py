"""Files to a validated dataset: the records, the data folder and its files, the schema, the
evidence checks, validation, and uploads. Imports only :mod:`builders.escape` from the project;
no networkx, no Streamlit."""
