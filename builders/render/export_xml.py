"""GraphML and GEXF 1.3 exports that keep everything: claim ids, typed fields, sources,
corrections, and the app's positions, colours and shapes.

Both are written by hand, line by line, so that every attribute has its declared type and every
text goes through :func:`builders.escape.xml_escape` (characters XML cannot hold become U+FFFD,
so the files stay well-formed whatever the labels hold).

- The claim id is the edge id and also the ``claim_id`` field, for readers that renumber edges
  (python-igraph 1.0 reads GraphML edge ids as something else).
- **GraphML** carries the cited sources and every correction as graph-level data (``sources``
  and ``corrections``, JSON text), so the nodes are exactly the graph's nodes. Nodes have
  ``x``, ``y``, ``size`` and ``color``, the names Gephi's GraphML importer reads; claims have
  ``label`` and ``color``.
- **GEXF 1.3** has no graph-level attributes, so each cited source is a node of its own
  (``element`` = ``source``, id ``source:<id>``, no edges), placed in a row below the graph.
  Positions, colours, sizes and shapes are in the ``viz`` namespace.

Examples
--------
>>> text = "".join(graphml_lines(G, pos))
>>> claim = next(iter(G.edges(keys=True)))[2]
>>> f'<edge id="{claim}"' in text and f'<data key="edge_claim_id">{claim}</data>' in text
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import networkx as nx

from ..escape import xml_escape
from ..graph.layout import SLOT_H, SLOT_W
from .export_records import (EDGE_FIELDS, NODE_FIELDS, OTHER_COLOR, SOURCE_FIELDS, Field, as_json,
                             corrections_of, edge_records, exported_sources, node_records, rgb,
                             source_dict, source_record)

GRAPHML_TYPES = {"string": "string", "integer": "int", "double": "double", "boolean": "boolean"}
GEXF_TYPES = {"string": "string", "integer": "integer", "double": "double", "boolean": "boolean"}
#: vis-network shapes as GEXF 1.3 names them (disc, square, triangle, diamond).
GEXF_SHAPES = {"square": "square", "box": "square", "database": "square", "triangle": "triangle",
               "triangleDown": "triangle", "diamond": "diamond"}


def _root(tag: str, namespace: str, schema: str, more: str = "") -> str:
    """The XML declaration and the opening root element, with its namespace and schema location."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{tag} xmlns="{namespace}"{more} '
            f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="{namespace} {schema}">\n')


def _plain(value) -> str:
    """A typed value as text: booleans as ``true``/``false``, numbers as Python writes them."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _value(value) -> str:
    return xml_escape(_plain(value))


def _attr(value) -> str:
    return xml_escape(_plain(value), attribute=True)


# --------------------------------------------------------------------------- GraphML

def _graphml_keys(scope: str, fields: tuple[Field, ...]) -> list[str]:
    return [f'<key id="{scope}_{f.name}" for="{scope}" attr.name="{f.name}" '
            f'attr.type="{GRAPHML_TYPES[f.type]}"/>\n' for f in fields]


def _graphml_data(scope: str, record: dict) -> str:
    return "".join(f'<data key="{scope}_{name}">{_value(value)}</data>'
                   for name, value in record.items() if value is not None)


def graphml_lines(G: nx.MultiDiGraph, pos: dict) -> Iterator[str]:
    """The GraphML file of ``G``, line by line."""
    yield _root("graphml", "http://graphml.graphdrawing.org/xmlns",
                "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd")
    graph_fields = (Field("sources", "string"), Field("corrections", "string"))
    yield from _graphml_keys("graph", graph_fields)
    yield from _graphml_keys("node", NODE_FIELDS)
    yield from _graphml_keys("edge", EDGE_FIELDS)
    yield '<graph id="pain-atlas" edgedefault="directed">\n'
    yield _graphml_data("graph", {"sources": as_json([source_dict(s) for s in exported_sources(G)]),
                                  "corrections": as_json(corrections_of(G))}) + "\n"
    for n, record in node_records(G, pos).items():
        yield f'<node id="{_attr(n)}">{_graphml_data("node", record)}</node>\n'
    for u, v, record in edge_records(G):
        yield (f'<edge id="{_attr(record["claim_id"])}" source="{_attr(u)}" target="{_attr(v)}">'
               f'{_graphml_data("edge", record)}</edge>\n')
    yield "</graph>\n</graphml>\n"


# --------------------------------------------------------------------------- GEXF 1.3

def _gexf_attributes(scope: str, fields: tuple[Field, ...]) -> Iterator[str]:
    yield f'<attributes class="{scope}">\n'
    for f in fields:
        default = "<default>node</default>" if f.name == "element" else ""
        yield f'<attribute id="{f.name}" title="{f.name}" type="{GEXF_TYPES[f.type]}">{default}</attribute>\n'
    yield "</attributes>\n"


def _attvalues(record: dict, skip: tuple[str, ...] = ()) -> str:
    values = "".join(f'<attvalue for="{name}" value="{_attr(value)}"/>'
                     for name, value in record.items() if value is not None and value != "" and name not in skip)
    return f"<attvalues>{values}</attvalues>"


def _viz_color(color: str) -> str:
    r, g, b = rgb(color)
    return f'<viz:color r="{r}" g="{g}" b="{b}" a="1.0"/>'


def _gexf_node(node_id: str, label: str, record: dict) -> str:
    viz = (f'{_viz_color(record["color"])}<viz:position x="{record["x"]}" y="{record["y"]}" z="0.0"/>'
           f'<viz:size value="{record["size"]}"/>'
           f'<viz:shape value="{GEXF_SHAPES.get(record["shape"], "disc")}"/>')
    return f'<node id="{_attr(node_id)}" label="{_attr(label)}">{_attvalues(record)}{viz}</node>\n'


def _source_nodes(G: nx.MultiDiGraph, records: dict) -> Iterator[str]:
    """Each cited source as a node of its own, in a row below the graph."""
    xs = [r["x"] for r in records.values()] or [0.0]
    bottom = max((r["y"] for r in records.values()), default=0.0) + 2 * SLOT_H
    for i, source in enumerate(exported_sources(G)):
        record = {"element": "source", "source_id": source.id, "kind": "source", "kind_label": "Source",
                  **source_record(source), "x": min(xs) + i * SLOT_W / 2, "y": bottom, "size": 10.0,
                  "color": OTHER_COLOR, "shape": "square"}
        yield _gexf_node(f"source:{source.id}", source.title, record)


def gexf_lines(G: nx.MultiDiGraph, pos: dict) -> Iterator[str]:
    """The GEXF 1.3 file of ``G``, line by line."""
    yield _root("gexf", "http://gexf.net/1.3", "http://gexf.net/1.3/gexf.xsd",
                ' xmlns:viz="http://gexf.net/1.3/viz" version="1.3"')
    yield ("<meta><creator>Pain Atlas</creator><description>A cited knowledge graph of pain-management "
           "options, for teaching (educational, not medical advice). Nodes whose element is 'source' are "
           "the cited sources.</description></meta>\n")
    yield '<graph defaultedgetype="directed" idtype="string">\n'
    node_fields = (Field("element", "string", "node or source"), *NODE_FIELDS, Field("source_id", "string"),
                   *SOURCE_FIELDS)
    yield from _gexf_attributes("node", node_fields)
    yield from _gexf_attributes("edge", EDGE_FIELDS)
    records = node_records(G, pos)
    yield "<nodes>\n"
    for n, record in records.items():
        yield _gexf_node(n, record["label"], {"element": "node", **record})
    yield from _source_nodes(G, records)
    yield "</nodes>\n<edges>\n"
    for u, v, record in edge_records(G):
        viz = (f'{_viz_color(record["color"])}<viz:thickness value="{record["width"]}"/>'
               f'<viz:shape value="{"dashed" if record["dashed"] else "solid"}"/>')
        yield (f'<edge id="{_attr(record["claim_id"])}" source="{_attr(u)}" target="{_attr(v)}" '
               f'label="{_attr(record["label"])}" kind="{_attr(record["relation"])}">'
               f'{_attvalues(record)}{viz}</edge>\n')
    yield "</edges>\n</graph>\n</gexf>\n"


def write_lines(lines: Iterator[str], out: Path) -> Path:
    """Write an XML file from its lines, as UTF-8."""
    with Path(out).open("w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(lines)
    return Path(out)
