"""What a protocol query may make the server do besides reading this graph: nothing, by default.

pyoxigraph evaluates ``SERVICE <iri>`` by calling out over HTTP, and a remote store may do the
same, dereference ``FROM`` IRIs, run a dialect's pragmas (Virtuoso's ``DEFINE get:soft``) or
take an update sent as a query. So before a query reaches any store: ``SERVICE`` is refused
unless federation is on and the IRI is allow-listed; and, in front of a remote store
(``strict``), a query must parse as a standard SPARQL 1.1 query and name only graphs the store
holds. A cheap keyword screen runs first; the grammar (rdflib's parser) decides only when a
keyword that matters appears, so ordinary queries pay nothing.

>>> screen("SELECT * WHERE { ?s ?p ?o }", allow=())
>>> screen("SELECT * WHERE { SERVICE <http://10.0.0.1/> { ?s ?p ?o } }", allow=())
Traceback (most recent call last):
...
kg.store.guard.QueryRefused: SERVICE <http://10.0.0.1/> refused: federation is off on this endpoint
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from kg.store.base import QueryDataset, QuerySyntaxError, StoreError

NO_DATASET = QueryDataset()


class QueryRefused(StoreError):
    """The query asks for something this endpoint does not do (HTTP 403)."""


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
# words without which a request can neither update, fetch, nor run a vendor pragma
_STRICT = re.compile(
    r"\b(SERVICE|FROM|DEFINE|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH|PRAGMA)\b",
    re.IGNORECASE,
)


def _unescape(query: str) -> str:
    """SPARQL applies ``\\u``/``\\U`` escapes to the whole query text before parsing
    (SPARQL 1.1 §19.2), so ``\\u0053ERVICE`` is ``SERVICE``; screen what the parser sees."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)


def _nodes(node: object) -> Iterator[object]:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _nodes(value)


@lru_cache(maxsize=512)
def _parsed(query: str, base: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(SERVICE targets, dataset IRIs) of a query, by the SPARQL 1.1 grammar.

    A SERVICE on a variable is given as ``?name``. Raises QuerySyntaxError when the text is
    not a standard SPARQL 1.1 query (an update, a vendor extension, a syntax error)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from rdflib.term import Variable

    try:
        algebra = translateQuery(parseQuery(query), base=base).algebra
    except ParseException as exc:
        try:
            parseUpdate(query)
        except ParseException:
            raise QuerySyntaxError(f"not a SPARQL 1.1 query: {exc}") from exc
        raise QueryRefused("updates are not allowed: this SPARQL endpoint is read-only") from exc
    except Exception as exc:  # rdflib's translation raises plain exceptions on odd input
        raise QuerySyntaxError(f"not a SPARQL 1.1 query: {exc}") from exc
    terms = [n.get("term") for n in _nodes(algebra)  # type: ignore[attr-defined]
             if getattr(n, "name", "") == "ServiceGraphPattern"]
    services = tuple(f"?{t}" if isinstance(t, Variable) else str(t) for t in terms)
    dataset = tuple(str(v) for d in algebra.get("datasetClause") or () for v in d.values()
                    if not isinstance(v, set))
    return services, dataset


def _allowed(iri: str, allow: Iterable[str]) -> bool:
    return not iri.startswith("?") and any(iri.startswith(prefix) for prefix in allow)


def screen(
    query: str,
    *,
    allow: tuple[str, ...],
    strict: bool = False,
    graphs: frozenset[str] = frozenset(),
    dataset: QueryDataset = NO_DATASET,
    base: str | None = None,
) -> None:
    """Raise QueryRefused (or QuerySyntaxError) unless ``query`` is safe to hand to the store.

    ``allow``: IRI prefixes SERVICE may call (empty: federation off). ``strict``: the store is
    remote, so the query must be standard SPARQL and its graphs (``FROM``, ``FROM NAMED`` and
    the protocol's dataset) must be among ``graphs``."""
    text = _unescape(query)
    if strict:
        unknown = [g for g in (*dataset.default_graphs, *dataset.named_graphs) if g not in graphs]
        if unknown:
            raise QueryRefused(f"graph <{unknown[0]}> is not in this store; nothing is fetched")
        if not _STRICT.search(text):
            return
    elif not _SERVICE.search(text):
        return
    services, named = _parsed(text, base)
    for iri in services:
        if not _allowed(iri, allow):
            why = "federation is off on this endpoint" if not allow else "not in the allow-list"
            shown = iri if iri.startswith("?") else f"<{iri}>"
            raise QueryRefused(f"SERVICE {shown} refused: {why}")
    if strict:
        unknown = [g for g in named if g not in graphs]
        if unknown:
            raise QueryRefused(f"graph <{unknown[0]}> is not in this store; nothing is fetched")
