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


@dataclass(slots=True)
class Interpretation:
    intent: str
    language: str
    normalized: str
    entities: list[Recognised] = field(default_factory=list)
    boolean_question: bool = False
    relation: str | None = None
    timepoints: list[str] = field(default_factory=list)


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
