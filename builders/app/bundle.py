"""The app's data: the dataset of this session, loaded, validated and built once, and the
results derived from it, cached.

A :class:`Bundle` is one version of one dataset: its load result, its graph and a key that
changes whenever a file of the folder changes. Streamlit's caches hash a bundle by that key
(:data:`HASH`), so every cached helper takes the bundle alone. Layouts are cached per dataset;
views, payloads, tours and the claim index per dataset and view.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import streamlit as st

from ..data.files import DataFolder
from ..data.load import LoadResult, load_folder
from ..data.model import counts_text
from ..escape import md
from ..graph.build import build_graph
from ..graph.layout import positions
from ..graph.queries import claims_by_source, edge_by_id, shortest_paths
from ..graph.views import View, ViewSpec, make_view
from ..render.payload import DEFAULT_HEIGHT, vis_payload
from ..teach.tour_files import TourSet, validate_tours
from . import session
from .layout_cache import cached_positions


@dataclass(frozen=True)
class Bundle:
    """One loaded dataset: the load result, its graph and a key that names this version of it."""

    result: LoadResult
    graph: nx.MultiDiGraph
    key: str

    @property
    def schema(self):
        return self.graph.graph["schema"]

    @property
    def sources(self):
        return self.graph.graph["sources"]

    @property
    def folder(self) -> DataFolder | None:
        return self.result.folder


#: How Streamlit's caches hash a bundle: by the version of the data it holds.
HASH = {Bundle: lambda bundle: bundle.key}


def fingerprint(folder: Path) -> str:
    """Changes whenever a file of the data folder changes, so edits reload the data."""
    digest = hashlib.sha1(str(folder.resolve()).encode())
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


@st.cache_resource(show_spinner="Loading, validating and building the graph…", max_entries=8)
def _load_bundle(data_dir: str, sources_dir: str | None, key: str) -> Bundle:
    result = load_folder(DataFolder(Path(data_dir), Path(sources_dir) if sources_dir else None))
    return Bundle(result, build_graph(result.dataset), key)


def _app_args() -> argparse.Namespace:
    """The app's own arguments: ``streamlit run app.py -- [--data DIR] [--sources-dir DIR] [--allow-edits]``."""
    parser = argparse.ArgumentParser(prog="app.py", add_help=False)
    parser.add_argument("--data", default=None)
    parser.add_argument("--sources-dir", default=None)
    parser.add_argument("--allow-edits", action="store_true")
    return parser.parse_known_args(sys.argv[1:])[0]


def app_folder() -> DataFolder:
    """The app's data folder: ``streamlit run app.py -- --data DIR [--sources-dir DIR]``, else
    ``$PAIN_ATLAS_DATA``, else the bundled ``graph_data/``."""
    args = _app_args()
    return DataFolder.of(args.data or os.environ.get("PAIN_ATLAS_DATA"), args.sources_dir)


def edits_allowed() -> bool:
    """Whether the app may write into its data folder (the tour builder's "Save into the data
    folder"): only when started with ``--allow-edits``, for a teacher running it on their own
    machine. ``make run`` and a shared server stay read-only."""
    return _app_args().allow_edits


def session_folder() -> DataFolder:
    """The session's data folder: an upload the user switched to, else the app's own."""
    state = st.session_state
    uploaded = state.get(session.DATA_DIR)
    if uploaded and not Path(uploaded).is_dir():  # an upload's temporary folder that the OS cleaned away
        state.pop(session.DATA_DIR)
        uploaded = None
    if uploaded:
        # An upload is read with its own source texts, as it was validated (builders.app.own_data).
        return DataFolder.of(uploaded, state.get(session.DATA_SOURCES))
    return app_folder()


def current_bundle() -> Bundle:
    """The session's dataset, loaded once per version of its files."""
    folder = session_folder()
    sources = str(folder.sources_dir) if folder.sources_dir else None
    return _load_bundle(str(folder.root), sources, fingerprint(folder.root))


def dataset_origin() -> str:
    """Where this session's data comes from: "the bundled data", "your upload NAME" or "the data folder NAME"."""
    if st.session_state.get(session.DATA_DIR):
        return f"your upload {st.session_state.get(session.DATA_NAME) or ''}".rstrip()
    folder = app_folder()
    return "the bundled data" if folder.is_bundled else f"the data folder {folder.root.name}"


def dataset_summary(bundle: Bundle) -> str:
    """Which dataset this session shows, and its size, as plain text (escape it for markdown)."""
    counts = bundle.result.dataset.counts()
    return f"Dataset: {dataset_origin()} · {counts_text({k: counts[k] for k in ('nodes', 'claims', 'sources')})}"


def dataset_caption(bundle: Bundle) -> None:
    """The active dataset, in the sidebar of every page; and a refused upload, if there is one."""
    st.caption(md(dataset_summary(bundle)))
    refused = st.session_state.get(session.UPLOAD_REFUSED)
    if refused:
        st.caption(md(f"Your upload {refused} has errors and was not loaded; this data stays. "
                      "See Your data for the report."))


# --------------------------------------------------------------------------- cached results

@st.cache_resource(show_spinner="Placing the nodes…", max_entries=8, hash_funcs=HASH)
def layout_of(bundle: Bundle) -> dict:
    """Positions for the whole graph of a dataset, computed once; for the app's own data folder,
    kept on disk too (:mod:`builders.app.layout_cache`), so that a new server reads them."""
    data_dir = bundle.result.data_dir
    if data_dir is not None and Path(data_dir).resolve() == app_folder().root.resolve():
        return cached_positions(bundle.graph, bundle.key, lambda: positions(bundle.graph))
    return positions(bundle.graph)


@st.cache_data(show_spinner=False, max_entries=256, hash_funcs=HASH)
def payload_of(bundle: Bundle, spec: ViewSpec, selected: tuple | None = None,
               height: int = DEFAULT_HEIGHT) -> tuple[View, dict]:
    """The view and its vis-network payload, cached per dataset and view."""
    view = make_view(bundle.graph, spec)
    chosen = {"kind": selected[0], "id": selected[1]} if selected else None
    return view, vis_payload(bundle.graph, view, layout_of(bundle), spec, selected=chosen, height=height)


@st.cache_data(show_spinner=False, max_entries=256, hash_funcs=HASH)
def view_of(bundle: Bundle, spec: ViewSpec) -> View:
    """Only the view (what it shows), for the pages that list it rather than draw it."""
    return make_view(bundle.graph, spec)


@st.cache_resource(max_entries=8, hash_funcs=HASH)
def edge_index(bundle: Bundle) -> dict:
    """Claim id to ``(source, target, attributes)``, built once per dataset."""
    return edge_by_id(bundle.graph)


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=HASH)
def paths_of(bundle: Bundle, source: str, target: str, limit: int = 3) -> list[list[dict]]:
    """The shortest paths between two nodes, hop by hop."""
    return shortest_paths(bundle.graph, source, target, limit=limit)


@st.cache_data(show_spinner=False, max_entries=8, hash_funcs=HASH)
def claims_of_sources(bundle: Bundle) -> dict[str, list[dict]]:
    """Every claim each source is cited for, by source id."""
    return {source: claims_by_source(bundle.graph, source) for source in bundle.sources}


@st.cache_data(show_spinner=False, max_entries=8, hash_funcs=HASH)
def tours_of(bundle: Bundle) -> TourSet:
    """The data folder's tours, validated once per version of the data."""
    if bundle.folder is None:
        return TourSet()
    return validate_tours(bundle.folder, bundle.result.dataset, bundle.graph)


def clear_caches() -> None:
    """Empty every cache of the app (the benchmark does, between datasets), and quiet Streamlit's
    log: its caches used outside a server warn that there is no runtime, harmlessly."""
    from streamlit import logger
    logger.set_log_level("error")  # AppTest puts the level back
    st.cache_resource.clear()
    st.cache_data.clear()


def known_ids(bundle: Bundle) -> session.Known:
    """What a link may name in this dataset."""
    schema = bundle.schema
    return session.Known(bundle.graph, edge_index(bundle), schema.node_kinds, schema.relations, bundle.sources,
                         schema.statuses)


def node_options(bundle: Bundle) -> list[str]:
    """Node ids sorted by label, for search boxes."""
    G = bundle.graph
    return sorted(G.nodes, key=lambda n: (G.nodes[n]["label"].casefold(), n))


def node_option_label(bundle: Bundle):
    """A format function showing label, kind and aliases, so typing an alias finds the node."""
    G, kinds = bundle.graph, bundle.schema.node_kinds

    def label(node: str) -> str:
        d = G.nodes[node]
        aliases = f" — also: {', '.join(d['aliases'])}" if d["aliases"] else ""
        return f"{d['label']} ({kinds[d['kind']].label}){aliases}"

    return label
