"""Every quantitative finding of the review, filterable by symptom, citation and time point.

A statistic is a node of its own (quantity, value, unit, time point, n) attached to the claim
whose quote states it. Time points are ``xsd:duration``; Oxigraph canonicalises them
(``P24M`` is stored as ``P2Y``), so filters compare durations by value, not by spelling.

>>> duration_key("P24M") == duration_key("P2Y")
True
>>> duration_key("P6M") == duration_key("P180D")
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from kg import queries
from kg.namespaces import compact
from kg.read.citations import list_citations
from kg.read.entity_list import EntityRef, entity_ref, per_store
from kg.read.records import AuditFlag, UnknownCitation
from kg.read.search import resolve_entity
from kg.store import Store

_DURATION = re.compile(
    r"^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
    r"(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)


class BadDuration(ValueError):
    pass


def duration_key(text: str) -> tuple[int, Decimal]:
    """An ISO 8601 duration as (months, seconds): equal keys mean equal durations.

    Months and days are kept apart, as in XML Schema (a month has no fixed number of days).
    """
    m = _DURATION.match(text.strip().upper())
    if m is None:
        raise BadDuration(f"not an ISO 8601 duration: {text!r} (e.g. P6M, P2Y, P24M)")
    y, mo, w, d, h, mi, s = m.groups()
    months = int(y or 0) * 12 + int(mo or 0)
    days = int(w or 0) * 7 + int(d or 0)
    seconds = Decimal(days * 86400 + int(h or 0) * 3600 + int(mi or 0) * 60) + Decimal(s or 0)
    return months, seconds


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


def _number(text: str) -> int | float:
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


@per_store
def all_statistics(store: Store) -> list[Statistic]:
    """Every statistic, sorted by id, with its audit flags (on it or on its claim)."""
    stats: dict[str, Statistic] = {}
    for r in store.select(queries.load("statistics")).rows:
        sid = compact(r["stat"].value)
        st = stats.get(sid)
        if st is None:
            st = stats[sid] = Statistic(
                id=sid,
                quantity=r["quantity"].value,
                value=_number(r["value"].value),
                stated_as=r["statedAs"].value if "statedAs" in r else None,
                unit=r["unit"].value if "unit" in r else None,
                timepoint=r["timepoint"].value if "timepoint" in r else None,
                sample_size=int(r["sampleSize"].value) if "sampleSize" in r else None,
                population=entity_ref(store, r["population"].value) if "population" in r else None,
                study_design=compact(r["design"].value) if "design" in r else None,
                comparison=r["comparison"].value if "comparison" in r else None,
                citations=[],
                quote=r["quote"].value,
                section=r["section"].value,
                claim=compact(r["claim"].value),
                about=entity_ref(store, r["about"].value) if "about" in r else None,
            )
        if "citation" in r and int(r["citation"].value) not in st.citations:
            st.citations.append(int(r["citation"].value))
    for r in store.select(queries.load("statistic_flags")).rows:
        st = stats.get(compact(r["stat"].value))
        flag = AuditFlag(
            compact(r["flag"].value), r["kind"].value, r["severity"].value, r["reason"].value
        )
        if st is not None and flag.id not in {f.id for f in st.audit_flags}:
            st.audit_flags.append(flag)
    return [stats[k] for k in sorted(stats)]


def find_statistics(
    store: Store,
    symptom: str | None = None,
    citation: int | None = None,
    timepoint: str | None = None,
) -> list[Statistic]:
    """Statistics about ``symptom`` (id or name, either language), citing ``[citation]``, at
    ``timepoint`` (compared as a duration). Raises ``UnknownEntity`` for a symptom that names
    nothing, ``UnknownCitation`` for a reference the review lacks and ``BadDuration`` for a
    malformed time point.

    The 34 rows are filtered here rather than in SPARQL because durations must be compared
    by value, which the stored canonical form does not allow in a string match.
    """
    about = compact(resolve_entity(store, symptom)) if symptom else None
    when = duration_key(timepoint) if timepoint else None
    if citation is not None and citation not in {r.n for r in list_citations(store)}:
        raise UnknownCitation(f"no reference [{citation}] in the review")
    out = []
    for st in all_statistics(store):
        if about and (st.about is None or st.about.id != about):
            continue
        if citation is not None and citation not in st.citations:
            continue
        if when is not None and (st.timepoint is None or duration_key(st.timepoint) != when):
            continue
        out.append(st)
    return out

