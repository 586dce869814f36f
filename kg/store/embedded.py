"""The embedded backend: pyoxigraph, on disk (read-only) or in memory.

>>> store = memory_store([])
>>> store.ask("ASK { ?s ?p ?o }")
False
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.store.base import (
    RDF_FORMATS,
    RESULT_FORMATS,
    Binding,
    NotAcceptable,
    QueryOptions,
    QuerySyntaxError,
    SelectResult,
    Store,
    StoreError,
    has_dataset_clause,
    select_result,
)


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
        """The raw pyoxigraph result of a protocol query (``kg.store.pool`` caps it)."""
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
            if graph_type not in RDF_FORMATS:
                del res
                raise NotAcceptable(f"no acceptable RDF format for graph results ({graph_type})")
            return bytes(res.serialize(format=RDF_FORMATS[graph_type]) or b""), graph_type
        if results_type not in RESULT_FORMATS:
            del res
            raise NotAcceptable(f"no acceptable SPARQL results format ({results_type})")
        assert isinstance(res, ox.QuerySolutions | ox.QueryBoolean)
        body = res.serialize(format=RESULT_FORMATS[results_type])
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


def open_oxigraph(arg: str, union_default: bool) -> Store:
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


def open_memory(arg: str, union_default: bool) -> Store:
    """In memory; ``arg`` is an N-Quads file to load (optional)."""
    store = ox.Store()
    if arg:
        with Path(arg).open("rb") as fh:
            store.bulk_load(fh, ox.RdfFormat.N_QUADS)
    return OxigraphStore(store, f"memory:{arg}", union_default=union_default)


def memory_store(quads: list[ox.Quad], *, union_default: bool = True) -> OxigraphStore:
    """An in-memory store holding ``quads`` (tests and fixtures)."""
    store = ox.Store()
    store.extend(quads)
    return OxigraphStore(store, "memory:", union_default=union_default)
