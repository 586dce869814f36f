"""Load the curation YAML into typed records, naming file and line for every problem.

Layout under ``kg/curation/``: ``entities/*.yaml``, ``claims/*.yaml``, ``audit.yaml``,
``errata.yaml``, ``coverage.yaml``. Unknown keys, missing keys, wrong types and duplicate
mapping keys are errors (a typo in a key must not silently drop a qualifier).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml: about five times faster on the curation
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

from kg.paths import CURATION_DIR
from kg.build.records import (
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

LINE = "__line__"  # the line a mapping starts on
FILE = "__file__"  # the curation file it comes from
KEY_LINES = "__keys__"  # the line of each key
_MARKERS = {LINE, FILE, KEY_LINES}
CURATION_FILES = ("audit.yaml", "errata.yaml", "coverage.yaml")
CURATION_DIRS = ("entities", "claims")


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


class _LineLoader(_SafeLoader):
    """SafeLoader that records each mapping's line and rejects duplicate keys."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """A value YAML cannot build (``!!int abc``, the date 2024-13-01) names its line."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError) as exc:
            if isinstance(exc, yaml.YAMLError):
                raise
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {node.value!r} as {node.tag}: {exc}", node.start_mark
            ) from exc


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    key_lines: dict[str, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, f"a key must be a name, got {type(key).__name__}", key_node.start_mark
            )
        if str(key) in key_lines:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        if str(key) in _MARKERS:
            raise yaml.constructor.ConstructorError(
                None, None, f"reserved key {key!r}", key_node.start_mark
            )
        key_lines[str(key)] = key_node.start_mark.line + 1
    mapping: dict[str, Any] = {
        str(k): v for k, v in loader.construct_mapping(node, deep=True).items()
    }
    mapping[LINE] = node.start_mark.line + 1
    mapping[KEY_LINES] = key_lines
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

_NODE_KIND = {yaml.ScalarNode: "a single value", yaml.SequenceNode: "a list"}


def _display(path: Path, root: Path) -> str:
    return str(path.relative_to(root.parent)) if path.is_relative_to(root.parent) else str(path)


def read_utf8(path: Path, shown: str) -> tuple[bytes, str]:
    """A source file's bytes and text; unreadable or not UTF-8 is a ``CurationError`` that
    names the file (``shown``) and, for bad bytes, their line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CurationError(shown, f"cannot read the file: {exc.strerror}") from exc
    try:
        return raw, raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CurationError(
            Where(shown, line), f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        ) from exc


def read_yaml(path: Path, root: Path) -> list[dict[str, Any]]:
    """A YAML file holding a list of mappings (rows); every problem names file and line.

    Raises ``CurationError`` for a file that cannot be read, is not UTF-8, is not YAML, is
    empty, or is not a list of mappings. ``[]`` is a file with no rows.
    """
    rel = _display(path, root)
    _, text = read_utf8(path, rel)
    loader: _LineLoader | None = None
    node: yaml.Node | None = None
    try:
        loader = _LineLoader(text)  # checks every character first
        node = loader.get_single_node()
        if node is None:
            raise CurationError(
                Where(rel, 1), "the file is empty; write [] for a file with no rows"
            )
        if not isinstance(node, yaml.SequenceNode):
            got = "a mapping" if isinstance(node, yaml.MappingNode) else "a single value"
            raise CurationError(
                Where(rel, node.start_mark.line + 1),
                f"expected a list of rows (- key: value ...), got {got}",
            )
        for item in node.value:
            if not isinstance(item, yaml.MappingNode):
                got = _NODE_KIND.get(type(item), "something else")
                raise CurationError(
                    Where(rel, item.start_mark.line + 1),
                    f"expected a row of key: value pairs, got {got}",
                )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "end of stream" in (exc.problem or ""):
            mark = exc.context_mark  # an unclosed quote or bracket: where it was opened
        line = mark.line + 1 if mark else 1
        context = f"{exc.context}: " if exc.context else ""
        raise CurationError(Where(rel, line), f"malformed YAML: {context}{exc.problem}") from exc
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. NUL
        line = text[: exc.position].count("\n") + 1
        raise CurationError(
            Where(rel, line), f"character U+{exc.character:04X} is not allowed in YAML"
        ) from exc
    except yaml.YAMLError as exc:
        raise CurationError(rel, f"malformed YAML: {exc}") from exc
    except RecursionError as exc:  # composing and constructing recurse once per level
        deep = _deep_line(node) if node is not None else None
        raise CurationError(Where(rel, deep or 1),
                            "nested too deeply: curation values are flat") from exc
    finally:
        if loader is not None:
            loader.dispose()
    assert isinstance(data, list)
    for item in data:
        item[FILE] = rel
    return data


def _deep_line(root: yaml.Node, limit: int = 100) -> int | None:
    """The line of the first node nested more than ``limit`` levels deep (iteratively)."""
    todo: list[tuple[yaml.Node, int]] = [(root, 0)]
    while todo:
        node, depth = todo.pop()
        if depth > limit:
            return int(node.start_mark.line) + 1
        if isinstance(node, yaml.SequenceNode):
            todo += [(child, depth + 1) for child in reversed(node.value)]
        elif isinstance(node, yaml.MappingNode):
            todo += [(v, depth + 1) for _, v in reversed(node.value)]
    return None


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


class _Row:
    """Typed access to one YAML mapping; every error names its file and the line of its key."""

    def __init__(self, data: dict[str, Any], allowed: set[str]) -> None:
        self.data = data
        self.where = Where(data[FILE], data[LINE])
        self.lines: dict[str, int] = data.get(KEY_LINES, {})
        extra = sorted(set(data) - allowed - _MARKERS)
        if extra:
            raise CurationError(self.at(extra[0]), f"unknown key(s): {', '.join(extra)}")

    def at(self, key: str) -> Where:
        """Where ``key`` is written (the row's first line if it is absent)."""
        return Where(self.where.file, self.lines.get(key, self.where.line))

    def fail(self, key: str, message: str) -> CurationError:
        return CurationError(self.at(key), message)

    def text(self, key: str, default: str | None = None, *, required: bool = True) -> str:
        value = self.data.get(key, default)
        if value is None:
            if key in self.data and required:
                raise self.fail(key, f"{key!r} has no value")
            if required:
                raise self.fail(key, f"missing required key {key!r}")
            return ""
        if not isinstance(value, str):
            number = isinstance(value, int | float) and not isinstance(value, bool)
            hint = f' (quote it: {key}: "{value}")' if number else ""
            raise self.fail(key, f"{key!r} must be text, got {_kind(value)}{hint}")
        if required and not value.strip():
            raise self.fail(key, f"{key!r} is empty")
        return value

    def opt(self, key: str) -> str | None:
        value = self.text(key, required=False)
        return value or None

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(key, f"{key!r} must be a whole number, got {value!r}")
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(key, f"{key!r} must be true or false, got {value!r}")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"{key!r} must be a list of text, got {_kind(value)}")
        return tuple(value)

    def one_or_more(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            raise self.fail(key, f"missing required key {key!r}")
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise self.fail(key, f"{key!r} must be a class name or a list of them, got {_kind(value)}")

    def integers(self, key: str) -> tuple[int, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            raise self.fail(key, f"{key!r} must be a list of reference numbers such as [4, 7]")
        return tuple(value)

    def mapping(self, key: str) -> dict[str, Any]:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, f"{key!r} must be a mapping, got {_kind(value)}")
        value.setdefault(LINE, self.at(key).line)
        value[FILE] = self.where.file
        return value

    def mappings(self, key: str) -> list[dict[str, Any]]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, f"{key!r} must be a list of mappings")
        for v in value:
            v[FILE] = self.where.file
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
            errors.append(CurationError(_display(d, root), "missing curation directory"))
            continue
        found = sorted(p for p in d.iterdir() if not p.name.startswith("."))
        for p in found:
            if p.suffix != ".yaml" or not p.is_file():
                errors.append(
                    CurationError(_display(p, root), "not a curation file (expected *.yaml)")
                )
        yaml_files = [p for p in found if p.suffix == ".yaml" and p.is_file()]
        if not yaml_files:
            errors.append(CurationError(_display(d, root), "no *.yaml files"))
        files += yaml_files
    for name in CURATION_FILES:
        if not (root / name).exists():
            errors.append(
                CurationError(_display(root / name, root), "missing (write [] if it has no rows)")
            )
        else:
            files.append(root / name)
    for p in sorted(root.iterdir()):
        if p.suffix in {".yaml", ".yml"} and p.name not in CURATION_FILES:
            errors.append(
                CurationError(
                    _display(p, root), f"not a curation file (expected {', '.join(CURATION_FILES)})"
                )
            )
    return files


_READERS: dict[str, Callable[[dict[str, Any]], object]] = {
    "entities": _entity,
    "claims": _claim,
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
        tuple(_display(p, root) for p in files),
    )
