"""Neo4j ``neo4j-admin database import`` CSVs, zipped with a README.

``nodes.csv``: ``id:ID``, ``:LABEL`` (``Entity`` plus each type's local name, ``;``-separated),
labels and typed array properties. ``relationships.csv``: ``:START_ID``, ``:END_ID``, ``:TYPE``
(the predicate in upper snake case, ``TARGETS``) and the evidence. Arrays use Neo4j's default
``;`` delimiter, so a value containing ``;`` is refused rather than silently split.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

import networkx as nx

from kg.exports.common import notice, zip_files

NODE_HEADER = ["id:ID", ":LABEL", "label_en", "label_zh", "types:string[]",
               "inferred_types:string[]"]
REL_HEADER = [":START_ID", ":END_ID", ":TYPE", "predicate", "inferred:boolean",
              "rule", "evidence_count:int", "citations:int[]", "claims:string[]",
              "quotes:string[]", "modalities:string[]", "knowledge_levels:string[]",
              "populations:string[]", "indications:string[]"]


def rel_type(predicate: str) -> str:
    """``ldho:contributesTo`` -> ``CONTRIBUTES_TO``.

    >>> rel_type("ldho:raisesRiskOf")
    'RAISES_RISK_OF'
    """
    local = predicate.split(":")[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", local).upper()


def _array(values: Iterable[object]) -> str:
    items = [str(v) for v in values]
    for item in items:
        if ";" in item:
            raise ValueError(f"a Neo4j array value contains the delimiter ';': {item[:60]!r}")
    return ";".join(items)


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def _readme(graph: nx.MultiDiGraph[str]) -> str:
    return (
        f"{notice(graph)}\n"
        "Neo4j admin import (Neo4j 5):\n\n"
        "  neo4j-admin database import full --nodes=nodes.csv "
        "--relationships=relationships.csv neo4j\n\n"
        "Arrays (types, citations, claims, quotes, ...) use the default ';' delimiter. Every node\n"
        "has the label Entity and one label per ontology class (ldho:Drug -> Drug).\n"
        "Relationship properties: predicate (CURIE), inferred (true for reasoner output),\n"
        "rule (the OWL rule that inferred it), evidence_count (claims), citations (the\n"
        "review's [n] reference numbers), claims (claim ids), quotes (the review's words),\n"
        "modalities and knowledge_levels (one per claim: stated / possible / prospect /\n"
        "recommended / consider / approach; knowledge_assertion / statistical_association /\n"
        "observation / logical_entailment), populations and indications (the patients or\n"
        "conditions any of its claims is limited to).\n"
    )


def neo4j(graph: nx.MultiDiGraph[str]) -> bytes:
    nodes = [
        [n, _array(["Entity", *(t.split(":")[-1] for t in d["types"])]), d["label_en"],
         d["label_zh"], _array(d["types"]), _array(d["inferred_types"])]
        for n, d in graph.nodes(data=True)
    ]
    rels = [
        [u, v, rel_type(d["predicate"]), d["predicate"], "true" if d["inferred"] else "false",
         d["rule"], str(d["evidence_count"]), _array(d["citations"]), _array(d["claims"]),
         _array(d["quotes"]), _array(d["modalities"]), _array(d["knowledge_levels"]),
         _array(d["populations"]), _array(d["indications"])]
        for u, v, d in graph.edges(data=True)
    ]
    return zip_files({
        "nodes.csv": _csv(NODE_HEADER, nodes),
        "relationships.csv": _csv(REL_HEADER, rels),
        "README.txt": _readme(graph),
    })
