"""Graph exports for the tools people already use: the whole clinical graph or a subgraph
(a neighbourhood, the paths between two entities, a CONSTRUCT result) as GraphML, GEXF 1.3,
cytoscape.js JSON, CX2, DOT, SVG, node-link JSON, Neo4j import CSVs, KGX TSV and KGX JSONL.

networkx is the in-memory graph (``subgraph.select``); one small module per format family
writes it. Every export carries the review's CC BY attribution and DOI.

>>> sorted(FORMATS)[:3]
['cx2', 'cytoscape', 'dot']
>>> from kg.store import open_store
>>> export(open_store("memory:"), "node-link").media_type
'application/json'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from kg.exports import dot, json_formats, kgx, neo4j, xml_formats
from kg.exports.common import Export, ExportUnavailable
from kg.exports.subgraph import BadQuery, BadSelection, Construct, Selection, select
from kg.store import Store

__all__ = [
    "FORMATS", "BadQuery", "BadSelection", "Construct", "Export", "ExportUnavailable", "Format",
    "Selection", "UnknownFormat", "export",
]


class UnknownFormat(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    extension: str
    media_type: str
    write: Callable[[nx.MultiDiGraph[str]], bytes]
    description: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("graphml", "graphml", "application/graphml+xml", xml_formats.graphml,
               "GraphML (yEd, Cytoscape desktop, networkx)"),
        Format("gexf", "gexf", "application/gexf+xml", xml_formats.gexf, "GEXF 1.3 (Gephi)"),
        Format("cytoscape", "cyjs", "application/json", json_formats.cytoscape,
               "cytoscape.js / Cytoscape JSON elements"),
        Format("cx2", "cx2", "application/json", json_formats.cx2, "CX2 (NDEx, Cytoscape)"),
        Format("dot", "dot", "text/vnd.graphviz; charset=utf-8", dot.dot, "Graphviz DOT"),
        Format("svg", "svg", "image/svg+xml", dot.svg, "SVG laid out by Graphviz dot"),
        Format("node-link", "json", "application/json", json_formats.node_link,
               "networkx node-link JSON (D3)"),
        Format("neo4j", "neo4j.zip", "application/zip", neo4j.neo4j,
               "Neo4j admin-import CSVs, zipped"),
        Format("kgx", "kgx.zip", "application/zip", kgx.kgx_tsv, "KGX TSV (Biolink), zipped"),
        Format("kgx-jsonl", "kgx-jsonl.zip", "application/zip", kgx.kgx_jsonl,
               "KGX JSON Lines (Biolink), zipped"),
    )
}


def export(
    store: Store, fmt: str, selection: Selection | None = None, construct: Construct | None = None
) -> Export:
    """Export the selected subgraph (default: the whole clinical graph) as ``fmt``.

    Raises ``UnknownFormat``, ``BadSelection``, ``BadQuery``, ``kg.read.entities.UnknownEntity``,
    or ``ExportUnavailable`` (SVG without Graphviz).
    """
    if fmt not in FORMATS:
        raise UnknownFormat(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    spec = FORMATS[fmt]
    selection = selection or Selection()
    body = spec.write(select(store, selection, construct))
    return Export(body, spec.media_type, f"ldhkg-{selection.slug}.{spec.extension}")
