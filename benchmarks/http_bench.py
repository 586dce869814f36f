"""HTTP throughput and latency of the service beside a bare FastAPI endpoint (the ceiling).

    python benchmarks/http_bench.py [--duration 5] [--build build] [--out benchmarks/RESULTS.md]

Starts both servers on loopback (uvicorn, one process each), drives them with ``wrk`` (Debian
package ``wrk``) at concurrency 1 and 32, and prints one table; every ratio is against the bare
endpoint measured in the same run (before and after the others, averaged). No assertions: the
numbers are recorded, not enforced.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
NOTES = "<!-- notes: kept across runs -->"
QUERIES = ROOT / "examples" / "queries"
REST = [
    ("/health", "health (runs a query)"),
    ("/api/entities/ldh:mecobalamin", "entity + relations + evidence"),
    ("/api/search?q=PELD", "search"),
    ("/api/treatments?addresses=postoperative-pain", "treatments for a symptom"),
    ("/api/statistics?symptom=residual-low-back-pain", "statistics"),
    ("/api/citations/13", "one citation + claims + flags"),
]


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(cmd: list[str], port: int, env: dict[str, str] | None = None) -> Iterator[float]:
    """Start a server; yield its start-up time (s) until the first 200 on /health or /bare."""
    t0 = time.perf_counter()
    import os

    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    probe = "/bare" if "bare_app" in " ".join(cmd) else "/health"
    try:
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}{probe}", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.02)
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {cmd}")
        yield time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _ms(text: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    if not m:
        return float("nan")
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def wrk(url: str, connections: int, duration: int) -> Result:
    threads = 1 if connections == 1 else 2
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    # the distribution lines only ("87.50%" in the stats table must not match "50%")
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    errs = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    n_err = (int(errs.group(1)) if errs else 0) + (sum(map(int, sock.groups())) if sock else 0)
    return Result(rps, p50, p99, n_err)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import pyoxigraph

    return (
        f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, "
        f"pyoxigraph {pyoxigraph.__version__ if hasattr(pyoxigraph, '__version__') else '?'}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duration", type=int, default=5, help="seconds per measurement")
    ap.add_argument("--build", type=Path, default=ROOT / "build")
    ap.add_argument("--out", type=Path, default=None, help="write a Markdown section here")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    store = args.build / "store"
    if not (store / "CURRENT").exists():
        subprocess.run(
            [sys.executable, "-m", "service.cli", "build", "--out", str(args.build), "--quiet"],
            check=True,
            cwd=ROOT,
        )
    bare_port, cold_port, warm_port = _port(), _port(), _port()
    bare_cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "benchmarks.bare_app:app",
        "--port",
        str(bare_port),
        "--log-level",
        "warning",
    ]

    def ours(port: int) -> list[str]:
        return [
            sys.executable,
            "-m",
            "service.cli",
            "serve",
            "--port",
            str(port),
            "--store",
            str(store),
        ]

    rows: list[Row] = []
    no_cache = {"LDHKG_RESPONSE_CACHE_ENTRIES": "0"}
    with (
        server(bare_cmd, bare_port),
        server(ours(cold_port), cold_port, no_cache) as startup,
        server(ours(warm_port), warm_port),
    ):
        paths = httpx.get(f"http://127.0.0.1:{cold_port}/openapi.json").json()["paths"]
        targets = [("bare FastAPI endpoint (ceiling)", "/bare", "bare")]
        for q in sorted(QUERIES.glob("*.rq")):
            query = urllib.parse.quote(q.read_text(encoding="utf-8"))
            targets.append((f"SPARQL {q.stem}", f"/sparql?query={query}", "sparql"))
        for path, name in REST:
            template = path.split("?")[0].replace("ldh:mecobalamin", "{entity_id}")
            if template.replace("/13", "/{n}") in paths or template in paths:
                targets.append((f"REST {name}", path, "rest"))
        targets.append(("bare FastAPI endpoint (ceiling, again)", "/bare", "bare"))
        for name, path, kind in targets:
            if kind == "bare":
                url = f"http://127.0.0.1:{bare_port}{path}"
                r1, r32 = wrk(url, 1, args.duration), wrk(url, 32, args.duration)
                rc = r32
            else:
                cold, warm = (f"http://127.0.0.1:{p}{path}" for p in (cold_port, warm_port))
                r1, r32 = wrk(cold, 1, args.duration), wrk(cold, 32, args.duration)
                rc = wrk(warm, 32, args.duration)
            rows.append(Row(name, kind, r1, r32, rc))
            print(
                f"{name:44s} c1 {r1.rps:7.0f}/s p50 {r1.p50_ms:6.2f} | c32 {r32.rps:7.0f}/s "
                f"p99 {r32.p99_ms:7.2f} | cached c32 {rc.rps:7.0f}/s "
                f"errors {r1.errors + r32.errors + rc.errors}",
                flush=True,
            )
    text = report(rows, args.duration, startup)
    print()
    print(text)
    if args.out:
        notes = ""
        if args.out.exists() and NOTES in args.out.read_text(encoding="utf-8"):
            notes = args.out.read_text(encoding="utf-8").split(NOTES, 1)[1]
        head = "# Benchmark results\n\n## HTTP (issue 3): `python benchmarks/http_bench.py`\n\n"
        args.out.write_text(head + text + "\n" + NOTES + notes, encoding="utf-8")
    (ROOT / "benchmarks" / "http_results.json").write_text(
        json.dumps(
            [
                {
                    "endpoint": r.name,
                    "c1": r.c1.__dict__,
                    "c32": r.c32.__dict__,
                    "c32_cached": r.cached.__dict__,
                }
                for r in rows
            ],
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


@dataclass
class Row:
    name: str
    kind: str
    c1: Result
    c32: Result
    cached: Result


def report(rows: list[Row], duration: int, startup: float) -> str:
    """The Markdown table and the verdict against the targets (ratios from this run only)."""
    bare = [r for r in rows if r.kind == "bare"]
    ceil1 = sum(r.c1.rps for r in bare) / len(bare)
    ceil32 = sum(r.c32.rps for r in bare) / len(bare)
    lines = [
        f"Machine: {machine()}. Date: {time.strftime('%Y-%m-%d')}. wrk 4.1, {duration} s per "
        "cell; each server is one uvicorn process on loopback beside the load generator "
        "(2 cores shared). `no cache` = `LDHKG_RESPONSE_CACHE_ENTRIES=0`: every request runs the "
        "query / core function; `cached` = the default GET response cache (the store is "
        f"read-only). `ldhkg serve` start-up on the built store: {startup:.2f} s to the first "
        "200 on /health.",
        "",
        "| endpoint | c=1 req/s | c=1 p50 ms | c=32 req/s | c=32 p50 ms | c=32 p99 ms "
        "| × ceiling c=32 | cached c=32 req/s | cached × ceiling | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.name} | {r.c1.rps:.0f} | {r.c1.p50_ms:.2f} | {r.c32.rps:.0f} | "
            f"{r.c32.p50_ms:.2f} | {r.c32.p99_ms:.2f} | {r.c32.rps / ceil32:.2f} | "
            f"{r.cached.rps:.0f} | {r.cached.rps / ceil32:.2f} | "
            f"{r.c1.errors + r.c32.errors + r.cached.errors} |"
        )
    lines.append("")
    lines.append(
        f"Ceiling (mean of the two bare runs): {ceil1:.0f} req/s at c=1, "
        f"{ceil32:.0f} req/s at c=32."
    )
    for label, kind, target in (("SPARQL", "sparql", 0.5), ("REST", "rest", 0.6)):
        group = [r for r in rows if r.kind == kind]
        if not group:
            continue
        for which, get in (("no cache", lambda r: r.c32), ("cached", lambda r: r.cached)):
            ratios = sorted(get(r).rps / ceil32 for r in group)
            met = sum(x >= target for x in ratios)
            lines.append(
                f"- {label} ({which}): median {ratios[len(ratios) // 2]:.2f}×, worst "
                f"{ratios[0]:.2f}× the ceiling at c=32; {met}/{len(ratios)} routes "
                f"meet the target ≥ {target}×."
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
