"""Entity lookups: labels, definitions, synonyms, outside ids, relations with evidence.

The relations come from bounded lookups (``kg.read.claims``: the claims that use the entity,
each claim's record, the inferred edges at the entity), so a page costs the same however large
the store. Each relation carries every claim that states it, each with its quote, section,
citations, design, n, time point, modality, populations and audit flags; an inferred relation
carries the rule's explanation and the claims it was derived from. Where the entity is a
qualifier of a claim (the population, indication, anatomy, outcome or comparator), the relation
says so (direction ``qualifier``, predicate the qualifier's property).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg import queries
from kg.namespaces import compact, expand, is_local_id
from kg.read.claims import ClaimRecord, Lookups
from kg.read.records import Evidence, Flag, UnknownEntity
from kg.store import Store

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DEFINITION = "http://www.w3.org/2004/02/skos/core#definition"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
MATCH = "http://www.w3.org/2004/02/skos/core#"


@dataclass(slots=True)
class Relation:
    direction: str  # out | in | qualifier
    predicate: str
    other: str
    inferred: bool
    evidence: list[Evidence] = field(default_factory=list)
    explanation: str | None = None  # for an inferred relation: the rule, in words
    # for a qualifier: the edge of the claim it qualifies (other = that claim's subject)
    qualifies: dict[str, str] | None = None
    other_label_en: str | None = None
    other_label_zh: str | None = None


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


_QUALIFIERS = (("populations", "ldho:population"), ("indications", "ldho:indication"),
               ("anatomy", "ldho:anatomicalContext"), ("outcomes", "ldho:outcomeMeasure"))


def evidence_of(lk: Lookups, cid: str) -> Evidence:
    """One claim as evidence, with its whole record and its audit flags (on the claim, its
    references and its statistics)."""
    c = lk.claim(cid)
    flags = [Flag(k, sev, why, cid) for k, sev, why in lk.flags(cid)]
    for n in c.citations:
        flags += [Flag(k, sev, why, f"ldh:ref-{n}") for k, sev, why in lk.flags(f"ldh:ref-{n}")]
    for sid in c.statistics:
        flags += [Flag(k, sev, why, sid) for k, sev, why in lk.flags(sid)]
    return Evidence(
        cid, c.quote, c.section, list(c.citations), c.direction, c.modality, c.knowledge_level,
        c.design, c.n, c.timepoint, c.follow_up, list(c.populations), list(c.indications),
        c.comparator, flags)


def _qualifier(c: ClaimRecord, me: str) -> str | None:
    for attr, prop in _QUALIFIERS:
        if me in getattr(c, attr):
            return prop
    return "ldho:comparator" if c.comparator == me else None


def _relations(store: Store, node: ox.NamedNode) -> list[Relation]:
    """Relations in and out of ``node``, stated (from its claims) and inferred."""
    lk = Lookups(store)
    me = compact(node.value)
    rels: dict[tuple[str, str, str, bool], Relation] = {}
    lk.read_claims(lk.claims_of(me))  # in batches: a big entity's page is not one query a claim
    for cid in lk.claims_of(me):
        c = lk.claim(cid)
        if c.direction == "refutes":
            key = ("out" if c.subject == me else "in", c.predicate,
                   c.object if c.subject == me else c.subject, False)
        elif c.subject == me:
            key = ("out", c.predicate, c.object, False)
        elif c.object == me:
            key = ("in", c.predicate, c.subject, False)
        elif (role := _qualifier(c, me)) is not None:
            key = ("qualifier", role, c.subject, False)
        else:
            continue
        rel = rels.setdefault(key, Relation(key[0], key[1], key[2], False))
        if key[0] == "qualifier":
            rel.qualifies = {"subject": c.subject, "predicate": c.predicate, "object": c.object}
        rel.evidence.append(evidence_of(lk, cid))
    lk.read_claims(cid for e in lk.inferred_of(me) for cid in e.claims)
    for e in lk.inferred_of(me):
        direction, other = ("out", e.object) if e.subject == me else ("in", e.subject)
        if (direction, e.predicate, other, False) in rels:
            continue  # stated: the claims say it
        rel = rels.setdefault((direction, e.predicate, other, True),
                              Relation(direction, e.predicate, other, True,
                                       explanation=e.explanation))
        rel.evidence += [evidence_of(lk, cid) for cid in e.claims]
    for rel in rels.values():
        brief = lk.entity(rel.other)
        if brief is not None:
            rel.other_label_en, rel.other_label_zh = brief.label_en, brief.label_zh
    return sorted(rels.values(), key=lambda r: (r.direction, r.predicate, r.other, r.inferred))
