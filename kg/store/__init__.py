"""One small store interface; backends chosen by a descriptor string.

``open_store("oxigraph:build/store")`` opens the built on-disk store read-only;
``open_store("memory:build/ldhkg.nq")`` loads a build into memory (tests);
``open_store("sparql:http://host/sparql")`` speaks the SPARQL 1.1 Protocol to a remote store.
Values are bound with SPARQL substitutions, never formatted into query text. The default graph
is the union of the named graphs (ontology, asserted, inferred, provenance) unless a query
names its dataset.

Inside this package: ``base`` (the interface, errors, formats), ``embedded`` and ``remote``
(the backends), ``pool`` / ``worker`` / ``guard`` / ``result_cap`` (protocol queries under a
time limit, a row cap and a read-only guard), ``load`` (pushing a build into a remote store),
``description`` (the SPARQL service description).

>>> store = open_store("memory:")
>>> store.ask("ASK { ?s ?p ?o }")
False
"""

from __future__ import annotations

from collections.abc import Callable

from kg.store.base import (
    GRAPH_MEDIA_TYPES,
    MEDIA_TYPES,
    RESULTS_MEDIA_TYPES,
    Binding,
    NotAcceptable,
    QueryDataset,
    QueryOptions,
    QuerySyntaxError,
    QueryTimeout,
    SelectResult,
    Store,
    StoreError,
    Term,
    is_true,
)
from kg.store.embedded import OxigraphStore, memory_store, open_memory, open_oxigraph
from kg.store.remote import open_endpoint

BACKENDS: dict[str, Callable[[str, bool], Store]] = {
    "oxigraph": open_oxigraph,
    "memory": open_memory,
    "sparql": open_endpoint,
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


__all__ = [
    "BACKENDS",
    "GRAPH_MEDIA_TYPES",
    "MEDIA_TYPES",
    "RESULTS_MEDIA_TYPES",
    "Binding",
    "NotAcceptable",
    "OxigraphStore",
    "QueryDataset",
    "QueryOptions",
    "QuerySyntaxError",
    "QueryTimeout",
    "SelectResult",
    "Store",
    "StoreError",
    "Term",
    "is_true",
    "memory_store",
    "open_store",
]
