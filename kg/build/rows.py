"""Typed access to one curation row: every error names its file and the line of its key."""

from __future__ import annotations

from typing import Any

from kg.build.records import CurationError, Where
from kg.build.yaml_rows import FILE, KEY_LINES, LINE, MARKERS


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


class Row:
    """Typed access to one YAML mapping; every error names its file and the line of its key."""

    def __init__(self, data: dict[str, Any], allowed: set[str]) -> None:
        self.data = data
        self.where = Where(data[FILE], data[LINE])
        self.lines: dict[str, int] = data.get(KEY_LINES, {})
        extra = sorted(set(data) - allowed - MARKERS)
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

    def names(self, key: str) -> tuple[str, ...]:
        """One id or a list of ids (``population: elderly-patients`` or ``[a, b]``)."""
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str) and value.strip():
            return (value,)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise self.fail(key, f"{key!r} must be an id or a list of ids, got {_kind(value)}")

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


