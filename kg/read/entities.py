"""Entity lookups: labels, definitions, synonyms, outside ids, relations with evidence.

Results of the named queries are parsed into typed records here, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg import queries
from kg.namespaces import compact, expand, is_local_id
from kg.read.citations import claim_evidence
from kg.read.graph import clinical_graph
from kg.read.records import Evidence, UnknownEntity
from kg.store import Store

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DEFINITION = "http://www.w3.org/2004/02/skos/core#definition"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
MATCH = "http://www.w3.org/2004/02/skos/core#"


@dataclass(slots=True)
class Relation:
    direction: str
    predicate: str
    other: str
    inferred: bool
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class EntityRecord:
    id: str
    iri: str
    label_en: str | None = None
    label_zh: str | None = None
    types: list[str] = field(default_factory=list)
    definition_en: str | None = None
    definition_zh: str | None = None
    synonyms_en: list[str] = field(default_factory=list)
    synonyms_zh: list[str] = field(default_factory=list)
    outside_ids: list[dict[str, str]] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


def resolve_id(text: str) -> str:
    """A CURIE (``ldh:mecobalamin``) or a local name (``mecobalamin``) -> IRI."""
    local = text.split(":", 1)[1] if text.startswith("ldh:") else text
    if ":" in local or not is_local_id(local):
        raise UnknownEntity(f"not an entity id: {text!r}")
    return expand(f"ldh:{local}")


def get_entity(store: Store, entity_id: str) -> EntityRecord:
    iri = resolve_id(entity_id)
    node = ox.NamedNode(iri)
    res = store.select(queries.load("entity"), {"entity": node})
    if not res.rows:
        raise UnknownEntity(f"no entity {entity_id!r}")
    rec = EntityRecord(compact(iri), iri)
    for row in res.rows:
        p, o = row["p"].value, row["o"]
        lang = o.language if isinstance(o, ox.Literal) else None
        if p == RDF_TYPE and o.value.startswith(expand("ldho:")):
            rec.types.append(compact(o.value))
        elif p == LABEL:
            if lang == "en":
                rec.label_en = o.value
            elif lang == "zh":
                rec.label_zh = o.value
        elif p == DEFINITION:
            if lang == "en":
                rec.definition_en = o.value
            elif lang == "zh":
                rec.definition_zh = o.value
        elif p == ALT:
            (rec.synonyms_en if lang == "en" else rec.synonyms_zh).append(o.value)
        elif p.startswith(MATCH):
            rec.outside_ids.append({"id": compact(o.value), "match": compact(p)})
    for lst in (rec.types, rec.synonyms_en, rec.synonyms_zh):
        lst.sort()
    rec.outside_ids.sort(key=lambda d: (d["id"], d["match"]))
    rec.relations = _relations(store, node)
    return rec


def _relations(store: Store, node: ox.NamedNode) -> list[Relation]:
    """Relations in and out of ``node``, from the per-store clinical graph (built once)."""
    g = clinical_graph(store)
    me = compact(node.value)
    if me not in g:
        return []
    rels = [
        Relation("out", d["predicate"], v, d["inferred"], claim_evidence(store, d["claims"]))
        for _, v, d in g.out_edges(me, data=True)
    ] + [
        Relation("in", d["predicate"], u, d["inferred"], claim_evidence(store, d["claims"]))
        for u, _, d in g.in_edges(me, data=True)
    ]
    return sorted(rels, key=lambda r: (r.direction, r.predicate, r.other, r.inferred))
