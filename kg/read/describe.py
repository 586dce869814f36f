"""What an IRI of the graph says about itself, for Linked Data clients (Cool URIs for the
Semantic Web: a browser gets the page, a client that asks for RDF gets this).

An entity (``ldh:…``) is described by its own triples, asserted and inferred, the triples that
point at it, and the claims that use it with their quotes; an ontology term (``ldho:…``) by its
triples in the ontology graph. Serialised by pyoxigraph in the format the client accepts.

>>> from kg.store import open_store
>>> describe(open_store("memory:"), "https://w3id.org/ldhkg/id/nothing", "text/turtle")
Traceback (most recent call last):
...
kg.read.records.UnknownEntity: nothing is said of https://w3id.org/ldhkg/id/nothing
"""

from __future__ import annotations

import pyoxigraph as ox

from kg import queries
from kg.namespaces import PREFIXES
from kg.read.records import UnknownEntity
from kg.store import Store

# media type -> pyoxigraph format, most preferred first (the order conneg ties break by)
FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
ONTOLOGY = "https://w3id.org/ldhkg/ontology/"
ENTITY_PARTS = ("describe_entity_own", "describe_entity_incoming", "describe_entity_claims",
                "describe_entity_quotes")


def describe(store: Store, iri: str, media_type: str) -> bytes:
    """The resource's description as ``media_type`` (one of ``FORMATS``)."""
    node = ox.NamedNode(iri)
    if iri.startswith(ONTOLOGY):
        triples = set(store.construct(queries.load("describe_term"), {"term": node}))
    else:
        triples = {t for part in ENTITY_PARTS
                   for t in store.construct(queries.load(part), {"resource": node})}
    if not triples:
        raise UnknownEntity(f"nothing is said of {iri}")
    fmt = FORMATS[media_type]
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    out = ox.serialize(sorted(triples, key=str), format=fmt, prefixes=prefixes)
    assert isinstance(out, bytes)
    return out


__all__ = ["FORMATS", "describe"]
