"""Doctests of the package assume the bundled data is loaded: ``G`` (its graph) and ``dataset``,
as networkx's doctests assume ``nx``."""

import pytest

from builders.data.files import DEFAULT_DATA_DIR  # noqa: F401
from builders.data.load import load_dataset
from builders.graph.build import build_graph


@pytest.fixture(scope="session")
def _bundled_graph():
    dataset = load_dataset().dataset
    return dataset, build_graph(dataset)


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace, _bundled_graph):
    dataset, G = _bundled_graph
    doctest_namespace.update(G=G, dataset=dataset, DEFAULT_DATA_DIR=DEFAULT_DATA_DIR)
