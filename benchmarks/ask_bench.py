"""How long a question takes: ``/api/ask`` on the built review (target: p95 < 100 ms).

    python benchmarks/ask_bench.py [--rounds 3] [--out benchmarks/RESULTS.md]

Every question of the two banks (the blind bank's 160 and the team's 103) goes to the real
FastAPI app (``TestClient``, embedded store, response cache off so every request is answered),
``--rounds`` times in a shuffled order; the first round after the app starts is reported apart
(cold: the lexicon, the full-text index and the per-store tables are loaded then). The
baseline, measured in the same run on the same questions, is the full-text retrieval alone
(``TextIndex.claims``, the answerer's recall floor), so the ratio says what reading the
question costs on top of finding its claims. Written between ``<!-- ask:start -->`` and
``<!-- ask:end -->``. No assertions: the numbers are recorded, not enforced.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from sections import machine, write_section

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
START, END = "<!-- ask:start -->", "<!-- ask:end -->"


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def _row(name: str, xs: list[float], base: float | None = None) -> str:
    ms = [x * 1000 for x in xs]
    ratio = f"{_pct(ms, 95) / base:.1f}" if base else "1.0"
    return (f"| {name} | {len(ms)} | {statistics.median(ms):.1f} | {_pct(ms, 95):.1f} | "
            f"{max(ms):.1f} | {ratio} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()

    from fastapi.testclient import TestClient

    from kg.ask.banks import BANKS
    from kg.read.text_index import index_for
    from kg.store import open_store
    from service.http.app import create_app
    from service.http.settings import Settings

    questions = [q.question for bank in ("blind", "competency") for q in BANKS[bank]()]
    descriptor = f"oxigraph:{ROOT / 'build' / 'store'}"
    app = create_app(Settings(store=descriptor, response_cache_entries=0, warm_caches=False))
    index = index_for(open_store(descriptor))
    cold: list[float] = []
    warm: list[float] = []
    lexical: list[float] = []
    rng = random.Random(7)
    with TestClient(app) as client:
        for rnd in range(args.rounds):
            order = questions[:]
            rng.shuffle(order)
            for q in order:
                t0 = time.perf_counter()
                r = client.get("/api/ask", params={"q": q})
                (cold if rnd == 0 else warm).append(time.perf_counter() - t0)
                r.raise_for_status()
                t0 = time.perf_counter()
                index.claims(q)
                lexical.append(time.perf_counter() - t0)
    base = _pct([x * 1000 for x in lexical], 95)
    p95 = _pct([x * 1000 for x in warm or cold], 95)
    text = "\n".join([
        START,
        "## Questions (issue 13): `python benchmarks/ask_bench.py`",
        "",
        f"Machine: {machine()}. Date: {time.strftime('%Y-%m-%d')}. {len(questions)} questions "
        f"(blind bank and the team's bank), {args.rounds} shuffled rounds through the real app "
        "(`TestClient`, embedded store, cache off). Milliseconds; ratio = p95 / the baseline's "
        "p95.",
        "",
        "| measured | requests | median | p95 | max | ratio |",
        "|---|---:|---:|---:|---:|---:|",
        _row("baseline: full-text retrieval only (TextIndex.claims)", lexical),
        _row("/api/ask, first round (cold start included)", cold, base),
        *([_row("/api/ask, later rounds (warm)", warm, base)] if warm else []),
        "",
        f"Target: p95 < 100 ms on the review — {'met' if p95 < 100 else 'missed'}: "
        f"{p95:.1f} ms warm.",
        END,
    ])
    print(text)
    if args.out:
        write_section(args.out, START, END, text)


if __name__ == "__main__":
    main()
