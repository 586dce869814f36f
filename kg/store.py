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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Binding = Mapping[str, Term]


class StoreError(RuntimeError):
    """A query the store could not run (syntax, dataset, backend)."""


class NotAcceptable(StoreError):
    """The query ran, but its results cannot be given in any requested format."""


@dataclass(frozen=True, slots=True)
class SelectResult:
    variables: tuple[str, ...]
    rows: tuple[dict[str, Term], ...]


class Store(Protocol):
    """What every backend offers. Extra capabilities live in separate small interfaces."""

    descriptor: str

    def select(self, query: str, bindings: Binding | None = None) -> SelectResult: ...

    def ask(self, query: str, bindings: Binding | None = None) -> bool: ...

    def construct(self, query: str, bindings: Binding | None = None) -> list[ox.Triple]: ...

    def serialize(
        self, query: str, results_type: str | None, graph_type: str | None
    ) -> tuple[bytes, str]: ...

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
}
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

    def __init__(self, store: ox.Store, descriptor: str) -> None:
        self._store = store
        self.descriptor = descriptor

    def _run(self, query: str, bindings: Binding | None) -> object:
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): v for k, v in (bindings or {}).items()
        }
        try:
            return self._store.query(
                query, use_default_graph_as_union=True, substitutions=subs or None
            )
        except (SyntaxError, RuntimeError) as exc:
            raise StoreError(str(exc)) from exc

    def select(self, query: str, bindings: Binding | None = None) -> SelectResult:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QuerySolutions):
            raise StoreError("not a SELECT query")
        names = tuple(v.value for v in res.variables)
        rows = tuple({n: sol[n] for n in names if sol[n] is not None} for sol in res)
        return SelectResult(names, rows)

    def ask(self, query: str, bindings: Binding | None = None) -> bool:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QueryBoolean):
            raise StoreError("not an ASK query")
        return bool(res)

    def construct(self, query: str, bindings: Binding | None = None) -> list[ox.Triple]:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QueryTriples):
            raise StoreError("not a CONSTRUCT or DESCRIBE query")
        return list(res)

    def serialize(
        self, query: str, results_type: str | None, graph_type: str | None
    ) -> tuple[bytes, str]:
        """Run ``query`` once; serialise SELECT/ASK results as ``results_type`` and
        CONSTRUCT/DESCRIBE results as ``graph_type``. Returns (body, media type)."""
        res = self._run(query, None)
        if isinstance(res, ox.QueryTriples):
            if graph_type not in _RDF_FORMATS:
                raise NotAcceptable(f"no acceptable RDF format for graph results ({graph_type})")
            return bytes(res.serialize(format=_RDF_FORMATS[graph_type]) or b""), graph_type
        if results_type not in _RESULT_FORMATS:
            raise NotAcceptable(f"no acceptable SPARQL results format ({results_type})")
        assert isinstance(res, ox.QuerySolutions | ox.QueryBoolean)
        body = res.serialize(format=_RESULT_FORMATS[results_type])
        return bytes(body or b""), results_type

    def count(self) -> int:
        return len(self._store)


def _oxigraph(arg: str) -> Store:
    path = Path(arg)
    if not (path / "CURRENT").exists():
        raise StoreError(f"no pyoxigraph store at {path} (run `ldhkg build` first)")
    return OxigraphStore(ox.Store.read_only(str(path)), f"oxigraph:{arg}")


def _memory(arg: str) -> Store:
    store = ox.Store()
    if arg:
        with Path(arg).open("rb") as fh:
            store.bulk_load(fh, ox.RdfFormat.N_QUADS)
    return OxigraphStore(store, f"memory:{arg}")


BACKENDS: dict[str, Callable[[str], Store]] = {"oxigraph": _oxigraph, "memory": _memory}


def open_store(descriptor: str) -> Store:
    """Open a store from ``scheme:argument`` (see ``BACKENDS``)."""
    scheme, sep, arg = descriptor.partition(":")
    if not sep or scheme not in BACKENDS:
        raise StoreError(
            f"unknown store descriptor {descriptor!r}; use one of "
            + ", ".join(f"{k}:..." for k in BACKENDS)
        )
    return BACKENDS[scheme](arg)
