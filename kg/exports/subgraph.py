"""Which part of the clinical graph to export, as a self-contained networkx graph.

Every exporter takes the graph this module returns, so all formats carry the same facts:
nodes with ``label_en``, ``label_zh``, ``types`` and ``inferred_types``; edges with
``predicate``, ``inferred``, ``rule``, ``evidence_count``, ``citations``, ``claims``,
``quotes``, ``modalities``, ``knowledge_levels``, ``populations`` and ``indications``; graph
attributes with the review's attribution, DOI and licence. The graph is a fresh copy made for
the export; a neighbourhood or paths export reads only the edges around
its entities (``kg.read.graph``), the whole graph reads every edge.

>>> Selection(to="ldh:a").check()
Traceback (most recent call last):
...
kg.exports.subgraph.BadSelection: 'to' needs 'root' (the start of the paths)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg.namespaces import compact, expand
from kg.read.citations import claims
from kg.read.claims import ClaimRecord, Lookups
from kg.read.graph import (
    MAX_DEPTH,
    MAX_NODES,
    MAX_PATH_LEN,
    ball,
    paths,
    subgraph_of,
    whole_graph,
)
from kg.read.search import resolve_entity
from kg.read.text_index import index_for
from kg.review import ATTRIBUTION, LICENSE_URL, REVIEW_DOI
from kg.store import QuerySyntaxError, QueryTimeout, Store, StoreError

DOI_URL = f"https://doi.org/{REVIEW_DOI}"
GRAPH_ATTRS: dict[str, str] = {
    "title": "LDH residual-symptom clinical knowledge graph (ldhkg)",
    "attribution": ATTRIBUTION,
    "doi": REVIEW_DOI,
    "source": DOI_URL,
    "license": LICENSE_URL,
}
MAX_QUERY_CHARS = 20_000
# pyoxigraph's parser recurses once per nested group and overflows the stack (a segfault that
# takes the whole server down) at about 2,200 nested braces on a server thread; no real query
# nests more than a few levels.
MAX_NESTING = 100

# A CONSTRUCT query: prologue (PREFIX/BASE declarations, comments) then the CONSTRUCT keyword.
# IRIs are consumed whole, so a '#' inside <...> is not taken for a comment.
_CONSTRUCT = re.compile(
    r"\A(?:\s+|#[^\n]*\n?|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*CONSTRUCT\b", re.IGNORECASE
)
# SERVICE makes the store call out over HTTP (to any host the query names): an export query
# reads this graph only. Checked on the text with \u escapes decoded, comments and strings
# included, so nothing hides it; a query that merely mentions the word is refused too.
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _nesting(query: str) -> int:
    """The deepest nesting of brackets ({, ( and [, strings and IRIs not told apart)."""
    depth = deepest = 0
    for ch in query:
        if ch in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})]":
            depth = max(depth - 1, 0)
    return deepest


def _unescaped(query: str) -> str:
    def char(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)

    return _ESCAPE.sub(char, query)


class BadSelection(ValueError):
    """Parameters that do not describe a subgraph (HTTP 422)."""


class BadQuery(ValueError):
    """A query that is not a CONSTRUCT, or does not run (HTTP 400)."""


@dataclass(frozen=True, slots=True)
class Selection:
    """The whole graph (no fields), a neighbourhood (``root`` + ``depth``), the paths from
    ``root`` to ``to`` (at most ``depth`` edges, default 3), or a CONSTRUCT ``query``."""

    root: str | None = None
    depth: int | None = None
    to: str | None = None
    query: str | None = None

    def check(self) -> None:
        if self.query is not None and (self.root or self.to or self.depth is not None):
            raise BadSelection("'query' cannot be combined with 'root', 'depth' or 'to'")
        if self.to and not self.root:
            raise BadSelection("'to' needs 'root' (the start of the paths)")
        if self.depth is not None and not self.root:
            raise BadSelection("'depth' needs 'root'")
        limit = MAX_PATH_LEN if self.to else MAX_DEPTH
        if self.depth is not None and not 1 <= self.depth <= limit:
            raise BadSelection(f"'depth' must be between 1 and {limit}")
        if self.query is not None and not self.query.strip():
            raise BadSelection("'query' is empty")

    @property
    def slug(self) -> str:
        """A file-name part naming the selection (``mecobalamin-depth1``)."""

        def local(text: str) -> str:
            return re.sub(r"[^A-Za-z0-9]+", "-", text.split(":")[-1]).strip("-")[:40] or "x"

        if self.query is not None:
            return "query"
        if self.root and self.to:
            return f"paths-{local(self.root)}-{local(self.to)}"
        if self.root:
            return f"{local(self.root)}-depth{self.depth or 1}"
        return "all"


def _copy_graph(
    store: Store, source: nx.MultiDiGraph[str], nodes: set[str],
    edges: list[tuple[str, str, str]]
) -> nx.MultiDiGraph[str]:
    """A fresh graph with the given nodes and edges (keys of ``source``), enriched with
    inferred types and the claims' quotes."""
    rows = {r.id: r for r in index_for(store).entities_by_iri(expand(n) for n in nodes).values()}
    wanted = sorted(set(edges))
    ids = [c for u, v, k in wanted for c in source.edges[u, v, k]["claims"]]
    quotes = {c.id: c.quote for c in claims(store, ids).values()}
    lookups = Lookups(store)
    lookups.read_claims(ids)  # modality, knowledge level, populations: CLAIM_BATCH a query
    details = {c: lookups.claim(c) for c in dict.fromkeys(ids)}
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    out.graph.update(GRAPH_ATTRS)
    for n in sorted(nodes):
        row = rows[n]
        out.add_node(
            n,
            label_en=row.label_en or "",
            label_zh=row.label_zh or "",
            types=sorted(row.types),
            inferred_types=sorted(set(row.inferred_types) - set(row.types)),
        )
    for u, v, key in wanted:
        out.add_edge(u, v, key, **edge_record(source.edges[u, v, key], quotes, details))
    return out


def edge_record(data: dict[str, Any], quotes: dict[str, str],
                details: dict[str, ClaimRecord]) -> dict[str, Any]:
    """An edge's exported attributes from a clinical-graph edge (lists copied). What its
    claims hedge or limit travels with it: ``modalities`` and ``knowledge_levels`` one per
    claim (in the order of ``claims``), ``populations`` and ``indications`` those of any of
    its claims, so "mecobalamin *may* ... *in elderly patients*" is not exported as a plain
    edge."""
    ids = list(data["claims"])
    known = [details[c] for c in ids if c in details]
    return {
        "predicate": data["predicate"],
        "inferred": bool(data["inferred"]),
        "rule": data["rule"] or "",
        "evidence_count": len(ids),
        "citations": list(data["citations"]),
        "claims": ids,
        "quotes": [quotes[c] for c in ids if c in quotes],
        "modalities": [c.modality for c in known],
        "knowledge_levels": [c.knowledge_level for c in known],
        "populations": sorted({p for c in known for p in c.populations}),
        "indications": sorted({p for c in known for p in c.indications}),
    }


def _whole(store: Store) -> nx.MultiDiGraph[str]:
    g = whole_graph(store)
    return _copy_graph(store, g, set(g.nodes), [(u, v, k) for u, v, k in g.edges(keys=True)])


def _around(store: Store, nodes: set[str]) -> nx.MultiDiGraph[str]:
    """The entities ``nodes`` and every edge among them."""
    return subgraph_of(store, nodes, index_for(store).edges_at(nodes))


def _neighbourhood(store: Store, root: str, depth: int) -> nx.MultiDiGraph[str]:
    center = compact(resolve_entity(store, root))
    near = ball(index_for(store), center, max(1, min(depth, MAX_DEPTH)), MAX_NODES, closed=True)
    sub = subgraph_of(store, near.dist, near.edges.values())
    return _copy_graph(store, sub, set(sub.nodes), [(u, v, k) for u, v, k in
                                                    sub.edges(keys=True)])


def _paths(store: Store, root: str, to: str, max_len: int) -> nx.MultiDiGraph[str]:
    ans = paths(store, root, to, max_len=max_len, max_paths=50, directed=True)
    nodes = {ans.source.id, ans.target.id}
    edges = []
    for p in ans.paths:
        nodes.update(n.id for n in p.nodes)
        for hop in p.hops:
            for e in hop.edges:
                key = f"{e.predicate} (inferred)" if e.inferred else e.predicate
                edges.append((e.source, e.target, key))
    return _copy_graph(store, _around(store, nodes), nodes, edges)


Construct = Callable[[str], list[ox.Triple]]
"""Runs an export's CONSTRUCT query: ``store.construct``, or (the service) a bounded run in
a killable worker with the request's time limit and result cap."""


def _construct(store: Store, query: str, construct: Construct) -> nx.MultiDiGraph[str]:
    if len(query) > MAX_QUERY_CHARS:
        raise BadQuery(f"the query is longer than {MAX_QUERY_CHARS} characters")
    if not _CONSTRUCT.match(query):
        raise BadQuery("only a CONSTRUCT query can select a subgraph (not SELECT, ASK or DESCRIBE)")
    if _nesting(query) > MAX_NESTING:
        raise BadQuery(f"the query nests groups more than {MAX_NESTING} deep")
    if _SERVICE.search(_unescaped(query)):
        raise BadQuery("SERVICE is not allowed: an export query reads this graph only")
    try:
        triples = construct(query)
    except QuerySyntaxError as exc:
        raise BadQuery(f"the query does not parse: {exc}") from exc
    except QueryTimeout:
        raise
    except StoreError as exc:
        raise BadQuery(str(exc)) from exc
    rows = set(index_for(store).entities_by_iri(
        t.value for x in triples for t in (x.subject, x.object) if isinstance(t, ox.NamedNode)))
    nodes: set[str] = set()
    edges: list[tuple[str, str, str]] = []
    extra: list[tuple[str, str, str]] = []
    for t in triples:
        s = t.subject.value if isinstance(t.subject, ox.NamedNode) else ""
        o = t.object.value if isinstance(t.object, ox.NamedNode) else ""
        in_s, in_o = s in rows, o in rows
        nodes.update(compact(x) for x, inside in ((s, in_s), (o, in_o)) if inside)
        if not (in_s and in_o):
            continue
        u, v, pred = compact(s), compact(o), compact(t.predicate.value)
        edges.append((u, v, pred))
    full = _around(store, nodes)
    known: list[tuple[str, str, str]] = []
    for u, v, pred in edges:
        keys = [k for k in (pred, f"{pred} (inferred)") if full.has_edge(u, v, k)]
        if keys:
            known.append((u, v, keys[0]))
        else:
            extra.append((u, v, pred))
    out = _copy_graph(store, full, nodes, known)
    for u, v, pred in sorted(set(extra)):  # a triple the graph does not hold: no evidence
        out.add_edge(u, v, pred, predicate=pred, inferred=False, rule="", evidence_count=0,
                     citations=[], claims=[], quotes=[], modalities=[], knowledge_levels=[],
                     populations=[], indications=[])
    return out


def select(
    store: Store, selection: Selection, construct: Construct | None = None
) -> nx.MultiDiGraph[str]:
    """The selected subgraph. Raises ``BadSelection``, ``BadQuery``, ``UnknownEntity`` or
    ``QueryTimeout``."""
    selection.check()
    if selection.query is not None:
        g = _construct(store, selection.query, construct or store.construct)
    elif selection.root and selection.to:
        g = _paths(store, selection.root, selection.to, selection.depth or 3)
    elif selection.root:
        g = _neighbourhood(store, selection.root, selection.depth or 1)
    else:
        g = _whole(store)
    g.graph["selection"] = describe(selection)
    return g


def describe(selection: Selection) -> str:
    """A one-line statement of what the export holds (written into every format)."""
    if selection.query is not None:
        return "the clinical entities and edges in the result of a CONSTRUCT query"
    if selection.root and selection.to:
        return (f"directed paths from {selection.root} to {selection.to} "
                f"(at most {selection.depth or 3} edges)")
    if selection.root:
        return f"the neighbourhood of {selection.root} to depth {selection.depth or 1}"
    return "the whole clinical graph (asserted and inferred edges)"
