"""Streamlit glue shared by the pages: the cached data, the view state in the URL, and text output.

Pages only arrange widgets; what they show comes from here and from the rest of ``builders``.
The graph is loaded and built once per data folder (``st.cache_resource``); layouts and view
payloads are cached per dataset and view.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import streamlit as st

from .graph import DEFAULT_NODE_BUDGET, Filters, ViewSpec, build_graph, edge_by_id, make_view
from .layout import positions
from .load import DEFAULT_DATA_DIR, LoadResult, load_dataset
from .render import DISCLAIMER, vis_payload

# --------------------------------------------------------------------------- data


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
    result = load_dataset(data_dir, sources_dir)
    return Bundle(result, build_graph(result.dataset), key)


def app_args() -> argparse.Namespace:
    """The app's own arguments: ``streamlit run app.py -- --data DIR [--sources-dir DIR]``."""
    parser = argparse.ArgumentParser(prog="app.py", add_help=False)
    parser.add_argument("--data", default=None)
    parser.add_argument("--sources-dir", default=None)
    args, _ = parser.parse_known_args(sys.argv[1:])
    return args


def default_data_dir() -> Path:
    """``--data DIR``, else ``$PAIN_ATLAS_DATA``, else the bundled ``graph_data/``."""
    args = app_args()
    chosen = args.data or os.environ.get("PAIN_ATLAS_DATA")
    return Path(chosen) if chosen else DEFAULT_DATA_DIR


def current_bundle() -> Bundle:
    """The session's dataset: an uploaded one if the user switched to it, else the app's default."""
    uploaded = st.session_state.get("data_dir")
    if uploaded and not Path(uploaded).is_dir():  # an upload's temporary folder that the OS cleaned away
        st.session_state.pop("data_dir")
        uploaded = None
    folder = Path(uploaded or default_data_dir())
    # An upload is read with its own source texts, as it was validated (builders.own_data).
    sources_dir = (uploaded and st.session_state.get("data_sources_dir")) or app_args().sources_dir
    return _load_bundle(str(folder), sources_dir, fingerprint(folder))


def dataset_origin() -> str:
    """Where this session's data comes from: "the bundled data", "your upload NAME" or "the data folder NAME"."""
    if st.session_state.get("data_dir"):
        return f"your upload {st.session_state.get('data_name') or ''}".rstrip()
    if default_data_dir().resolve() == DEFAULT_DATA_DIR.resolve():
        return "the bundled data"
    return f"the data folder {default_data_dir().name}"


def dataset_summary(bundle: Bundle) -> str:
    """Which dataset this session shows, and its size, as plain text (escape it for markdown)."""
    G = bundle.graph
    return (f"Dataset: {dataset_origin()} · {G.number_of_nodes():,} nodes, {G.number_of_edges():,} claims, "
            f"{len(bundle.sources):,} sources")


def dataset_caption(bundle: Bundle) -> None:
    """The active dataset, in the sidebar of every page; and a refused upload, if there is one."""
    st.caption(md(dataset_summary(bundle)))
    refused = st.session_state.get("own_data_refused")
    if refused:
        st.caption(md(f"Your upload {refused} has errors and was not loaded; this data stays. "
                      "See Your data for the report."))


@st.cache_resource(show_spinner="Placing the nodes…", max_entries=8)
def layout_of(_bundle: Bundle, key: str) -> dict:
    """Positions for the whole graph of a dataset, computed once (``key`` names the dataset)."""
    return positions(_bundle.graph)


@st.cache_data(show_spinner=False, max_entries=256)
def payload_of(_bundle: Bundle, key: str, spec: ViewSpec, selected: tuple | None, height: int = 640):
    """The view and its vis-network payload, cached per dataset and view."""
    view = make_view(_bundle.graph, spec)
    payload = vis_payload(_bundle.graph, view, layout_of(_bundle, key),
                          selected={"kind": selected[0], "id": selected[1]} if selected else None,
                          highlight_nodes=spec.highlight_nodes, highlight_edges=spec.highlight_edges,
                          focus=spec.focus, height=height)
    return view, payload


@st.cache_resource(max_entries=8)
def edge_index(_bundle: Bundle, key: str) -> dict:
    """Claim id to ``(source, target, attributes)``, built once per dataset."""
    return edge_by_id(_bundle.graph)


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


# --------------------------------------------------------------------------- view state in the URL

#: Session-state keys of the view controls, and how each appears in the URL.
VIEW_KEYS = {
    "focus": "focus", "depth": "depth", "mode": "mode", "kinds": "kind", "relations": "rel",
    "sources": "src", "statuses": "status", "selected": "sel", "path_from": "from", "path_to": "to",
    "budget": "max",
}
LIST_KEYS = {"kinds", "relations", "sources", "statuses"}
DEFAULTS = {"focus": None, "depth": 1, "mode": "hide", "kinds": [], "relations": [], "sources": [],
            "statuses": [], "selected": None, "path_from": None, "path_to": None, "budget": DEFAULT_NODE_BUDGET}


def init_view_state() -> None:
    """Give every view control its default once per session, before any widget is drawn."""
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, list(value) if isinstance(value, list) else value)


def read_url(bundle: Bundle) -> list[str]:
    """Set the view state from the URL once per URL; returns messages about values it rejected."""
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    signature = repr(sorted(params.items()))
    if st.session_state.get("_url_read") == signature:
        return []
    st.session_state["_url_read"] = signature
    G = bundle.graph
    problems = []
    for key, name in VIEW_KEYS.items():
        values = params.get(name)
        if not values:
            continue
        if key in LIST_KEYS:
            allowed = {"kinds": bundle.schema.node_kinds, "relations": bundle.schema.relations,
                       "sources": bundle.sources, "statuses": bundle.schema.statuses}[key]
            items = [v for value in values for v in value.split(",") if v]
            bad = [v for v in items if v not in allowed]
            if bad:
                problems.append(f"The link's {name} filter names unknown values: {', '.join(bad)}; they were ignored.")
            st.session_state[key] = [v for v in items if v in allowed]
        elif key in ("depth", "budget"):
            low, high = (1, 3) if key == "depth" else (10, 100_000)
            try:
                st.session_state[key] = min(max(int(values[0]), low), high)
            except ValueError:
                problems.append(f"The link's {name}={values[0]!r} is not a number; using the default.")
        elif key == "mode":
            st.session_state[key] = "fade" if values[0] == "fade" else "hide"
        elif key == "selected":
            kind, _, item = values[0].partition(":")
            known = (kind == "node" and item in G) or (kind == "edge" and item in edge_index(bundle, bundle.key))
            if known:
                st.session_state[key] = (kind, item)
            else:
                problems.append(f"The link selects {values[0]!r}, which is not in this dataset.")
        else:  # a node id
            if values[0] in G:
                st.session_state[key] = values[0]
            else:
                problems.append(f"The link names the node {values[0]!r}, which is not in this dataset.")
    return problems


def own_url(**params) -> None:
    """Give this run's page its own query parameters instead of the explorer's view.

    :func:`write_url`, which runs after the page, then writes exactly these (empty values left
    out), so a page such as Present links to ``?tour=pump&step=3``. A page that does not call
    this gets the explorer's view parameters as before.

    Examples
    --------
    >>> own_url(tour="pump", step=3)   # in a page script, before app.py calls write_url()
    """
    st.session_state["_page_url"] = {k: str(v) for k, v in params.items() if v not in (None, "")}


def write_url() -> None:
    """Mirror the view state into the URL, leaving out defaults, so a copied link restores the view."""
    wanted = {}
    page_params = st.session_state.pop("_page_url", None)  # set by own_url() during this run
    for key, name in VIEW_KEYS.items() if page_params is None else ():
        value = st.session_state.get(key, DEFAULTS[key])
        if value in (None, [], DEFAULTS[key]):
            continue
        if key in LIST_KEYS:
            wanted[name] = ",".join(value)
        elif key == "selected":
            wanted[name] = f"{value[0]}:{value[1]}"
        else:
            wanted[name] = str(value)
    wanted.update(page_params or {})
    current = {k: ",".join(st.query_params.get_all(k)) for k in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)
        st.session_state["_url_read"] = repr(sorted((k, [v]) for k, v in wanted.items()))


def current_filters() -> Filters:
    return Filters.of(st.session_state.get("kinds", []), st.session_state.get("relations", []),
                      st.session_state.get("sources", []), st.session_state.get("statuses", []))


def current_spec(highlight_nodes=(), highlight_edges=()) -> ViewSpec:
    return ViewSpec(focus=st.session_state.get("focus"), depth=int(st.session_state.get("depth", 1)),
                    fade=st.session_state.get("mode") == "fade", filters=current_filters(),
                    highlight_nodes=tuple(highlight_nodes), highlight_edges=tuple(highlight_edges),
                    max_nodes=int(st.session_state.get("budget", DEFAULT_NODE_BUDGET)))


# --------------------------------------------------------------------------- text output

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def md(text: str) -> str:
    """Escape text so that Streamlit's markdown shows it literally (data is text, never markup).

    >>> md("<b>*x*</b>")
    '\\\\<b\\\\>\\\\*x\\\\*\\\\</b\\\\>'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")


def disclaimer() -> None:
    """The "educational, not medical advice" notice, at the top of every page."""
    st.warning(md(DISCLAIMER), icon=":material/school:")
