"""The clinical graph around an entity: neighbourhoods and paths, with the evidence on each
edge, read from the build's index by breadth-first search.

Each step reads the edges (asserted and inferred) at the frontier's nodes from the index, so
the work is bounded by the neighbourhood asked about, not by the store: a neighbourhood keeps
its ``MAX_NODES`` closest entities (ties by id), a path search reads at most ``BALL_NODES``
entities around each end; ``complete`` says whether anything was cut. A path of at most ``L``
edges lies within ``ceil(L/2)`` hops of its source or ``floor(L/2)`` of its target, so the
two balls hold every path the search can return.

>>> from kg.store import open_store
>>> subgraph_of(open_store("memory:"), ["ldh:x"]).number_of_nodes()
0
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import networkx as nx

from kg.index import EdgeRow, Index
from kg.namespaces import compact, expand
from kg.read.citations import claims
from kg.read.entity_list import EntityRef, entity_ref, entity_refs
from kg.read.records import Evidence, evidence_of
from kg.read.search import resolve_entity
from kg.read.text_index import index_for
from kg.store import Store

MAX_DEPTH = 3
MAX_PATH_LEN = 5
MAX_PATHS = 50
# node budgets: the review's largest neighbourhood is 166 entities (depth 3, measured over
# every entity), so they bind only on a larger store, where the answer says `complete: false`
MAX_NODES = 200  # a neighbourhood's entities, closest first (500 took 1.2 s at 10 M triples)
BALL_NODES = 1_000  # each of the two balls a path search grows from its ends


@dataclass(slots=True)
class Ball:
    """Entities within a radius of a start (distance by id), the edges read on the way, and
    whether the node budget cut it."""

    dist: dict[str, int]
    edges: dict[tuple[str, str, str], EdgeRow]
    complete: bool


def ball(index: Index, start: str, radius: int, budget: int, *, closed: bool = False) -> Ball:
    """Breadth-first, either direction, from ``start`` (CURIE) to ``radius`` hops, at most
    ``budget`` entities (closest first, ties by id). ``closed``: also read the edges among the
    outermost entities, so the ball's edges are every edge between its entities."""
    dist = {start: 0} if index.entity(expand(start)) is not None else {}
    edges: dict[tuple[str, str, str], EdgeRow] = {}
    complete = True
    frontier = list(dist)
    for d in range(1, radius + 1):
        if not frontier:
            break
        found = index.edges_at(frontier)
        for e in found:
            edges[(e.source, e.target, e.key)] = e
        new = sorted({n for e in found for n in (e.source, e.target)} - dist.keys())
        if len(dist) + len(new) > budget:
            new, complete = new[: max(0, budget - len(dist))], False
        dist.update((n, d) for n in new)
        frontier = new
    if closed and frontier:
        for e in index.edges_at(frontier):
            edges[(e.source, e.target, e.key)] = e
    edges = {k: e for k, e in edges.items() if e.source in dist and e.target in dist}
    return Ball(dist, edges, complete)


def subgraph_of(store: Store, nodes: Iterable[str], edges: Iterable[EdgeRow] = ()
                ) -> nx.MultiDiGraph[str]:
    """A ``networkx.MultiDiGraph`` of entities (CURIEs; ``label_en``, ``label_zh``, ``types``)
    and edges (key ``"{predicate}"`` or ``"{predicate} (inferred)"``; ``predicate``,
    ``inferred``, ``claims``, ``rule``, ``citations``), nodes by id and edges by source,
    predicate and target, as the whole graph orders them. Unknown nodes are left out."""
    rows = index_for(store).entities_by_iri(expand(n) for n in sorted(set(nodes)))
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for row in sorted(rows.values(), key=lambda r: r.id):
        g.add_node(row.id, label_en=row.label_en, label_zh=row.label_zh, types=list(row.types))
    for e in sorted(edges, key=lambda e: (e.source, e.predicate, e.target, e.inferred)):
        if e.source in g and e.target in g:
            g.add_edge(e.source, e.target, e.key, predicate=e.predicate, inferred=e.inferred,
                       claims=list(e.claims), rule=e.rule, citations=list(e.citations))
    return g


def whole_graph(store: Store) -> nx.MultiDiGraph[str]:
    """Every entity and edge (a whole-graph export: its cost grows with the store)."""
    index = index_for(store)
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for row in index.all_entities():
        g.add_node(row.id, label_en=row.label_en, label_zh=row.label_zh, types=list(row.types))
    for e in sorted(index.all_edges(),
                    key=lambda e: (e.source, e.predicate, e.target, e.inferred)):
        g.add_edge(e.source, e.target, e.key, predicate=e.predicate, inferred=e.inferred,
                   claims=list(e.claims), rule=e.rule, citations=list(e.citations))
    return g


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
    complete: bool = True  # False: more entities lie within the depth than MAX_NODES


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
    complete: bool = True  # False: the search read BALL_NODES entities and stopped


def _edges(store: Store, pairs: list[tuple[str, str, dict[str, Any]]]) -> list[NavEdge]:
    """Navigation edges with their evidence, the claims read in one lookup."""
    found = claims(store, [c for _, _, d in pairs for c in d["claims"]])
    return [
        NavEdge(source=u, target=v, predicate=d["predicate"], inferred=d["inferred"],
                rule=d["rule"], evidence_count=len(d["claims"]), citations=list(d["citations"]),
                evidence=[evidence_of(found[c]) for c in dict.fromkeys(d["claims"]) if c in found])
        for u, v, d in pairs
    ]


def _node_id(store: Store, text: str) -> str:
    return compact(resolve_entity(store, text))


def neighbours(store: Store, entity: str, depth: int = 1) -> Neighbourhood:
    """Entities within ``depth`` hops (either direction; capped at ``MAX_DEPTH``) and the
    edges among them, the closest ``MAX_NODES``. Raises ``UnknownEntity``."""
    center = _node_id(store, entity)
    depth = max(1, min(depth, MAX_DEPTH))
    around = ball(index_for(store), center, depth, MAX_NODES, closed=True)
    g = subgraph_of(store, around.dist, around.edges.values())
    nodes = [
        NavNode(n, g.nodes[n]["label_en"], g.nodes[n]["label_zh"], list(g.nodes[n]["types"]), d)
        for n, d in sorted(around.dist.items(), key=lambda kv: (kv[1], kv[0]))
    ]
    edges = _edges(store, sorted(g.edges(data=True), key=lambda e: e[:2]))
    edges.sort(key=lambda e: (e.source, e.target, e.predicate, e.inferred))
    return Neighbourhood(entity_ref(store, expand(center)), depth, nodes, edges,
                         around.complete)


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
    u, v = _node_id(store, source), _node_id(store, target)
    max_len = max(1, min(max_len, MAX_PATH_LEN))
    max_paths = max(1, min(max_paths, MAX_PATHS))
    index = index_for(store)
    near_u = ball(index, u, (max_len + 1) // 2, BALL_NODES)
    near_v = ball(index, v, max_len // 2, BALL_NODES)
    g = subgraph_of(store, near_u.dist.keys() | near_v.dist.keys(),
                    [*near_u.edges.values(), *near_v.edges.values()])
    simple: nx.Graph[str] = nx.DiGraph(g) if directed else nx.Graph(g)
    found: list[GraphPath] = []
    if u != v and u in simple and v in simple:
        try:
            for nodes in nx.shortest_simple_paths(simple, u, v):
                if len(nodes) - 1 > max_len or len(found) >= max_paths:
                    break
                found.append(_path(store, g, nodes, directed))
        except nx.NetworkXNoPath:
            pass
    return PathsAnswer(
        entity_ref(store, expand(u)), entity_ref(store, expand(v)), directed, max_len, found,
        near_u.complete and near_v.complete,
    )


def _path(store: Store, g: nx.MultiDiGraph[str], nodes: list[str], directed: bool) -> GraphPath:
    hops = []
    for a, b in pairwise(nodes):
        pairs = [(a, b)] if directed else [(a, b), (b, a)]
        edges = _edges(store, [
            (x, y, data)
            for x, y in pairs
            if g.has_edge(x, y)
            for _, data in sorted(g.get_edge_data(x, y).items())
        ])
        hops.append(PathHop(a, b, edges))
    refs = entity_refs(store, [expand(n) for n in nodes])
    return GraphPath(
        length=len(nodes) - 1,
        nodes=[refs[expand(n)] for n in nodes],
        needs_inference=any(all(e.inferred for e in h.edges) for h in hops),
        hops=hops,
    )
