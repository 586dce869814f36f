"""The clinical graph as networkx: neighbourhoods and paths, with the evidence on each edge.

``clinical_graph(store)`` is a ``networkx.MultiDiGraph`` over the clinical entities (nodes
carry ``label_en``, ``label_zh``, ``types``) with one edge per predicate and layer (edges
carry ``predicate``, ``inferred``, ``citations``, ``claims``, ``rule``), from the asserted and
inferred graphs. It is built once per store; exports reuse it.

>>> from kg.store import open_store
>>> clinical_graph(open_store("memory:")).number_of_nodes()
0
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import networkx as nx

from kg import queries
from kg.namespaces import compact, expand
from kg.read.citations import claim_evidence, claims_by_id
from kg.read.entity_list import EntityRef, entity_ref, entity_table, per_store
from kg.read.records import Evidence
from kg.read.search import resolve_entity
from kg.store import Store, is_true

MAX_DEPTH = 3
MAX_PATH_LEN = 5
MAX_PATHS = 50


@per_store
def clinical_graph(store: Store) -> nx.MultiDiGraph[str]:
    """Clinical entities (CURIE nodes) and the edges between them, asserted and inferred.

    Edge key: ``"{predicate}"`` or ``"{predicate} (inferred)"``. ``citations`` are the
    reference numbers of the edge's claims (for an inferred edge, the claims it derives from).
    Treat the graph as read-only: it is shared by every request on the store.
    """
    rows = entity_table(store)
    claims = claims_by_id(store)
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for row in rows.values():
        g.add_node(
            row.ref.id,
            label_en=row.ref.label_en,
            label_zh=row.ref.label_zh,
            types=list(row.ref.types),
        )
    stating: dict[tuple[str, str, str], list[str]] = {}
    for c in claims.values():  # in claim order
        stating.setdefault((c.subject, c.predicate, c.object), []).append(c.id)
    records = _inference_records(store)
    edges = sorted(
        (r["s"].value, r["p"].value, r["o"].value, is_true(r["inferred"]))
        for r in store.select(queries.load("clinical_edges")).rows
    )
    for s, p, o, inferred in edges:
        if s not in rows or o not in rows:
            continue
        pred, u, v = compact(p), compact(s), compact(o)
        if inferred:
            rule, ids = records.get((u, pred, v), (None, []))
        else:
            rule, ids = None, stating.get((u, pred, v), [])
        cids = [c for c in ids if c in claims]
        g.add_edge(
            u, v, f"{pred} (inferred)" if inferred else pred,
            predicate=pred, inferred=inferred, claims=cids, rule=rule,
            citations=sorted({n for c in cids for n in claims[c].citations}),
        )
    return g


def _inference_records(store: Store) -> dict[tuple[str, str, str], tuple[str | None, list[str]]]:
    """Inferred edge (CURIEs) -> the rule of its ldho:Inference record and the claims it
    derives from, in claim order (the rule of the record listed first when there are several)."""
    rows = sorted(
        store.select(queries.load("inference_records")).rows,
        key=lambda r: (r["claim"].value if "claim" in r else "", r["inference"].value),
    )
    out: dict[tuple[str, str, str], tuple[str | None, list[str]]] = {}
    for r in rows:
        edge = (compact(r["s"].value), compact(r["p"].value), compact(r["o"].value))
        explanation = r["explanation"].value if "explanation" in r else None
        _, ids = out.setdefault(edge, (explanation.split(":", 1)[0] if explanation else None, []))
        if "claim" in r and (cid := compact(r["claim"].value)) not in ids:
            ids.append(cid)
    return out


@dataclass(slots=True)
class NavEdge:
    source: str
    target: str
    predicate: str
    inferred: bool
    rule: str | None
    evidence_count: int
    citations: list[int]
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class NavNode:
    id: str
    label_en: str | None
    label_zh: str | None
    types: list[str]
    distance: int


@dataclass(slots=True)
class Neighbourhood:
    center: EntityRef
    depth: int
    nodes: list[NavNode]
    edges: list[NavEdge]


@dataclass(slots=True)
class PathHop:
    source: str
    target: str
    edges: list[NavEdge]


@dataclass(slots=True)
class GraphPath:
    length: int
    nodes: list[EntityRef]
    needs_inference: bool
    hops: list[PathHop]


@dataclass(slots=True)
class PathsAnswer:
    source: EntityRef
    target: EntityRef
    directed: bool
    max_len: int
    paths: list[GraphPath]


def _edge(store: Store, u: str, v: str, data: dict[str, Any]) -> NavEdge:
    return NavEdge(
        source=u,
        target=v,
        predicate=data["predicate"],
        inferred=data["inferred"],
        rule=data["rule"],
        evidence_count=len(data["claims"]),
        citations=list(data["citations"]),
        evidence=claim_evidence(store, data["claims"]),
    )


def _node_id(store: Store, text: str) -> str:
    return compact(resolve_entity(store, text))


def neighbours(store: Store, entity: str, depth: int = 1) -> Neighbourhood:
    """Entities within ``depth`` hops (either direction; capped at ``MAX_DEPTH``) and the
    edges among them. Raises ``UnknownEntity``."""
    g = clinical_graph(store)
    center = _node_id(store, entity)
    depth = max(1, min(depth, MAX_DEPTH))
    dist = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), center, depth)
    nodes = [
        NavNode(n, g.nodes[n]["label_en"], g.nodes[n]["label_zh"], list(g.nodes[n]["types"]), d)
        for n, d in sorted(dist.items(), key=lambda kv: (kv[1], kv[0]))
    ]
    edges = [
        _edge(store, u, v, data)
        for u, v, data in sorted(g.subgraph(dist).edges(data=True), key=lambda e: e[:2])
    ]
    edges.sort(key=lambda e: (e.source, e.target, e.predicate, e.inferred))
    return Neighbourhood(entity_ref(store, expand(center)), depth, nodes, edges)


def paths(
    store: Store,
    source: str,
    target: str,
    max_len: int = 3,
    max_paths: int = 10,
    directed: bool = True,
) -> PathsAnswer:
    """Simple paths from ``source`` to ``target`` (ids or names), shortest first, at most
    ``max_len`` edges (capped at ``MAX_PATH_LEN``) and ``max_paths`` paths (capped at
    ``MAX_PATHS``). Undirected search follows edges both ways. Raises ``UnknownEntity``.
    """
    g = clinical_graph(store)
    u, v = _node_id(store, source), _node_id(store, target)
    max_len = max(1, min(max_len, MAX_PATH_LEN))
    max_paths = max(1, min(max_paths, MAX_PATHS))
    simple: nx.Graph[str] = nx.DiGraph(g) if directed else nx.Graph(g)
    found: list[GraphPath] = []
    if u != v:
        try:
            for nodes in nx.shortest_simple_paths(simple, u, v):
                if len(nodes) - 1 > max_len or len(found) >= max_paths:
                    break
                found.append(_path(store, g, nodes, directed))
        except nx.NetworkXNoPath:
            pass
    return PathsAnswer(
        entity_ref(store, expand(u)), entity_ref(store, expand(v)), directed, max_len, found
    )


def _path(store: Store, g: nx.MultiDiGraph[str], nodes: list[str], directed: bool) -> GraphPath:
    hops = []
    for a, b in pairwise(nodes):
        pairs = [(a, b)] if directed else [(a, b), (b, a)]
        edges = [
            _edge(store, x, y, data)
            for x, y in pairs
            if g.has_edge(x, y)
            for _, data in sorted(g.get_edge_data(x, y).items())
        ]
        hops.append(PathHop(a, b, edges))
    return GraphPath(
        length=len(nodes) - 1,
        nodes=[entity_ref(store, expand(n)) for n in nodes],
        needs_inference=any(all(e.inferred for e in h.edges) for h in hops),
        hops=hops,
    )
