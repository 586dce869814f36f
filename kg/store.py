"""One small store interface; backends chosen by a descriptor string.

``open_store("oxigraph:build/store")`` opens the built on-disk store read-only;
``open_store("memory:build/ldhkg.nq")`` loads a build into memory (tests). Values are bound
with SPARQL substitutions, never formatted into query text. The default graph is the union of
the named graphs (ontology, asserted, inferred, provenance) unless a query names its dataset.

>>> store = open_store("memory:")
>>> store.ask("ASK { ?s ?p ?o }")
False
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
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
    timeout: float | None = None  # seconds; embedded stores are bounded by kg.query_pool


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


_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
RESULTS_MEDIA_TYPES = tuple(_RESULT_FORMATS)
GRAPH_MEDIA_TYPES = tuple(_RDF_FORMATS)
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


class OxigraphStore:
    """Embedded pyoxigraph backend (on disk read-only, or in memory)."""

    def __init__(self, store: ox.Store, descriptor: str, *, union_default: bool = True) -> None:
        self._store = store
        self.descriptor = descriptor
        self.union_default = union_default

    def _run(
        self, query: str, bindings: Binding | None, options: QueryOptions = QueryOptions()
    ) -> object:
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): v for k, v in (bindings or {}).items()
        }
        ds = options.dataset
        try:
            if ds:
                return self._store.query(
                    query,
                    base_iri=options.base_iri,
                    default_graph=[ox.NamedNode(g) for g in ds.default_graphs] or None,
                    named_graphs=[ox.NamedNode(g) for g in ds.named_graphs] or None,
                    substitutions=subs or None,
                )
            return self._store.query(
                query,
                base_iri=options.base_iri,
                use_default_graph_as_union=self.union_default and not has_dataset_clause(query),
                substitutions=subs or None,
            )
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except (RuntimeError, ValueError, OSError) as exc:
            raise StoreError(str(exc)) from exc

    def run(
        self, query: str, options: QueryOptions = QueryOptions()
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """The raw pyoxigraph result of a protocol query (``kg.query_pool`` caps it)."""
        res = self._run(query, None, options)
        assert isinstance(res, ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples)
        return res

    def dump(self, path: Path) -> None:
        """Every quad as N-Quads (hands an in-memory store to worker processes)."""
        self._store.dump(str(path), ox.RdfFormat.N_QUADS)

    def select(self, query: str, bindings: Binding | None = None) -> SelectResult:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QuerySolutions):
            del res  # pyoxigraph results must die on the thread that made them
            raise StoreError("not a SELECT query")
        return select_result(res)

    def ask(self, query: str, bindings: Binding | None = None) -> bool:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QueryBoolean):
            del res
            raise StoreError("not an ASK query")
        return bool(res)

    def construct(self, query: str, bindings: Binding | None = None) -> list[ox.Triple]:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QueryTriples):
            del res
            raise StoreError("not a CONSTRUCT or DESCRIBE query")
        return list(res)

    def serialize(
        self,
        query: str,
        results_type: str | None,
        graph_type: str | None,
        options: QueryOptions = QueryOptions(),
    ) -> tuple[bytes, str]:
        """Run ``query`` once; serialise SELECT/ASK results as ``results_type`` and
        CONSTRUCT/DESCRIBE results as ``graph_type``. Returns (body, media type)."""
        res = self._run(query, None, options)
        if isinstance(res, ox.QueryTriples):
            if graph_type not in _RDF_FORMATS:
                del res
                raise NotAcceptable(f"no acceptable RDF format for graph results ({graph_type})")
            return bytes(res.serialize(format=_RDF_FORMATS[graph_type]) or b""), graph_type
        if results_type not in _RESULT_FORMATS:
            del res
            raise NotAcceptable(f"no acceptable SPARQL results format ({results_type})")
        assert isinstance(res, ox.QuerySolutions | ox.QueryBoolean)
        body = res.serialize(format=_RESULT_FORMATS[results_type])
        return bytes(body or b""), results_type

    def graph_sizes(self) -> dict[str, int]:
        """Triples per named graph (for VoID statistics and /metrics)."""
        res = self._store.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        )
        assert isinstance(res, ox.QuerySolutions)
        return {sol["g"].value: int(sol["n"].value) for sol in res}

    def count(self) -> int:
        return len(self._store)


def _oxigraph(arg: str, union_default: bool) -> Store:
    path = Path(arg)
    if not (path / "CURRENT").exists():
        raise StoreError(f"no pyoxigraph store at {path} (run `ldhkg build` first)")
    try:
        store = ox.Store.read_only(str(path))
        store.query("ASK { GRAPH ?g { ?s ?p ?o } }")  # reads a block: finds most corruption now
    except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
        raise StoreError(
            f"cannot open the pyoxigraph store at {path}: {exc} (rebuild it: ldhkg build)"
        ) from exc
    return OxigraphStore(store, f"oxigraph:{arg}", union_default=union_default)


def _memory(arg: str, union_default: bool) -> Store:
    """In memory; ``arg`` is an N-Quads file to load (optional)."""
    store = ox.Store()
    if arg:
        with Path(arg).open("rb") as fh:
            store.bulk_load(fh, ox.RdfFormat.N_QUADS)
    return OxigraphStore(store, f"memory:{arg}", union_default=union_default)


def _sparql(arg: str, union_default: bool) -> Store:
    """A remote SPARQL 1.1 endpoint (``sparql:https://host/sparql``)."""
    from kg.remote_store import open_endpoint

    return open_endpoint(arg, union_default)


BACKENDS: dict[str, Callable[[str, bool], Store]] = {
    "oxigraph": _oxigraph,
    "memory": _memory,
    "sparql": _sparql,
}


def open_store(descriptor: str, *, union_default: bool = True) -> Store:
    """Open a store from ``scheme:argument`` (see ``BACKENDS``)."""
    scheme, sep, arg = descriptor.partition(":")
    if not sep or scheme not in BACKENDS:
        raise StoreError(
            f"unknown store descriptor {descriptor!r}; use one of "
            + ", ".join(f"{k}:..." for k in BACKENDS)
        )
    return BACKENDS[scheme](arg, union_default)


def memory_store(quads: list[ox.Quad], *, union_default: bool = True) -> OxigraphStore:
    """An in-memory store holding ``quads`` (tests and fixtures)."""
    store = ox.Store()
    store.extend(quads)
    return OxigraphStore(store, "memory:", union_default=union_default)
