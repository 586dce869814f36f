"""Load the curation YAML into typed records, naming file and line for every problem.

Layout under ``kg/curation/``: ``entities/*.yaml``, ``claims/*.yaml``, ``concepts/*.yaml``,
``audit.yaml``, ``errata.yaml``, ``coverage.yaml``. Unknown keys, missing keys, wrong types and duplicate
mapping keys are errors (a typo in a key must not silently drop a qualifier).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.build.records import (
    AuditFlagRecord,
    ClaimRecord,
    ConceptMention,
    CoverageExemption,
    Curation,
    CurationError,
    CurationErrors,
    Entity,
    ErratumRecord,
    Qualifiers,
    SentenceConcepts,
    StatisticRecord,
)
from kg.build.rows import Row
from kg.build.yaml_rows import display, read_utf8, read_yaml
from kg.paths import CURATION_DIR

CURATION_FILES = ("audit.yaml", "errata.yaml", "coverage.yaml")
CURATION_DIRS = ("entities", "claims", "concepts")
__all__ = ["CurationError", "CurationErrors", "load_curation", "read_utf8"]


_ENTITY_KEYS = {
    "id",
    "type",
    "label_en",
    "label_zh",
    "definition_en",
    "definition_zh",
    "synonyms_en",
    "synonyms_zh",
}
_CLAIM_KEYS = {
    "subject",
    "predicate",
    "object",
    "direction",
    "quote",
    "citations",
    "uncited",
    "context_citation",
    "qualifiers",
    "statistics",
    "knowledge_level",
    "modality",
    "note",
}
_QUAL_KEYS = {
    "study_design",
    "sample_size",
    "study_count",
    "follow_up",
    "timepoint",
    "population",
    "comparator",
    "indication",
    "anatomical_context",
    "outcome",
}
_STAT_KEYS = {"quantity", "value", "unit", "about", "timepoint", "sample_size", "comparison"}
_FLAG_KEYS = {"kind", "severity", "reason", "references", "quote"}
_ERRATUM_KEYS = {"printed", "intended", "note"}
_EXEMPT_KEYS = {"starts_with", "reason"}
_SENTENCE_CONCEPT_KEYS = {"sentence", "concepts"}
_MENTION_KEYS = {"term", "at", "entity", "exempt"}


def _entity(d: dict[str, Any]) -> Entity:
    r = Row(d, _ENTITY_KEYS)
    return Entity(
        r.text("id"),
        r.one_or_more("type"),
        r.text("label_en"),
        r.text("label_zh"),
        r.text("definition_en"),
        r.text("definition_zh"),
        r.texts("synonyms_en"),
        r.texts("synonyms_zh"),
        r.where,
    )


def _statistic(d: dict[str, Any]) -> StatisticRecord:
    r = Row(d, _STAT_KEYS)
    return StatisticRecord(
        r.text("quantity"),
        r.text("value"),
        r.text("unit"),
        r.opt("about"),
        r.opt("timepoint"),
        r.integer("sample_size"),
        r.opt("comparison"),
        r.where,
    )


def _claim(d: dict[str, Any]) -> ClaimRecord:
    r = Row(d, _CLAIM_KEYS)
    q = Row(r.mapping("qualifiers"), _QUAL_KEYS)
    quals = Qualifiers(
        q.opt("study_design"),
        q.integer("sample_size"),
        q.integer("study_count"),
        q.opt("follow_up"),
        q.opt("timepoint"),
        q.names("population"),
        q.opt("comparator"),
        q.names("indication"),
        q.names("anatomical_context"),
        q.names("outcome"),
    )
    return ClaimRecord(
        subject=r.text("subject"),
        predicate=r.text("predicate"),
        object=r.text("object"),
        direction=r.text("direction", "supports"),
        quote=r.text("quote"),
        citations=r.integers("citations"),
        uncited=r.flag("uncited"),
        context_citation=r.flag("context_citation"),
        qualifiers=quals,
        statistics=tuple(_statistic(s) for s in r.mappings("statistics")),
        knowledge_level=r.text("knowledge_level", "knowledge_assertion"),
        note=r.opt("note"),
        where=r.where,
        modality=r.text("modality", "stated"),
    )


def _flag(d: dict[str, Any]) -> AuditFlagRecord:
    r = Row(d, _FLAG_KEYS)
    return AuditFlagRecord(
        r.text("kind"),
        r.text("severity"),
        r.text("reason"),
        r.integers("references"),
        r.opt("quote"),
        "manual_agent",
        r.where,
    )


def _erratum(d: dict[str, Any]) -> ErratumRecord:
    r = Row(d, _ERRATUM_KEYS)
    return ErratumRecord(r.text("printed"), r.text("intended"), r.text("note"), r.where)


def _exemption(d: dict[str, Any]) -> CoverageExemption:
    r = Row(d, _EXEMPT_KEYS)
    return CoverageExemption(r.text("starts_with"), r.text("reason"), r.where)


def _mention(d: dict[str, Any]) -> ConceptMention:
    r = Row(d, _MENTION_KEYS)
    at = r.integer("at")
    if at is None:
        raise r.fail("at", "missing required key 'at' (the term's code-point offset)")
    entities = r.names("entity")
    exempt = r.opt("exempt")
    if not entities and not exempt:
        raise r.fail("term", "give entity: ID (or a list), exempt: REASON, or both")
    return ConceptMention(r.text("term"), at, entities, exempt, r.where)


def _sentence_concepts(d: dict[str, Any]) -> SentenceConcepts:
    r = Row(d, _SENTENCE_CONCEPT_KEYS)
    mentions = tuple(_mention(m) for m in r.mappings("concepts"))
    return SentenceConcepts(r.text("sentence"), mentions, r.where)


def _layout(root: Path, errors: list[CurationError]) -> list[Path]:
    """The curation files to read, in order; a missing or stray file is an error.

    A file the loader does not read would be silently lost, so ``entities/`` and ``claims/``
    must exist and hold ``*.yaml`` files only, and each of ``audit.yaml``, ``errata.yaml`` and
    ``coverage.yaml`` must exist (``[]`` when it has no rows).
    """
    if not root.is_dir():
        errors.append(CurationError(str(root), "the curation directory does not exist"))
        return []
    files: list[Path] = []
    for sub in CURATION_DIRS:
        d = root / sub
        if not d.is_dir():
            errors.append(CurationError(display(d, root), "missing curation directory"))
            continue
        found = sorted(p for p in d.iterdir() if not p.name.startswith("."))
        for p in found:
            if p.suffix != ".yaml" or not p.is_file():
                errors.append(
                    CurationError(display(p, root), "not a curation file (expected *.yaml)")
                )
        yaml_files = [p for p in found if p.suffix == ".yaml" and p.is_file()]
        if not yaml_files:
            errors.append(CurationError(display(d, root), "no *.yaml files"))
        files += yaml_files
    for name in CURATION_FILES:
        if not (root / name).exists():
            errors.append(
                CurationError(display(root / name, root), "missing (write [] if it has no rows)")
            )
        else:
            files.append(root / name)
    for p in sorted(root.iterdir()):
        if p.suffix in {".yaml", ".yml"} and p.name not in CURATION_FILES:
            errors.append(
                CurationError(
                    display(p, root), f"not a curation file (expected {', '.join(CURATION_FILES)})"
                )
            )
    return files


_READERS: dict[str, Callable[[dict[str, Any]], object]] = {
    "entities": _entity,
    "claims": _claim,
    "concepts": _sentence_concepts,
    "audit.yaml": _flag,
    "errata.yaml": _erratum,
    "coverage.yaml": _exemption,
}


def load_curation(root: Path = CURATION_DIR) -> Curation:
    """Read every curation file under ``root`` into records (no cross-checks yet).

    Raises ``CurationErrors`` listing every unreadable file and every malformed row (the first
    problem of each), each as ``file:line: problem``.
    """
    errors: list[CurationError] = []
    files = _layout(root, errors)
    records: dict[str, list[Any]] = {kind: [] for kind in _READERS}
    for path in files:
        kind = path.parent.name if path.parent != root else path.name
        try:
            rows = read_yaml(path, root)
        except CurationError as exc:
            errors.append(exc)
            continue
        for row in rows:
            try:
                records[kind].append(_READERS[kind](row))
            except CurationError as exc:
                errors.append(exc)
    if errors:
        raise CurationErrors(errors)
    return Curation(
        tuple(records["entities"]),
        tuple(records["claims"]),
        tuple(records["audit.yaml"]),
        tuple(records["errata.yaml"]),
        tuple(records["coverage.yaml"]),
        tuple(records["concepts"]),
        tuple(display(p, root) for p in files),
    )
