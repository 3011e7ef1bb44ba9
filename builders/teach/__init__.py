"""Pure teaching tools built on the graph and its renderers: tour files and what a step shows,
the comparison matrix, quiz decks, and handouts for class. Imports :mod:`builders.render` and
below; no Streamlit."""
