"""RESULTS.md is written by several benchmarks: each owns one marked section and keeps the rest."""

from __future__ import annotations

from pathlib import Path


def write_section(out: Path, start: str, end: str, text: str) -> None:
    """Put ``text`` (which begins with ``start`` and ends with ``end``) in place of the marked
    section of ``out``, or append it when the file has none yet."""
    old = out.read_text(encoding="utf-8") if out.exists() else "# Benchmark results\n"
    if start in old:
        head, _, rest = old.partition(start)
        new = head + text + rest.partition(end)[2]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    out.write_text(new, encoding="utf-8")
