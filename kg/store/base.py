"""The store interface every backend offers, its errors, and the result formats.

A leaf module: the backends (``kg.store.embedded``, ``kg.store.remote``) and everything that
runs queries import it, and it imports none of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Binding = Mapping[str, Term]


class StoreError(RuntimeError):
    """A query the store could not run (syntax, dataset, backend)."""


class NotAcceptable(StoreError):
    """The query ran, but its results cannot be given in any requested format."""


class QuerySyntaxError(StoreError):
    """The query does not parse; the message is the parser's."""


class QueryTimeout(StoreError):
    """The query ran out of time and was stopped."""


@dataclass(frozen=True, slots=True)
class QueryDataset:
    """An RDF dataset given by the protocol (``default-graph-uri`` / ``named-graph-uri``)."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


@dataclass(frozen=True, slots=True)
class QueryOptions:
    """How to run a protocol query: its dataset, base IRI and (remote stores) time limit."""

    dataset: QueryDataset = field(default_factory=QueryDataset)
    base_iri: str | None = None
    timeout: float | None = None  # seconds; embedded stores are bounded by kg.store.pool


def is_true(term: object) -> bool:
    """An xsd:boolean from any store: "true" or "1" (Virtuoso writes 1/0, both are valid).

    >>> is_true(ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")))
    True
    """
    return isinstance(term, ox.Literal) and term.value.strip() in ("true", "1")


@dataclass(frozen=True, slots=True)
class SelectResult:
    variables: tuple[str, ...]
    rows: tuple[dict[str, Term], ...]


def select_result(res: ox.QuerySolutions) -> SelectResult:
    """Typed rows from pyoxigraph solutions (the embedded and remote backends share this)."""
    names = tuple(v.value for v in res.variables)
    rows = tuple({n: sol[n] for n in names if sol[n] is not None} for sol in res)
    return SelectResult(names, rows)


class Store(Protocol):
    """What every backend offers. Extra capabilities live in separate small interfaces."""

    descriptor: str

    def select(self, query: str, bindings: Binding | None = None) -> SelectResult: ...

    def ask(self, query: str, bindings: Binding | None = None) -> bool: ...

    def construct(self, query: str, bindings: Binding | None = None) -> list[ox.Triple]: ...

    def serialize(
        self,
        query: str,
        results_type: str | None,
        graph_type: str | None,
        options: QueryOptions = QueryOptions(),
    ) -> tuple[bytes, str]: ...

    def graph_sizes(self) -> dict[str, int]: ...

    def count(self) -> int: ...


RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
RESULTS_MEDIA_TYPES = tuple(RESULT_FORMATS)
GRAPH_MEDIA_TYPES = tuple(RDF_FORMATS)
_FROM = re.compile(r"\bFROM\s+(?:NAMED\s+)?(?:<|[A-Za-z_][\w.-]*:|:)", re.IGNORECASE)
_COMMENT_LINE = re.compile(r"^\s*#.*$", re.MULTILINE)


@lru_cache(maxsize=1024)
def has_dataset_clause(query: str) -> bool:
    """Does the query name its own dataset (FROM / FROM NAMED)?

    A keyword check first (cheap, and enough for nearly every query); if the keyword appears,
    rdflib's SPARQL grammar decides, so a FROM inside a string or IRI does not count.
    """
    if not _FROM.search(_COMMENT_LINE.sub("", query)):
        return False
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(query)
    except ParseException:
        return True  # not this parser's verdict to give: Oxigraph reports syntax errors
    return any("datasetClause" in part for part in parsed[1:] if hasattr(part, "keys"))


@lru_cache(maxsize=1024)
def query_dataset(query: str, base_iri: str | None = None) -> QueryDataset:
    """The graphs a query names with FROM / FROM NAMED (empty when it names none).

    A remote store gets them as protocol parameters too: the Oxigraph server started with
    ``--union-default-graph`` ignores a query's FROM but honours ``default-graph-uri``, and the
    protocol makes both mean the same dataset.
    """
    if not has_dataset_clause(query):
        return QueryDataset()
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        clauses = translateQuery(parseQuery(query), base=base_iri).algebra.get("datasetClause")
    except (ParseException, ValueError, TypeError):
        return QueryDataset()  # the store reports the syntax error
    default = tuple(str(c["default"]) for c in clauses or () if "default" in c)
    named = tuple(str(c["named"]) for c in clauses or () if "named" in c)
    return QueryDataset(default, named)


MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}
