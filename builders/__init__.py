"""Pain Atlas builders: load, validate, build, query, render and export the cited graph.

The modules, one concern each:

- :mod:`builders.model`: the records (sources, nodes, claims, citations, problems);
- :mod:`builders.load`: reading ``graph_data/`` and validating it;
- :mod:`builders.evidence`: locators, checks against source text, and evidence status;
- :mod:`builders.graph`: the networkx graph and the queries on it;
- :mod:`builders.export`: JSON, GraphML, GEXF and CSV;
- :mod:`builders.cli`: the ``pain-atlas`` command.
"""

__version__ = "0.1.0"
