"""Every quantitative finding of the review, filterable by symptom, citation and time point.

A statistic is a node of its own (quantity, value, unit, time point, n) attached to the claim
whose quote states it. Time points are ``xsd:duration`` compared by value
(``kg.index.durations``). They are read from the build's index, filtered and paged there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.index import BadDuration, duration_key, duration_text
from kg.namespaces import compact, expand
from kg.read.citations import citations
from kg.read.entity_list import EntityRef, entity_refs
from kg.read.records import AuditFlag, UnknownCitation
from kg.read.search import resolve_entity
from kg.read.text_index import index_for
from kg.store import Store


@dataclass(slots=True)
class Statistic:
    id: str
    quantity: str
    value: int | float
    stated_as: str | None
    unit: str | None
    timepoint: str | None
    sample_size: int | None
    population: EntityRef | None
    study_design: str | None
    comparison: str | None
    citations: list[int]
    quote: str
    section: str
    claim: str
    about: EntityRef | None
    audit_flags: list[AuditFlag] = field(default_factory=list)


@dataclass(slots=True)
class StatisticPage:
    total: int
    limit: int
    offset: int
    items: list[Statistic]


def _statistics(store: Store, records: list[dict[str, Any]]) -> list[Statistic]:
    refs = entity_refs(store, [expand(r[k]) for r in records for k in ("about", "population")
                               if r[k]])
    out = []
    for r in records:
        out.append(Statistic(**{
            **r,
            "population": refs[expand(r["population"])] if r["population"] else None,
            "about": refs[expand(r["about"])] if r["about"] else None,
            "audit_flags": [AuditFlag(f["id"], f["kind"], f["severity"], f["reason"])
                            for f in r["audit_flags"]],
        }))
    return out


def find_statistics(
    store: Store,
    symptom: str | None = None,
    citation: int | None = None,
    timepoint: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> StatisticPage:
    """Statistics about ``symptom`` (id or name, either language), citing ``[citation]``, at
    ``timepoint`` (compared as a duration), by id, a page of them with the total. Raises
    ``UnknownEntity`` for a symptom that names nothing, ``UnknownCitation`` for a reference
    the review lacks and ``BadDuration`` for a malformed time point.
    """
    about = compact(resolve_entity(store, symptom)) if symptom else None
    if timepoint:
        duration_key(timepoint)  # BadDuration for a malformed one
    if citation is not None and not citations(store, [citation]):
        raise UnknownCitation(f"no reference [{citation}] in the review")
    total, records = index_for(store).statistics(
        about, citation, duration_text(timepoint) if timepoint else None, limit, offset)
    return StatisticPage(total, limit, offset, _statistics(store, records))


__all__ = ["BadDuration", "Statistic", "StatisticPage", "duration_key", "find_statistics"]
