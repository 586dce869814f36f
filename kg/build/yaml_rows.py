"""Curation files as rows: a YAML list of mappings, each row knowing its file and line.

PyYAML's loader is extended to record the line of every mapping and of each of its keys, and
to reject duplicate keys; every problem (not UTF-8, not YAML, not a list of rows, too deep)
is a ``CurationError`` naming ``file:line``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

try:  # libyaml: about five times faster on the curation
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

from kg.build.records import CurationError, Where

LINE = "__line__"  # the line a mapping starts on
FILE = "__file__"  # the curation file it comes from
KEY_LINES = "__keys__"  # the line of each key
MARKERS = frozenset({LINE, FILE, KEY_LINES})


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
        if str(key) in MARKERS:
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


def display(path: Path, root: Path) -> str:
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
    rel = display(path, root)
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


