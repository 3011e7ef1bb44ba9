"""Doctests of the package assume the bundled data is loaded, as networkx's doctests assume
``nx``: ``dataset``, its graph ``G`` and positions ``pos``, and ``make_view`` and ``ViewSpec``."""

import pytest

#: Asset folders hold files the package serves or runs (the benchmark's bare Streamlit app), not modules.
collect_ignore_glob = ["*/assets/*"]

from builders.data.files import DEFAULT_DATA_DIR
from builders.data.load import load_dataset
from builders.graph.build import build_graph
from builders.graph.layout import positions
from builders.graph.views import ViewSpec, make_view


@pytest.fixture(scope="session")
def _bundled():
    dataset = load_dataset().dataset
    G = build_graph(dataset)
    return {"dataset": dataset, "G": G, "pos": positions(G)}


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace, _bundled):
    doctest_namespace.update(_bundled, DEFAULT_DATA_DIR=DEFAULT_DATA_DIR, make_view=make_view, ViewSpec=ViewSpec)
