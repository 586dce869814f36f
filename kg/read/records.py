"""Records the read side returns and shares: entities' evidence, claims, references, audit
flags, and the lookup errors.

A leaf below every lookup module (``entities``, ``citations``, ``graph``, ``search``,
``treatments``, ``statistics``) so that none of them imports another for its types.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.index import ClaimRow


class UnknownEntity(LookupError):
    pass


@dataclass(slots=True)
class Flag:
    """An audit flag as evidence shows it."""

    kind: str
    severity: str
    reason: str
    on: str  # what it flags: the claim, a cited reference (ldh:ref-N) or a statistic


@dataclass(slots=True)
class Evidence:
    claim: str
    quote: str
    section: str
    citations: list[int] = field(default_factory=list)
    # everything else the claim says, when the lookup reads its whole record
    direction: str | None = None
    modality: str | None = None
    knowledge_level: str | None = None
    study_design: str | None = None
    n: int | None = None
    timepoint: str | None = None
    follow_up: str | None = None
    populations: list[str] = field(default_factory=list)
    indications: list[str] = field(default_factory=list)
    comparator: str | None = None
    audit_flags: list[Flag] = field(default_factory=list)


class UnknownCitation(LookupError):
    pass


Claim = ClaimRow  # a claim's edge, quote, section and citations, as the build's index holds it


def evidence_of(claim: Claim) -> Evidence:
    return Evidence(claim.id, claim.quote, claim.section, list(claim.citations))


@dataclass(slots=True)
class Citation:
    n: int
    authors: str | None = None
    first_author: str | None = None
    year: int | None = None
    title: str | None = None
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    locator: str | None = None
    doi: str | None = None
    text: str | None = None


@dataclass(slots=True)
class AuditFlag:
    id: str
    kind: str
    severity: str
    reason: str
    detected_by: str | None = None
