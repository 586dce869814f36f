"""Load the curation YAML into typed records, naming file and line for every problem.

Layout under ``kg/curation/``: ``entities/*.yaml``, ``claims/*.yaml``, ``audit.yaml``,
``errata.yaml``, ``coverage.yaml``. Unknown keys, missing keys, wrong types and duplicate
mapping keys are errors (a typo in a key must not silently drop a qualifier).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from kg.paths import CURATION_DIR
from kg.records import (
    AuditFlagRecord,
    ClaimRecord,
    CoverageExemption,
    Curation,
    Entity,
    ErratumRecord,
    Qualifiers,
    StatisticRecord,
    Where,
)

LINE = "__line__"


class CurationError(ValueError):
    """A curation problem, with the file and line it comes from."""

    def __init__(self, where: Where | str, message: str) -> None:
        self.where = str(where)
        self.message = message
        super().__init__(f"{where}: {message}")


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records each mapping's line and rejects duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    mapping: dict[str, Any] = {
        str(k): v for k, v in loader.construct_mapping(node, deep=True).items()
    }
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path, root: Path) -> list[dict[str, Any]]:
    """A YAML file holding a list of mappings; a YAML syntax error names file and line."""
    rel = str(path.relative_to(root.parent)) if path.is_relative_to(root.parent) else str(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise CurationError(Where(rel, line), f"malformed YAML: {exc.problem}") from exc
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
        raise CurationError(Where(rel, 1), "expected a list of mappings")
    for item in data:
        item["__file__"] = rel
    return data


class _Row:
    """Typed access to one YAML mapping; every error names its file and line."""

    def __init__(self, data: dict[str, Any], allowed: set[str]) -> None:
        self.data = data
        self.where = Where(data["__file__"], data[LINE])
        extra = set(data) - allowed - {LINE, "__file__"}
        if extra:
            raise CurationError(self.where, f"unknown key(s): {', '.join(sorted(extra))}")

    def text(self, key: str, default: str | None = None, *, required: bool = True) -> str:
        value = self.data.get(key, default)
        if value is None:
            if required:
                raise CurationError(self.where, f"missing required key {key!r}")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise CurationError(self.where, f"{key!r} must be text, got {type(value).__name__}")
        return str(value)

    def opt(self, key: str) -> str | None:
        value = self.text(key, required=False)
        return value or None

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise CurationError(self.where, f"{key!r} must be an integer, got {value!r}")
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise CurationError(self.where, f"{key!r} must be true or false, got {value!r}")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CurationError(self.where, f"{key!r} must be a list of text")
        return tuple(value)

    def one_or_more(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise CurationError(self.where, f"{key!r} must be a class name or a list of them")

    def integers(self, key: str) -> tuple[int, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            raise CurationError(self.where, f"{key!r} must be a list of reference numbers")
        return tuple(value)

    def mapping(self, key: str) -> dict[str, Any]:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise CurationError(self.where, f"{key!r} must be a mapping")
        value.setdefault("__file__", self.data["__file__"])
        value.setdefault(LINE, self.data[LINE])
        return value

    def mappings(self, key: str) -> list[dict[str, Any]]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise CurationError(self.where, f"{key!r} must be a list of mappings")
        for v in value:
            v["__file__"] = self.data["__file__"]
        return value


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
}
_STAT_KEYS = {"quantity", "value", "unit", "about", "timepoint", "sample_size", "comparison"}
_FLAG_KEYS = {"kind", "severity", "reason", "references", "quote"}
_ERRATUM_KEYS = {"printed", "intended", "note"}
_EXEMPT_KEYS = {"starts_with", "reason"}


def _entity(d: dict[str, Any]) -> Entity:
    r = _Row(d, _ENTITY_KEYS)
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
    r = _Row(d, _STAT_KEYS)
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
    r = _Row(d, _CLAIM_KEYS)
    q = _Row(r.mapping("qualifiers"), _QUAL_KEYS)
    quals = Qualifiers(
        q.opt("study_design"),
        q.integer("sample_size"),
        q.integer("study_count"),
        q.opt("follow_up"),
        q.opt("timepoint"),
        q.opt("population"),
        q.opt("comparator"),
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
    )


def _flag(d: dict[str, Any]) -> AuditFlagRecord:
    r = _Row(d, _FLAG_KEYS)
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
    r = _Row(d, _ERRATUM_KEYS)
    return ErratumRecord(r.text("printed"), r.text("intended"), r.text("note"), r.where)


def _exemption(d: dict[str, Any]) -> CoverageExemption:
    r = _Row(d, _EXEMPT_KEYS)
    return CoverageExemption(r.text("starts_with"), r.text("reason"), r.where)


def _files(root: Path, sub: str) -> Iterator[Path]:
    yield from sorted((root / sub).glob("*.yaml"))


def load_curation(root: Path = CURATION_DIR) -> Curation:
    """Read every curation file under ``root`` into records (no cross-checks yet)."""
    files: list[Path] = [*_files(root, "entities"), *_files(root, "claims")]
    entities = [_entity(d) for p in _files(root, "entities") for d in read_yaml(p, root)]
    claims = [_claim(d) for p in _files(root, "claims") for d in read_yaml(p, root)]
    flags, errata, exemptions = [], [], []
    if (root / "audit.yaml").exists():
        files.append(root / "audit.yaml")
        flags = [_flag(d) for d in read_yaml(root / "audit.yaml", root)]
    if (root / "errata.yaml").exists():
        files.append(root / "errata.yaml")
        errata = [_erratum(d) for d in read_yaml(root / "errata.yaml", root)]
    if (root / "coverage.yaml").exists():
        files.append(root / "coverage.yaml")
        exemptions = [_exemption(d) for d in read_yaml(root / "coverage.yaml", root)]
    return Curation(
        tuple(entities),
        tuple(claims),
        tuple(flags),
        tuple(errata),
        tuple(exemptions),
        tuple(str(p.relative_to(root.parent)) for p in files),
    )
