"""A validated dataset to a graph, and what one screen shows of it: the build, queries, views
(filters, focus, node budget) and node positions. Imports :mod:`builders.data`."""
