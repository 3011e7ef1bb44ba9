"""The Cytoscape export: Cytoscape.js JSON, which Cytoscape desktop imports too.

The file is what ``cy.json()`` gives: ``elements.nodes[].data`` (with ``id``) and ``position``,
``elements.edges[].data`` (with ``id`` = the claim id, ``source`` and ``target``), a ``style``
list of ``{selector, style}`` entries for the node kinds and the evidence statuses, and a
``layout`` of ``preset`` so the app's positions are kept. ``data`` holds the cited sources and
every correction as JSON text (Cytoscape desktop keeps network data as plain columns). ``networkx.cytoscape_graph`` reads it back: nodes carry ``value`` (their id),
edges ``key`` (their claim id), and the file says ``directed`` and ``multigraph``.

Examples
--------
>>> data = cytoscape_dict(G, pos)
>>> node = data["elements"]["nodes"][0]
>>> sorted(node) == ["data", "position"] and node["data"]["id"] == node["data"]["value"]
True
>>> import networkx as nx
>>> nx.cytoscape_graph(data).number_of_edges() == G.number_of_edges()
True
"""

from __future__ import annotations

import networkx as nx

from ..escape import selector_string
from .export_records import (as_json, corrections_of, edge_records, exported_sources, hex_color,
                             node_records, source_dict)

#: vis-network shapes as Cytoscape.js names them.
CYTOSCAPE_SHAPES = {"dot": "ellipse", "circle": "ellipse", "ellipse": "ellipse", "box": "round-rectangle",
                    "square": "rectangle", "diamond": "diamond", "triangle": "triangle", "triangleDown": "vee",
                    "star": "star", "hexagon": "hexagon", "database": "barrel", "text": "rectangle"}


def cytoscape_style(G: nx.MultiDiGraph) -> list[dict]:
    """Cytoscape.js styles: labels, a colour and shape per node kind, a colour and line per status."""
    schema = G.graph["schema"]
    style = [{"selector": "node", "style": {"label": "data(label)", "width": 16, "height": 16, "font-size": 10}},
             {"selector": "edge", "style": {"curve-style": "bezier", "target-arrow-shape": "triangle", "width": 1.5}}]
    for kind in schema.node_kinds.values():
        style.append({"selector": f"node[kind = {selector_string(kind.id)}]",
                      "style": {"background-color": hex_color(kind.color),
                                "shape": CYTOSCAPE_SHAPES.get(kind.shape, "ellipse")}})
    for status in schema.statuses.values():
        color = hex_color(status.color)
        style.append({"selector": f"edge[status = {selector_string(status.id)}]",
                      "style": {"line-color": color, "target-arrow-color": color,
                                "line-style": "dashed" if status.dashes else "solid",
                                "width": 2.5 if status.id == "contradicted" else 1.5}})
    return style


def cytoscape_dict(G: nx.MultiDiGraph, pos: dict) -> dict:
    """``G`` as Cytoscape.js JSON (see the module's description)."""
    nodes = [{"data": {"id": n, "value": n, "name": record["label"], **record},
              "position": {"x": record["x"], "y": record["y"]}}
             for n, record in node_records(G, pos).items()]
    edges = [{"data": {"id": record["claim_id"], "key": record["claim_id"], "source": u, "target": v, **record}}
             for u, v, record in edge_records(G)]
    return {
        "format_version": "1.0", "generated_by": "Pain Atlas", "target_cytoscapejs_version": "~3",
        "directed": True, "multigraph": True,
        "data": {"name": "Pain Atlas", "description": "Educational, not medical advice.",
                 "sources": as_json([source_dict(s) for s in exported_sources(G)]),
                 "corrections": as_json(corrections_of(G))},
        "elements": {"nodes": nodes, "edges": edges},
        "style": cytoscape_style(G),
        "layout": {"name": "preset"},
    }


def cytoscape_json(G: nx.MultiDiGraph, pos: dict) -> str:
    """The Cytoscape JSON file's text."""
    return as_json(cytoscape_dict(G, pos))
