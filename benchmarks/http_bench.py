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
def server(cmd: list[str], port: int) -> Iterator[float]:
    """Start a server; yield its start-up time (s) until the first 200 on /health or /bare."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
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
    p50 = _ms(re.search(r"50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
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
    bare_port, our_port = _port(), _port()
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
    our_cmd = [
        sys.executable,
        "-m",
        "service.cli",
        "serve",
        "--port",
        str(our_port),
        "--store",
        str(store),
    ]
    rows: list[tuple[str, str, Result, Result]] = []
    with server(bare_cmd, bare_port), server(our_cmd, our_port) as startup:
        paths = httpx.get(f"http://127.0.0.1:{our_port}/openapi.json").json()["paths"]
        targets = [
            ("bare FastAPI endpoint (ceiling)", f"http://127.0.0.1:{bare_port}/bare", "bare")
        ]
        for q in sorted(QUERIES.glob("*.rq")):
            query = urllib.parse.quote(q.read_text(encoding="utf-8"))
            targets.append(
                (f"SPARQL {q.stem}", f"http://127.0.0.1:{our_port}/sparql?query={query}", "sparql")
            )
        for path, name in REST:
            if (
                path.split("?")[0].replace("ldh:mecobalamin", "{entity_id}").replace("/13", "/{n}")
                in paths
                or path.split("?")[0] in paths
            ):
                targets.append((f"REST {name}", f"http://127.0.0.1:{our_port}{path}", "rest"))
        targets.append(("bare FastAPI endpoint (ceiling, again)", targets[0][1], "bare"))
        for name, url, kind in targets:
            r1, r32 = wrk(url, 1, args.duration), wrk(url, 32, args.duration)
            rows.append((name, kind, r1, r32))
            print(
                f"{name:48s} c1 {r1.rps:8.1f}/s p50 {r1.p50_ms:6.2f} ms | "
                f"c32 {r32.rps:8.1f}/s p50 {r32.p50_ms:6.2f} p99 {r32.p99_ms:7.2f} ms "
                f"errors {r1.errors + r32.errors}",
                flush=True,
            )
    bare = [r for r in rows if r[1] == "bare"]
    ceil1 = sum(r[2].rps for r in bare) / len(bare)
    ceil32 = sum(r[3].rps for r in bare) / len(bare)
    lines = [
        f"Machine: {machine()}. Date: {time.strftime('%Y-%m-%d')}. wrk 4.1, {args.duration} s per "
        f"cell, one uvicorn process per server, both on loopback beside the load generator. "
        f"`ldhkg serve` start-up on the built store: {startup:.2f} s "
        "(to the first 200 on /health).",
        "",
        "| endpoint | c=1 req/s | c=1 p50 ms | c=32 req/s | c=32 p50 ms | c=32 p99 ms | "
        "× ceiling (c=1) | × ceiling (c=32) | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, _kind, r1, r32 in rows:
        lines.append(
            f"| {name} | {r1.rps:.0f} | {r1.p50_ms:.2f} | {r32.rps:.0f} | "
            f"{r32.p50_ms:.2f} | {r32.p99_ms:.2f} | {r1.rps / ceil1:.2f} | "
            f"{r32.rps / ceil32:.2f} | {r1.errors + r32.errors} |"
        )
    sparql = [r for r in rows if r[1] == "sparql"]
    rest = [r for r in rows if r[1] == "rest"]
    summary = []
    for label, group, target in (("SPARQL", sparql, 0.5), ("REST", rest, 0.6)):
        if group:
            worst = min(r[3].rps / ceil32 for r in group)
            median = sorted(r[3].rps / ceil32 for r in group)[len(group) // 2]
            summary.append(
                f"- {label}: median {median:.2f}× and worst {worst:.2f}× the ceiling "
                f"at c=32 (target ≥ {target}×): "
                + (
                    "met"
                    if worst >= target
                    else f"missed by the worst route ({worst:.2f} < {target})"
                )
            )
    text = "\n".join([*lines, "", *summary]) + "\n"
    print()
    print(text)
    if args.out:
        args.out.write_text("# Benchmark results\n\n## HTTP (issue 3)\n\n" + text, encoding="utf-8")
    (ROOT / "benchmarks" / "http_results.json").write_text(
        json.dumps(
            [{"endpoint": n, "c1": r1.__dict__, "c32": r32.__dict__} for n, _k, r1, r32 in rows],
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
