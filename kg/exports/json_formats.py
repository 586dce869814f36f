"""JSON exports: cytoscape.js elements, networkx node-link (D3) and CX2 (NDEx, Cytoscape).

Lists stay lists here: all three formats have typed list values.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.exports.common import json_bytes, notice
from kg.exports.subgraph import GRAPH_ATTRS


def _nodes(graph: nx.MultiDiGraph[str]) -> list[tuple[str, dict[str, Any]]]:
    return [(n, d) for n, d in graph.nodes(data=True)]


def _edges(graph: nx.MultiDiGraph[str]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(u, v, d) for u, v, d in graph.edges(data=True)]


def cytoscape(graph: nx.MultiDiGraph[str]) -> bytes:
    """Cytoscape JSON: ``{"data": {...}, "elements": {"nodes": [{"data"}], "edges": [...]}}``,
    loadable by ``cytoscape({elements})`` in the browser and by Cytoscape desktop."""
    nodes = [
        {"data": {"id": n, "label": d["label_en"], **d}} for n, d in graph.nodes(data=True)
    ]
    edges = [
        {"data": {"id": f"e{i}", "source": u, "target": v, "label": d["predicate"], **d}}
        for i, (u, v, d) in enumerate(_edges(graph))
    ]
    doc = {
        "format_version": "1.0",
        "generated_by": "ldhkg",
        "target_cytoscapejs_version": "~3",
        "data": {**graph.graph, "name": GRAPH_ATTRS["title"], "notice": notice(graph)},
        "elements": {"nodes": nodes, "edges": edges},
    }
    return json_bytes(doc)


def node_link(graph: nx.MultiDiGraph[str]) -> bytes:
    """``networkx.node_link_data`` (``nodes``/``edges``), read back by ``node_link_graph``."""
    data = nx.node_link_data(graph, edges="edges")
    data["graph"]["notice"] = notice(graph)
    return json_bytes(data)


def cx2_document(graph: nx.MultiDiGraph[str]) -> list[dict[str, Any]]:
    """The CX2 aspects, built with ndex2's ``CX2Network`` (integer node and edge ids; an
    entity's CURIE is its ``name``, its English label ``label_en``). Attribute types are
    declared up front, so an empty list keeps its list type."""
    from ndex2.cx2 import CX2Network  # type: ignore[import-untyped]

    net = CX2Network()
    net.set_network_attributes(
        {"name": GRAPH_ATTRS["title"], "description": notice(graph), **graph.graph}
    )
    net.set_attribute_declarations(
        {
            "nodes": {
                "name": {"d": "string"}, "label_en": {"d": "string"},
                "label_zh": {"d": "string"}, "types": {"d": "list_of_string"},
                "inferred_types": {"d": "list_of_string"},
            },
            "edges": {
                "interaction": {"d": "string"}, "predicate": {"d": "string"},
                "inferred": {"d": "boolean"}, "rule": {"d": "string"},
                "evidence_count": {"d": "integer"}, "citations": {"d": "list_of_integer"},
                "claims": {"d": "list_of_string"}, "quotes": {"d": "list_of_string"},
                "modalities": {"d": "list_of_string"},
                "knowledge_levels": {"d": "list_of_string"},
                "populations": {"d": "list_of_string"}, "indications": {"d": "list_of_string"},
            },
        }
    )
    ids: dict[str, int] = {}
    for i, (n, d) in enumerate(_nodes(graph)):
        ids[n] = i
        net.add_node(i, attributes={"name": n, **d})
    for i, (u, v, d) in enumerate(_edges(graph)):
        net.add_edge(i, ids[u], ids[v], attributes={"interaction": d["predicate"], **d})
    doc: list[dict[str, Any]] = net.to_cx2()
    return doc


def cx2(graph: nx.MultiDiGraph[str]) -> bytes:
    return json_bytes(cx2_document(graph))
