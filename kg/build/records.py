"""Typed records passed between builder stages (curation -> checks -> RDF).

Every record keeps ``where`` (file:line) so any problem found later names its origin.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Where:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class CurationError(ValueError):
    """A curation problem, with the file and line it comes from."""

    def __init__(self, where: Where | str, message: str) -> None:
        self.where = str(where)
        self.message = message
        super().__init__(f"{where}: {message}")


class CurationErrors(ValueError):
    """All problems found, each naming file and line."""

    def __init__(self, errors: list[CurationError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    types: tuple[str, ...]
    label_en: str
    label_zh: str
    definition_en: str
    definition_zh: str
    synonyms_en: tuple[str, ...]
    synonyms_zh: tuple[str, ...]
    where: Where


@dataclass(frozen=True, slots=True)
class StatisticRecord:
    quantity: str
    value: str  # as written in the quote, e.g. "32.8"
    unit: str
    about: str | None
    timepoint: str | None  # ISO 8601 duration
    sample_size: int | None
    comparison: str | None
    where: Where


@dataclass(frozen=True, slots=True)
class Qualifiers:
    study_design: str | None = None
    sample_size: int | None = None
    study_count: int | None = None
    follow_up: str | None = None
    timepoint: str | None = None
    populations: tuple[str, ...] = ()  # the edge holds for these patients only
    comparator: str | None = None
    indications: tuple[str, ...] = ()  # the conditions or causes the edge is limited to
    anatomical_context: tuple[str, ...] = ()  # where the relation holds or is observed
    outcomes: tuple[str, ...] = ()  # the outcome measures the relation was judged by


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    subject: str
    predicate: str
    object: str
    direction: str
    quote: str
    citations: tuple[int, ...]
    uncited: bool
    context_citation: bool
    qualifiers: Qualifiers
    statistics: tuple[StatisticRecord, ...]
    knowledge_level: str
    note: str | None
    where: Where
    modality: str = "stated"  # stated | possible | prospect | recommended | consider | approach


@dataclass(frozen=True, slots=True)
class AuditFlagRecord:
    kind: str
    severity: str
    reason: str
    references: tuple[int, ...]
    quote: str | None  # anchors the flag to the claims made from this text
    detected_by: str
    where: Where


@dataclass(frozen=True, slots=True)
class ErratumRecord:
    printed: str
    intended: str
    note: str
    where: Where


@dataclass(frozen=True, slots=True)
class CoverageExemption:
    starts_with: str
    reason: str
    where: Where


@dataclass(frozen=True, slots=True)
class ConceptMention:
    """One clinical concept a sentence names: the printed term, its code-point offset in the
    source file, the entities it denotes, and (``exempt``) why no claim of the sentence needs
    to use them, when none does."""

    term: str
    at: int
    entities: tuple[str, ...]
    exempt: str | None
    where: Where


@dataclass(frozen=True, slots=True)
class SentenceConcepts:
    sentence: str  # a sentence id, e.g. sent-3-p2-s1
    mentions: tuple[ConceptMention, ...]
    where: Where


@dataclass(frozen=True, slots=True)
class Curation:
    entities: tuple[Entity, ...]
    claims: tuple[ClaimRecord, ...]
    audit_flags: tuple[AuditFlagRecord, ...]
    errata: tuple[ErratumRecord, ...]
    exemptions: tuple[CoverageExemption, ...]
    concepts: tuple[SentenceConcepts, ...] = ()
    files: tuple[str, ...] = field(default=())
