"""The Markdown of ``http_bench.py``: the service beside the bare ceiling (issue 3), then the
example queries on every SPARQL server with the ratios and where a target is missed (issue 6).

Every figure is computed here from the run's cells; nothing is typed in by hand.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import time
from collections.abc import Sequence

from harness import CONCURRENCY, Result, Target

# numerator, denominator, target: (d)/(b) ≥ 10×, (d)/(c) and (e)/(c) ≥ 0.7×
PEER_TARGETS = (("d", "b", 10.0), ("d", "c", 0.7), ("d2", "c", 0.7), ("e", "c", 0.7))
CEILING_TARGETS = {"sparql": ("SPARQL", 0.5), "rest": ("REST", 0.6)}

Cells = dict[tuple[str, str, int], Result]


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _workers() -> int:
    """The /sparql worker processes of `ldhkg serve` (its settings, from the same environment)."""
    from service.http.settings import Settings

    return Settings().query_workers


def _ratio(x: float, y: float) -> str:
    return "–" if y == 0 else f"{x / y:.2f}"


def _ms(r: Result, p50: bool) -> str:
    """A latency, or a dash where wrk saw no answer (it prints 0 then)."""
    return "–" if r.rps == 0 else f"{r.p50_ms if p50 else r.p99_ms:.2f}"


def _ceiling(plan: Sequence[Target], cells: Cells) -> dict[int, float]:
    """The bare endpoint's req/s per concurrency: the mean of its first and last run."""
    bare = [t.name for t in plan if t.kind == "bare"]
    if not bare:
        return {}
    return {c: sum(cells[b, "bare", c].rps for b in bare) / len(bare) for c in CONCURRENCY}


def ceiling_section(
    plan: Sequence[Target], cells: Cells, duration: int, startup: dict[str, float]
) -> str:
    """The issue-3 table: (d) uncached at c=1 and c=32, cached at c=32, against the bare
    endpoint."""
    ceil = _ceiling(plan, cells)
    up = startup.get("(d) ldhkg embedded, no cache", float("nan"))
    lines = [
        f"wrk 4.1, {duration} s per cell; each server is one uvicorn process on loopback "
        "beside the load generator (2 cores shared); `ldhkg serve` runs `/sparql` queries in "
        f"up to {_workers()} worker processes (`LDHKG_QUERY_WORKERS`), started by a warm-up "
        "burst before timing. `no cache` = "
        "`LDHKG_RESPONSE_CACHE_ENTRIES=0`: every request runs the query / core function; "
        "`cached` = the default GET response cache (the store is read-only). `ldhkg serve` "
        f"start-up on the built store: {up:.2f} s to the first 200 on /health.",
        "",
        "| endpoint | c=1 req/s | c=1 p50 ms | c=32 req/s | c=32 p50 ms | c=32 p99 ms "
        "| × ceiling c=32 | 2 processes c=32 req/s | 2 processes × ceiling "
        "| cached c=32 req/s | cached × ceiling | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for t in plan:
        key, two, cached = (("bare",) * 3 if t.kind == "bare" else ("d", "d2", "d+cache"))
        r1, r32, rc = cells[t.name, key, 1], cells[t.name, key, 32], cells[t.name, cached, 32]
        r2 = cells.get((t.name, two, 32), r32)
        extra = [r for r, k in ((rc, cached), (r2, two)) if k != key]
        errors = r1.errors + r32.errors + sum(r.errors for r in extra)
        lines.append(
            f"| {t.name} | {r1.rps:.0f} | {r1.p50_ms:.2f} | {r32.rps:.0f} | {r32.p50_ms:.2f} | "
            f"{r32.p99_ms:.2f} | {r32.rps / ceil[32]:.2f} | {r2.rps:.0f} | "
            f"{r2.rps / ceil[32]:.2f} | {rc.rps:.0f} | {rc.rps / ceil[32]:.2f} | {errors} |"
        )
    lines += [
        "",
        f"Ceiling (mean of the two bare runs): {ceil[1]:.0f} req/s at c=1, "
        f"{ceil[32]:.0f} req/s at c=32.",
    ]
    for kind, (label, target) in CEILING_TARGETS.items():
        group = [t.name for t in plan if t.kind == kind]
        for which, key in (("no cache", "d"), ("no cache, 2 processes", "d2"),
                           ("cached", "d+cache")):
            if not group or (group[0], key, 32) not in cells:
                continue
            ratios = sorted(cells[n, key, 32].rps / ceil[32] for n in group)
            met = sum(x >= target for x in ratios)
            lines.append(
                f"- {label} ({which}): median {ratios[len(ratios) // 2]:.2f}×, worst "
                f"{ratios[0]:.2f}× the ceiling at c=32; {met}/{len(ratios)} routes "
                f"meet the target ≥ {target}×."
            )
    return "\n".join(lines) + "\n"


def peers_section(
    plan: Sequence[Target],
    labels: dict[str, str],
    cells: Cells,
    rows: dict[tuple[str, str], int | None],
    startup: dict[str, float],
    duration: int,
    timeout_s: int,
) -> str:
    """Per query: every server's req/s and latency, the ratios from this run, the misses."""
    queries = [t.name for t in plan if t.kind == "sparql"]
    keys = [k for k in ("b", "c", "d", "d+cache", "d2", "e", "e+cache") if k in labels]
    ceil = _ceiling(plan, cells)
    ups = "; ".join(f"{label} {s:.1f} s" for label, s in startup.items())
    lines = [
        "## SPARQL beside its peers (issue 6): same command",
        "",
        "The 8 example queries as the same `GET ...?query=` request with `Accept: "
        "application/sparql-results+json` to: (b) rdflib-endpoint "
        f"{_version('rdflib-endpoint')} (rdflib {_version('rdflib')}; its CLI `rdflib-endpoint "
        "serve build/ldhkg.nq`: an in-memory Dataset whose default graph is the union of the "
        "named graphs, endpoint at `/`; its handler is `async` and evaluates the query on the "
        "event loop, so it answers one request at a time); (c) the Oxigraph server "
        f"{_version('oxigraph')} (`oxigraph load`, then `oxigraph serve-read-only "
        "--union-default-graph`, endpoint `/query`); (d) `ldhkg serve` on the embedded store "
        f"(queries in its {_workers()} worker processes; `d2`: the same with `--workers 2`, one "
        "uvicorn process per core, uncached); (e) `ldhkg serve --endpoint` in front "
        "of (c) (queries forwarded over HTTP, no workers). (d) and (e) run uncached "
        "(`LDHKG_RESPONSE_CACHE_ENTRIES=0`, the per-request cost) and cached (the default). "
        f"wrk's per-request timeout is {timeout_s} s; a slower answer counts as an error and "
        "is left out of p50/p99. The cells of one query are measured back to back. Start-up "
        f"to the first answer: {ups}.",
        "",
        "| query | server | c=1 req/s | c=1 p50 ms | c=1 p99 ms | c=32 req/s | c=32 p50 ms "
        "| c=32 p99 ms | errors | rows |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for q in queries:
        for k in keys:
            r1, r32 = cells[q, k, 1], cells[q, k, 32]
            n = rows.get((q, k))
            lines.append(
                f"| {q.removeprefix('SPARQL ')} | {labels[k]} | {r1.rps:.0f} | {_ms(r1, True)} | "
                f"{_ms(r1, False)} | {r32.rps:.0f} | {_ms(r32, True)} | {_ms(r32, False)} | "
                f"{r1.errors + r32.errors} | {'–' if n is None else n} |"
            )
    pairs = [(a, b, t) for a, b, t in PEER_TARGETS if a in labels and b in labels]
    head = [f"({a})/({b}) ≥ {t:g}×" for a, b, t in pairs]
    if ceil and "d" in labels:
        head.append("(d) × ceiling")
    lines += [
        "",
        "Ratios of req/s, each cell `no cache / cached` (the peers have no cache). The rows "
        "column says whether every server returned the same number of rows.",
        "",
        "| query | c | " + " | ".join(head) + " | rows |",
        "|---|---:|" + "---:|" * len(head) + "---|",
    ]

    def both(num: str, q: str, c: int, den: float) -> str:
        plain = _ratio(cells[q, num, c].rps, den)
        if (q, num + "+cache", c) not in cells:  # a variant measured uncached only
            return plain
        return f"{plain} / {_ratio(cells[q, num + '+cache', c].rps, den)}"

    for q in queries:
        counts = {k: rows.get((q, k)) for k in keys}
        agree = len(set(counts.values())) == 1 and None not in counts.values()
        check = (
            "same"
            if agree
            else "⚠ " + ", ".join(f"{k} {'–' if n is None else n}" for k, n in counts.items())
        )
        for c in CONCURRENCY:
            cols = [both(a, q, c, cells[q, b, c].rps) for a, b, _ in pairs]
            if ceil and "d" in labels:
                cols.append(both("d", q, c, ceil[c]))
            name = q.removeprefix("SPARQL ")
            lines.append(f"| {name} | {c} | " + " | ".join(cols) + f" | {check} |")
    lines += ["", "Targets, from the ratios above:"]
    for a, b, target in pairs:
        for mode, num in (("no cache", a), ("cached", a + "+cache")):
            if num not in labels:
                continue
            parts = []
            for c in CONCURRENCY:
                got = [(q, cells[q, num, c].rps / cells[q, b, c].rps) for q in queries
                       if cells[q, b, c].rps > 0]  # fmt: skip
                missed = [(q, x) for q, x in got if x < target]
                text = f"c={c}: {len(got) - len(missed)}/{len(got)} met"
                if len(got) < len(queries):
                    text += f" ({len(queries) - len(got)} not comparable: ({b}) answered nothing)"
                if missed:
                    text += "; missed: " + ", ".join(
                        f"{q.removeprefix('SPARQL ')} {x:.2f}× ({1 - x / target:.0%} short)"
                        for q, x in missed
                    )
                parts.append(text)
            lines.append(f"- ({a})/({b}) ≥ {target:g}×, {mode} — " + " · ".join(parts) + ".")
    differ = [q for q in queries if len({rows.get((q, k)) for k in keys}) != 1]
    lines.append(
        "- Row counts: every server returned the same number of rows for every query."
        if not differ
        else "- ⚠ Row counts differ for: " + ", ".join(differ) + " (see the rows column)."
    )
    errs = [(q, k, c, cells[q, k, c].errors) for q in queries for k in keys for c in CONCURRENCY]
    errs = [e for e in errs if e[3]]
    silent = [
        (q, k, c) for q in queries for k in keys for c in CONCURRENCY if not cells[q, k, c].rps
    ]
    if silent:
        lines.append(
            f"- No answer within a {duration} s cell (increase `--duration`): "
            + ", ".join(f"{labels[k]} {q.removeprefix('SPARQL ')} c={c}" for q, k, c in silent)
            + "."
        )
    lines.append(
        "- Errors (including timeouts): none."
        if not errs
        else "- Errors (including timeouts): "
        + ", ".join(f"{labels[k]} {q.removeprefix('SPARQL ')} c={c}: {n}" for q, k, c, n in errs)
        + "."
    )
    return "\n".join(lines) + "\n"


def report(
    plan: Sequence[Target],
    labels: dict[str, str],
    cells: Cells,
    rows: dict[tuple[str, str], int | None],
    startup: dict[str, float],
    args: argparse.Namespace,
    machine: str,
    run_s: float,
) -> str:
    parts = [
        f"Machine: {machine}. Date: {time.strftime('%Y-%m-%d')}. The whole run (servers: "
        f"{', '.join(args.only)}) took {run_s / 60:.1f} min.\n"
    ]
    if "d" in labels and "bare" in labels:
        parts.append(ceiling_section(plan, cells, args.duration, startup))
    if {"b", "c", "e"} & set(labels):
        parts.append(peers_section(plan, labels, cells, rows, startup, args.duration, args.timeout))
    return "\n".join(parts)
