"""The records a question produces: interpretation, queries run, answers with evidence.

Plain dataclasses, so the HTTP face renders them with ``json.dumps`` and the CLI prints them;
field names follow the answer contract in DESIGN.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Recognised:
    """An entity or ontology class named in the question, and the text that named it."""

    id: str
    label_en: str | None
    label_zh: str | None
    type: list[str]
    matched: str
    kind: str = "entity"  # "entity" | "class"
    alternatives: list[str] = field(default_factory=list)  # other entities the same text names
    # anchor | context | frame ("the TCM view") | answer_type | group (a class whose members count)
    role: str = "anchor"
    span: tuple[int, int] = (0, 0)  # offsets in the normalised question


@dataclass(slots=True)
class CandidateQuery:
    """A reading the answerer considered for a part: what it matched and why it scored."""

    claim: str
    score: float
    why: dict[str, float]
    chosen: bool


@dataclass(slots=True)
class PartReading:
    """One part of a (possibly compound) question and how it was read."""

    text: str
    kinds: dict[str, float]
    yes_no: bool
    anchors: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    answer_types: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    # claims | each | numbers | studies | yes/no | composition | comparison | relation | evidence
    # | name | none
    reading: str = "claims"
    candidates: list[CandidateQuery] = field(default_factory=list)
    boolean: bool | None = None
    statement: str = ""
    unknown: list[str] = field(default_factory=list)  # its terms the review never uses
    answer_entities: list[str] = field(default_factory=list)  # "which <X>": X


@dataclass(slots=True)
class Interpretation:
    intent: str
    language: str
    normalized: str
    entities: list[Recognised] = field(default_factory=list)
    boolean_question: bool = False
    relation: str | None = None
    timepoints: list[str] = field(default_factory=list)
    parts: list[PartReading] = field(default_factory=list)


@dataclass(slots=True)
class QueryRun:
    """A named template, the values bound into it and its text (shown to the user)."""

    template: str
    bindings: dict[str, str]
    query: str


@dataclass(slots=True)
class EvidenceItem:
    claim: str
    citations: list[int]
    quote: str
    section: str
    direction: str = "supports"
    statement: str | None = None
    study_design: str | None = None
    n: int | None = None
    timepoint: str | None = None
    audit_flags: list[str] = field(default_factory=list)
    modality: str = "stated"  # stated | possible | prospect | recommended | consider | approach
    knowledge_level: str = "knowledge_assertion"
    populations: list[str] = field(default_factory=list)  # the edge holds for these only
    indications: list[str] = field(default_factory=list)  # ... and is limited to these
    comparator: str | None = None


@dataclass(slots=True)
class ChainHop:
    subject: str
    predicate: str
    object: str


@dataclass(slots=True)
class InferredFrom:
    """Why an inferred answer holds: the rule and the chain of stated edges it rests on."""

    rule: str
    chain: list[ChainHop] = field(default_factory=list)
    explanation: str | None = None


@dataclass(slots=True)
class Answer:
    id: str
    label_en: str | None
    label_zh: str | None
    type: list[str]
    relation: str | None = None
    inferred: bool = False
    inferred_from: InferredFrom | None = None
    evidence: list[EvidenceItem] = field(default_factory=list)
    value: float | None = None
    unit: str | None = None
    timepoint: str | None = None
    n: int | None = None
    related: list[str] = field(default_factory=list)
    frame: str = "biomedical"  # biomedical | tcm: which view the answer comes from
    part: int = 0  # the part of the question it answers (Interpretation.parts)


@dataclass(slots=True)
class Computation:
    """Simple arithmetic over two stated numbers (the numbers themselves are answers)."""

    expression: str
    result: float
    unit: str
    from_statistic: str
    to_statistic: str


@dataclass(slots=True)
class AskAnswer:
    question: str
    interpretation: Interpretation
    sparql: list[QueryRun] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    boolean: bool | None = None
    statement: str = ""
    computation: Computation | None = None
    suggestions: list[str] = field(default_factory=list)
    closest: list[EvidenceItem] = field(default_factory=list)  # when the review does not say
