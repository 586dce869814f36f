"""Treatments that address a symptom or mechanism, direct and inferred, with evidence per hop.

"Direct" means an asserted edge (``relieves``, ``treats``, ``prevents``, ``targets``,
``addresses`` or another sub-property of ``addresses``/``targets``) and the claims stating
it. "Inferred" means an edge of the inferred graph with its ``ldho:Inference`` record: the
rule, the intermediate entities and, for each hop of the chain (e.g. treatment -targets->
mechanism -contributesTo-> symptom), the claims behind that hop, so a reader can check every
step against the review.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

import pyoxigraph as ox

from kg import queries
from kg.namespaces import compact, expand
from kg.read.citations import claims as claims_by_id
from kg.read.entity_list import EntityRef, entity_ref
from kg.read.records import Claim, Evidence, evidence_of
from kg.read.search import resolve_entity
from kg.store import Store


@dataclass(slots=True)
class DirectLink:
    predicate: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class Hop:
    subject: EntityRef
    predicate: str | None
    object: EntityRef
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class InferredLink:
    predicate: str
    inference: str
    rule: str | None
    rule_property: str | None
    explanation: str | None
    via: list[EntityRef] = field(default_factory=list)
    hops: list[Hop] = field(default_factory=list)


@dataclass(slots=True)
class TreatmentHit:
    treatment: EntityRef
    direct: list[DirectLink] = field(default_factory=list)
    inferred: list[InferredLink] = field(default_factory=list)

    @property
    def evidence_count(self) -> int:
        return sum(len(d.evidence) for d in self.direct)


@dataclass(slots=True)
class TreatmentAnswer:
    query: str
    target: EntityRef
    treatments: list[TreatmentHit]


def _order_nodes(start: str, via: list[str], end: str, claims: list[Claim]) -> list[str]:
    """The chain start -> via... -> end, walking claim edges (via entities are unordered)."""
    path, left = [start], list(via)
    while left:
        here = path[-1]
        nxt = next(
            (v for v in left if any({c.subject, c.object} == {here, v} for c in claims)),
            left[0],
        )
        path.append(nxt)
        left.remove(nxt)
    return [*path, end]


def _hops(store: Store, nodes: list[str], claims: list[Claim]) -> list[Hop]:
    hops = []
    for a, b in pairwise(nodes):
        on_hop = [c for c in claims if (c.subject, c.object) in {(a, b), (b, a)}]
        predicate = on_hop[0].predicate if on_hop else None
        if on_hop and on_hop[0].subject == b:  # a symmetric edge stated the other way round
            a, b = b, a
        hops.append(
            Hop(
                entity_ref(store, expand(a)),
                predicate,
                entity_ref(store, expand(b)),
                [evidence_of(c) for c in on_hop],
            )
        )
    return hops


def _add_direct(
    store: Store, target: ox.NamedNode, hit: Callable[[str], TreatmentHit]
) -> None:
    rows = store.select(queries.load("treatments_direct"), {"target": target}).rows
    claims = claims_by_id(store, [compact(r["claim"].value) for r in rows if "claim" in r])
    for r in rows:
        h = hit(r["treatment"].value)
        pred = compact(r["predicate"].value)
        link = next((d for d in h.direct if d.predicate == pred), None)
        if link is None:
            link = DirectLink(pred)
            h.direct.append(link)
        claim = claims.get(compact(r["claim"].value)) if "claim" in r else None
        if claim and claim.id not in {e.claim for e in link.evidence}:
            link.evidence.append(evidence_of(claim))


def _add_inferred(
    store: Store, target: ox.NamedNode, hit: Callable[[str], TreatmentHit]
) -> None:
    rows = store.select(queries.load("treatments_inferred"), {"target": target}).rows
    claims = claims_by_id(store, [compact(r["claim"].value) for r in rows if "claim" in r])
    # (treatment, inference) -> (link, via entities, claims derived from)
    records: dict[tuple[str, str], tuple[InferredLink, list[str], list[str]]] = {}
    for r in rows:
        h = hit(r["treatment"].value)
        key = (h.treatment.id, compact(r["inference"].value))
        if key not in records:
            explanation = r["explanation"].value if "explanation" in r else None
            link = InferredLink(
                predicate=compact(r["predicate"].value),
                inference=key[1],
                rule=explanation.split(":", 1)[0] if explanation else None,
                rule_property=compact(r["ruleProperty"].value) if "ruleProperty" in r else None,
                explanation=explanation,
            )
            h.inferred.append(link)
            records[key] = (link, [], [])
        _, via, used = records[key]
        if "via" in r and compact(r["via"].value) not in via:
            via.append(compact(r["via"].value))
        if "claim" in r and compact(r["claim"].value) not in used:
            used.append(compact(r["claim"].value))
    end = compact(target.value)
    for (start, _), (link, via, used) in records.items():
        recs = [claims[c] for c in used if c in claims]
        link.via = [entity_ref(store, expand(v)) for v in via]
        link.hops = _hops(store, _order_nodes(start, via, end, recs), recs)


def treatments_for(store: Store, addresses: str) -> TreatmentAnswer:
    """Treatments addressing ``addresses`` (an id, or a name in English or Chinese).

    Raises ``UnknownEntity`` when the text names no entity. Treatments with direct evidence
    come first (most claims first), then those only inferred; ties by id.
    """
    target = ox.NamedNode(resolve_entity(store, addresses))
    hits: dict[str, TreatmentHit] = {}

    def hit(iri: str) -> TreatmentHit:
        key = compact(iri)
        if key not in hits:
            hits[key] = TreatmentHit(entity_ref(store, iri))
        return hits[key]

    _add_direct(store, target, hit)
    _add_inferred(store, target, hit)
    ranked = sorted(hits.values(), key=lambda h: (not h.direct, -h.evidence_count, h.treatment.id))
    return TreatmentAnswer(addresses, entity_ref(store, target.value), ranked)
