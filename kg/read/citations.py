"""The review's references, the claims that cite each, and their audit flags, looked up by
number in the build's index (``kg.index``); the list of references is paged.

Claims are also the evidence behind every edge (treatments, graph navigation); they are read
from the index by id, in batches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg import ids, queries
from kg.namespaces import compact, expand
from kg.read.entity_list import EntityRef, entity_refs
from kg.read.records import (
    AuditFlag,
    Citation,
    Claim,
    Evidence,
    UnknownCitation,
    evidence_of,
)
from kg.read.text_index import index_for
from kg.store import Store


@dataclass(slots=True)
class CitingClaim:
    id: str
    subject: EntityRef
    predicate: str
    object: EntityRef
    direction: str
    quote: str
    section: str
    citations: list[int]


@dataclass(slots=True)
class CitationDetail:
    reference: Citation
    claims: list[CitingClaim]
    audit_flags: list[AuditFlag]


@dataclass(slots=True)
class CitationPage:
    total: int
    limit: int
    offset: int
    items: list[Citation]


def claims(store: Store, claim_ids: Iterable[str]) -> dict[str, Claim]:
    """The claims among ``claim_ids`` (CURIEs), by id; unknown ids are left out."""
    return index_for(store).claims_by_id(claim_ids)


def claim_evidence(store: Store, claim_ids: list[str]) -> list[Evidence]:
    """Evidence (quote, section, citations) for claims, in the given order, unknown ids skipped."""
    wanted = list(dict.fromkeys(claim_ids))
    found = claims(store, wanted)
    return [evidence_of(found[c]) for c in wanted if c in found]


def _citation(record: dict[str, Any]) -> Citation:
    return Citation(**record)


def citations(store: Store, numbers: Iterable[int]) -> dict[int, Citation]:
    """References by number, those the store has."""
    return {n: _citation(r) for n, r in index_for(store).references(numbers).items()}


def citation_page(store: Store, limit: int = 100, offset: int = 0) -> CitationPage:
    """References by number, a page of them, with the total."""
    total, rows = index_for(store).reference_page(limit, offset)
    return CitationPage(total, limit, offset, [_citation(r) for r in rows])


def audit_flags_on(store: Store, iri: str) -> list[AuditFlag]:
    """Audit flags that flag the node ``iri`` (a reference, claim, statistic, sentence)."""
    return [AuditFlag(**f) for f in index_for(store).flags_on(compact(iri))]


def get_citation(store: Store, n: int) -> CitationDetail:
    """Reference ``[n]`` with the claims citing it (edge with labels, quote, section) and its
    audit flags. Raises ``UnknownCitation``.
    """
    reference = citations(store, [n]).get(n)
    if reference is None:
        raise UnknownCitation(f"no reference [{n}] in the review")
    ref = ox.NamedNode(expand(f"ldh:{ids.reference_local(n)}"))
    citing_ids = [compact(r["claim"].value)
                  for r in store.select(queries.load("reference_claims"), {"ref": ref}).rows]
    found = claims(store, citing_ids)
    refs = entity_refs(store, [expand(x) for c in found.values() for x in (c.subject, c.object)])
    citing = [
        CitingClaim(c.id, refs[expand(c.subject)], c.predicate, refs[expand(c.object)],
                    c.direction, c.quote, c.section, list(c.citations))
        for c in (found[i] for i in citing_ids if i in found)
    ]
    return CitationDetail(reference, citing, audit_flags_on(store, ref.value))
