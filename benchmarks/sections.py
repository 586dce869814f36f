"""RESULTS.md is written by several benchmarks: each owns one marked section and keeps the rest,
and each names the machine its figures came from in the same words."""

from __future__ import annotations

import os
import platform
from pathlib import Path

import pyoxigraph


def machine() -> str:
    """Cores, CPU model, memory, kernel, Python and pyoxigraph: what a reader needs to compare."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, "
        f"pyoxigraph {pyoxigraph.__version__}"
    )


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
