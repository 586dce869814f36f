"""How long the whole review takes to build, with OWL reasoning and SHACL (target: < 10 s).

    python benchmarks/build_bench.py [--runs 3] [--out benchmarks/RESULTS.md]

Each run is a fresh ``ldhkg build`` in its own Python process (so imports and the JVM start of
HermiT are paid every time, as on a user's machine), into a temporary directory. Reported: the
wall time of the process, and the builder's own seconds per stage (``timings.json``), median
over the runs. Written between ``<!-- build:start -->`` and ``<!-- build:end -->``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sections import machine, write_section

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- build:start -->", "<!-- build:end -->"


def run_once() -> tuple[float, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "build"
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "service.cli", "build", "--out", str(out)],
                       check=True, capture_output=True, cwd=ROOT)
        wall = time.perf_counter() - t0
        stages: dict[str, float] = json.loads((out / "timings.json").read_text())
    return wall, stages


def section(runs: list[tuple[float, dict[str, float]]]) -> str:
    walls = [w for w, _ in runs]
    names = list(runs[0][1])
    med = {n: statistics.median(r[n] for _, r in runs) for n in names}
    wall = statistics.median(walls)
    lines = [
        START,
        "## Build (issue 6): `python benchmarks/build_bench.py`",
        "",
        f"Machine: {machine()}. "
        f"Date: {time.strftime('%Y-%m-%d')}. {len(runs)} fresh "
        "`ldhkg build` processes (parse, curation checks, RDF, HermiT reasoning, SHACL, every "
        "artifact and the on-disk store); medians.",
        "",
        "| stage | seconds |",
        "|---|---:|",
        *(f"| {n} | {med[n]:.2f} |" for n in names),
        f"| sum of stages | {sum(med.values()):.2f} |",
        f"| whole process (imports, JVM start included) | {wall:.2f} |",
        "",
        f"Target: the whole review built with reasoning in < 10 s — "
        f"{'met' if wall < 10 else 'missed'}: {wall:.1f} s (runs: "
        + ", ".join(f"{w:.1f}" for w in walls) + " s).",
        END,
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    text = section([run_once() for _ in range(args.runs)])
    print(text)
    if args.out:
        write_section(args.out, START, END, text)


if __name__ == "__main__":
    main()
