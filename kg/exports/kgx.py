"""KGX (Biolink) exports: TSV (``nodes.tsv`` / ``edges.tsv``) and JSON Lines, each zipped with
a README and a ``graph_metadata.json`` carrying the attribution.

Nodes: ``id``, ``category`` (Biolink), ``name`` (English), ``label_zh``, ``ldh_types``,
``ldh_inferred_types``. Edges: ``id``, ``subject``, ``predicate`` (Biolink),
``original_predicate`` (ours), ``object``, ``knowledge_level`` / ``agent_type``
(``knowledge_assertion`` / ``manual_agent`` for curated edges, ``logical_entailment`` /
``automated_agent`` for the reasoner's), ``inferred``, ``inference_rule``, ``evidence_count``,
``citations`` (the review's [n]), ``claims``, ``quotes``, and what the claims hedge or limit:
``ldh_modalities`` and ``ldh_knowledge_levels`` (one per claim), ``ldh_populations`` and
``ldh_indications``. A curated edge's ``knowledge_level`` is its claims' when they agree
(``statistical_association``, ``observation``). TSV lists are ``|``-separated.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import networkx as nx

from kg.exports.biolink import categories, predicate
from kg.exports.common import notice, zip_files
from kg.exports.subgraph import GRAPH_ATTRS

NODE_COLUMNS = ["id", "category", "name", "label_zh", "ldh_types", "ldh_inferred_types"]
EDGE_COLUMNS = ["id", "subject", "predicate", "object", "original_predicate",
                "knowledge_level", "agent_type", "inferred", "inference_rule",
                "evidence_count", "citations", "claims", "quotes", "ldh_modalities",
                "ldh_knowledge_levels", "ldh_populations", "ldh_indications"]
_EDGE_NS = uuid.UUID("5b0f6c4e-6a43-5d1b-9a0e-2d1c7f1b9e10")


def node_records(graph: nx.MultiDiGraph[str]) -> list[dict[str, Any]]:
    return [
        {"id": n, "category": categories(d["types"]), "name": d["label_en"],
         "label_zh": d["label_zh"], "ldh_types": list(d["types"]),
         "ldh_inferred_types": list(d["inferred_types"])}
        for n, d in graph.nodes(data=True)
    ]


def _level(levels: list[str]) -> str:
    """A curated edge's Biolink knowledge level: its claims' own when they agree (a correlation
    is ``statistical_association``, a case report ``observation``), else an assertion."""
    return levels[0] if levels and len(set(levels)) == 1 else "knowledge_assertion"


def edge_records(graph: nx.MultiDiGraph[str]) -> list[dict[str, Any]]:
    out = []
    for u, v, d in graph.edges(data=True):
        inferred = bool(d["inferred"])
        key = f"{u} {d['predicate']} {v} {'inferred' if inferred else 'asserted'}"
        out.append({
            "id": f"urn:uuid:{uuid.uuid5(_EDGE_NS, key)}",
            "subject": u,
            "predicate": predicate(d["predicate"]),
            "object": v,
            "original_predicate": d["predicate"],
            "knowledge_level": "logical_entailment" if inferred else _level(d["knowledge_levels"]),
            "agent_type": "automated_agent" if inferred else "manual_agent",
            "inferred": inferred,
            "inference_rule": d["rule"],
            "evidence_count": d["evidence_count"],
            "citations": list(d["citations"]),
            "claims": list(d["claims"]),
            "quotes": list(d["quotes"]),
            "ldh_modalities": list(d["modalities"]),
            "ldh_knowledge_levels": list(d["knowledge_levels"]),
            "ldh_populations": list(d["populations"]),
            "ldh_indications": list(d["indications"]),
        })
    return out


def _cell(value: Any) -> str:
    if isinstance(value, list):
        items = [str(v) for v in value]
        if any("|" in i or "\t" in i or "\n" in i for i in items):
            raise ValueError("a KGX TSV list value contains '|', a tab or a newline")
        return "|".join(items)
    if isinstance(value, bool):
        return "True" if value else "False"
    text = str(value)
    if "\t" in text or "\n" in text:
        raise ValueError("a KGX TSV value contains a tab or a newline")
    return text


def _tsv(columns: list[str], records: list[dict[str, Any]]) -> str:
    lines = ["\t".join(columns)]
    lines += ["\t".join(_cell(r[c]) for c in columns) for r in records]
    return "\n".join(lines) + "\n"


def _metadata(graph: nx.MultiDiGraph[str]) -> str:
    meta = {**graph.graph, "name": GRAPH_ATTRS["title"], "biolink_version": "4.4.6",
            "node_count": graph.number_of_nodes(), "edge_count": graph.number_of_edges()}
    return json.dumps(meta, ensure_ascii=False, indent=1) + "\n"


def _readme(graph: nx.MultiDiGraph[str], files: str) -> str:
    return (
        f"{notice(graph)}\n"
        f"KGX files: {files}. Categories and predicates are Biolink Model 4.4.6 terms;\n"
        "ldh_types and original_predicate keep the ldhkg ontology's exact class and predicate.\n"
    )


def kgx_tsv(graph: nx.MultiDiGraph[str]) -> bytes:
    return zip_files({
        "nodes.tsv": _tsv(NODE_COLUMNS, node_records(graph)),
        "edges.tsv": _tsv(EDGE_COLUMNS, edge_records(graph)),
        "graph_metadata.json": _metadata(graph),
        "README.txt": _readme(graph, "nodes.tsv, edges.tsv (tab-separated, lists '|'-separated)"),
    })


def _jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def kgx_jsonl(graph: nx.MultiDiGraph[str]) -> bytes:
    return zip_files({
        "nodes.jsonl": _jsonl(node_records(graph)),
        "edges.jsonl": _jsonl(edge_records(graph)),
        "graph_metadata.json": _metadata(graph),
        "README.txt": _readme(graph, "nodes.jsonl, edges.jsonl (one JSON object a line)"),
    })
