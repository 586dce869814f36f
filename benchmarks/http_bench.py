"""HTTP throughput and latency of the service beside a bare FastAPI endpoint and its SPARQL peers.

    python benchmarks/http_bench.py [--duration 5] [--only ours rdflib ...] [--out RESULTS.md]

Every server runs on loopback, one process each, and is driven by ``wrk`` (Debian package
``wrk``) at concurrency 1 and 32:

- the bare FastAPI endpoint (the ceiling, measured first and last);
- (b) rdflib-endpoint on ``build/ldhkg.nq`` (its own CLI: an in-memory rdflib Dataset whose
  default graph is the union of the named graphs);
- (c) the Oxigraph server, read-only on a store made by ``oxigraph load``, union default graph;
- (d) ``ldhkg serve`` on the embedded store, uncached and cached, and uncached with
  ``--workers 2`` (one uvicorn process per core);
- (e) ``ldhkg serve --endpoint`` in front of (c), uncached and cached.

The example SPARQL queries go to all of them as the same GET request (only the endpoint path
differs: ``/``, ``/query``, ``/sparql``); the REST routes to (d). Cells of one query are
measured back to back, so every ratio compares neighbours in time. No assertions: the numbers
are recorded, not enforced.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
from harness import CONCURRENCY, Result, Target, free_port, server, settle, sparql_rows, wrk
from http_report import report
from sections import machine

ROOT = Path(__file__).resolve().parent.parent
NOTES = "<!-- notes: kept across runs -->"
QUERIES = ROOT / "examples" / "queries"
ACCEPT = "application/sparql-results+json"
SERVERS = ("bare", "ours", "rdflib", "oxigraph", "ours-oxigraph")
REST = [
    ("/health", "health (runs a query)"),
    ("/api/entities/ldh:mecobalamin", "entity + relations + evidence"),
    ("/api/search?q=PELD", "search"),
    ("/api/treatments?addresses=postoperative-pain", "treatments for a symptom"),
    ("/api/statistics?symptom=residual-low-back-pain", "statistics"),
    ("/api/citations/13", "one citation + claims + flags"),
]
# what each kind of target is sent to, in measuring order
PLAN = {
    "bare": ["bare"],
    "sparql": ["b", "c", "d", "d+cache", "d2", "e", "e+cache"],
    "rest": ["d", "d+cache", "d2"],
}


@dataclass(frozen=True)
class Variant:
    key: str
    label: str
    base: str  # http://127.0.0.1:PORT
    sparql: str  # the path of its SPARQL endpoint


def start(
    only: set[str], build: Path, tmp: Path, stack: ExitStack
) -> tuple[dict[str, Variant], dict[str, float]]:
    """Start the selected servers; return them by key, and the start-up seconds by label."""
    variants: dict[str, Variant] = {}
    startup: dict[str, float] = {}
    py = sys.executable
    no_cache = {"LDHKG_RESPONSE_CACHE_ENTRIES": "0"}

    def run(
        key: str,
        label: str,
        cmd: list[str],
        port: int,
        sparql: str,
        probe: str,
        env: dict[str, str] | None = None,
    ) -> None:
        base = f"http://127.0.0.1:{port}"
        startup[label] = stack.enter_context(server(cmd, base + probe, env))
        variants[key] = Variant(key, label, base, sparql)

    def ours(key: str, label: str, args: list[str], env: dict[str, str] | None) -> None:
        port = free_port()
        cmd = [py, "-m", "service.cli", "serve", "--port", str(port), *args]
        run(key, label, cmd, port, "/sparql", "/health", env)

    if "bare" in only:
        port = free_port()
        cmd = [py, "-m", "uvicorn", "benchmarks.bare_app:app", "--port", str(port)]
        run("bare", "bare FastAPI", [*cmd, "--log-level", "warning"], port, "/bare", "/bare")
    if "ours" in only:
        store = ["--store", str(build / "store")]
        ours("d", "(d) ldhkg embedded, no cache", store, no_cache)
        ours("d+cache", "(d) ldhkg embedded, cached", store, None)
        # one uvicorn process per core (`--workers 2`): what the GIL leaves on the table
        ours(
            "d2", "(d) ldhkg embedded, 2 processes, no cache", [*store, "--workers", "2"], no_cache
        )
    if "rdflib" in only:
        port = free_port()
        cmd = [py, "-m", "rdflib_endpoint", "serve", str(build / "ldhkg.nq")]
        cmd += ["--host", "127.0.0.1", "--port", str(port)]
        run("b", "(b) rdflib-endpoint", cmd, port, "/", "/")
    if only & {"oxigraph", "ours-oxigraph"}:
        oxigraph = shutil.which("oxigraph", path=Path(py).parent) or shutil.which("oxigraph")
        if not oxigraph:
            sys.exit("the oxigraph server is not installed: pip install oxigraph")
        loc, t0 = str(tmp / "oxigraph"), time.perf_counter()
        load = [oxigraph, "load", "--location", loc, "--file", str(build / "ldhkg.nq")]
        subprocess.run(load, check=True, capture_output=True)
        startup["`oxigraph load` of ldhkg.nq"] = time.perf_counter() - t0
        port = free_port()
        cmd = [oxigraph, "serve-read-only", "--location", loc, "--bind", f"127.0.0.1:{port}"]
        cmd.append("--union-default-graph")
        run("c", "(c) Oxigraph server", cmd, port, "/query", "/query?query=ASK%7B%7D")
        if "ours-oxigraph" in only:
            endpoint = ["--endpoint", variants["c"].base + "/query"]
            ours("e", "(e) ldhkg on Oxigraph server, no cache", endpoint, no_cache)
            ours("e+cache", "(e) ldhkg on Oxigraph server, cached", endpoint, None)
        if "oxigraph" not in only:
            del variants["c"]  # running for (e), not measured
    return variants, startup


def targets(only: set[str], paths: dict[str, object]) -> list[Target]:
    """Bare first and last, the example queries, then the REST routes this build has."""
    out = [Target("bare FastAPI endpoint (ceiling)", "bare", "/bare")] if "bare" in only else []
    for q in sorted(QUERIES.glob("*.rq")):
        query = urllib.parse.quote(q.read_text(encoding="utf-8"))
        out.append(Target(f"SPARQL {q.stem}", "sparql", f"?query={query}"))
    for path, name in REST if "ours" in only else []:
        template = path.split("?")[0].replace("ldh:mecobalamin", "{entity_id}")
        if template.replace("/13", "/{n}") in paths or template in paths:
            out.append(Target(f"REST {name}", "rest", path))
    if "bare" in only:
        out.append(Target("bare FastAPI endpoint (ceiling, again)", "bare", "/bare"))
    return out


def url(v: Variant, t: Target) -> str:
    return v.base + (v.sparql + t.path if t.kind == "sparql" else t.path)


def measure(
    plan: list[Target], variants: dict[str, Variant], duration: int, timeout_s: int
) -> dict[tuple[str, str, int], Result]:
    """wrk at each concurrency, target by target, every server of a target back to back."""
    cells: dict[tuple[str, str, int], Result] = {}
    for t in plan:
        accept = ACCEPT if t.kind == "sparql" else None
        for key in (k for k in PLAN[t.kind] if k in variants):
            for c in CONCURRENCY:
                cells[t.name, key, c] = wrk(
                    url(variants[key], t), c, duration, accept=accept, timeout_s=timeout_s
                )
                settle(url(variants[key], t), accept)
            r1, r32 = cells[t.name, key, 1], cells[t.name, key, 32]
            print(
                f"{t.name:42s} {variants[key].label:40s} c1 {r1.rps:7.0f}/s p50 {r1.p50_ms:7.2f}"
                f" | c32 {r32.rps:7.0f}/s p99 {r32.p99_ms:8.2f} | errors {r1.errors + r32.errors}",
                flush=True,
            )
    return cells


def write(out: Path, text: str) -> None:
    """Replace the generated part; keep everything from the notes marker on: the notes, and
    the marked sections that scale_bench.py and soak.py keep after them."""
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    notes = NOTES + old.split(NOTES, 1)[1] if NOTES in old else NOTES + "\n"
    head = "# Benchmark results\n\n## HTTP (issue 3): `python benchmarks/http_bench.py`\n\n"
    out.write_text(head + text + "\n" + notes, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duration", type=int, default=5, help="seconds per wrk cell")
    ap.add_argument("--timeout", type=int, default=10, help="wrk's per-request timeout, s")
    ap.add_argument("--only", nargs="+", choices=SERVERS, default=list(SERVERS))
    ap.add_argument("--build", type=Path, default=ROOT / "build")
    ap.add_argument(
        "--out", type=Path, help="write the Markdown here, and http_results.json beside it"
    )
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    if not (args.build / "store" / "CURRENT").exists():
        cmd = [sys.executable, "-m", "service.cli", "build", "--out", str(args.build), "--quiet"]
        subprocess.run(cmd, check=True, cwd=ROOT)
    only, t0 = set(args.only), time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ldhkg-http-") as tmp, ExitStack() as stack:
        variants, startup = start(only, args.build, Path(tmp), stack)
        ours = variants.get("d") or variants.get("e")
        paths = httpx.get(ours.base + "/openapi.json", timeout=30).json()["paths"] if ours else {}
        plan = targets(only, paths)
        # one request each before timing: warms every server, and checks the answers agree
        rows = {
            (t.name, k): sparql_rows(url(variants[k], t), ACCEPT)
            for t in plan
            if t.kind == "sparql"
            for k in PLAN["sparql"]
            if k in variants
        }
        # a burst at c=32 first: starts ldhkg's query workers, fills every server's caches
        first = next(t for t in plan if t.kind == "sparql")
        for key in (k for k in PLAN["sparql"] if k in variants):
            wrk(url(variants[key], first), 32, 1, accept=ACCEPT, timeout_s=args.timeout)
            settle(url(variants[key], first), ACCEPT)
        cells = measure(plan, variants, args.duration, args.timeout)
    labels = {k: v.label for k, v in variants.items()}
    text = report(plan, labels, cells, rows, startup, args, machine(), time.perf_counter() - t0)
    print()
    print(text)
    if not args.out:
        return
    write(args.out, text)
    records = [
        {"target": t, "server": labels[k], "c": c, **r.__dict__} for (t, k, c), r in cells.items()
    ]
    rows_out = [{"target": t, "server": labels[k], "rows": n} for (t, k), n in rows.items()]
    args.out.with_name("http_results.json").write_text(
        json.dumps({"cells": records, "rows": rows_out}, indent=1) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
