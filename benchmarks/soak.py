"""A bounded soak: 32 clients for about 60 s against a real `ldhkg serve`, runaway queries mixed in.

    python benchmarks/soak.py [--duration 60] [--clients 32] [--runaways 2] [--out FILE]

Normal clients cycle through SPARQL example queries, REST lookups and questions in both
languages (response cache off, so every request does its work); ``--runaways`` more clients
send a four-way cross product that can only end at its time limit. Recorded: requests and
errors per kind, latency percentiles, the runaway answers, and the resident memory of the server
and its query workers sampled every second (start vs. end tells whether memory is stable).
No assertions: the figures are written to RESULTS.md between ``<!-- soak:start -->`` and
``<!-- soak:end -->``; tests/test_query_limits.py holds the pass/fail version.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sections import machine, write_section  # noqa: E402

from tests.conftest import serve  # noqa: E402  (the same server start-up as the tests)

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
START, END = "<!-- soak:start -->", "<!-- soak:end -->"


def _requests() -> list[tuple[str, str, dict[str, str]]]:
    sparql = [("sparql", "/sparql", {"query": p.read_text(encoding="utf-8")})
              for p in sorted((ROOT / "examples" / "queries").glob("*.rq"))]
    rest = [("rest", path, params) for path, params in [
        ("/api/entities/ldh:mecobalamin", {}), ("/api/search", {"q": "PELD"}),
        ("/api/search", {"q": "麻木"}), ("/api/treatments", {"addresses": "postoperative-pain"}),
        ("/api/statistics", {"symptom": "residual-low-back-pain"}), ("/api/citations/13", {}),
        ("/api/neighbors/ldh:pregabalin", {})]]
    ask = [("ask", "/api/ask", {"q": q}) for q in [
        "which treatments address inflammatory residual pain?", "什么治疗可以缓解炎症性残余痛？",
        "how common is residual low back pain?", "哪些因素增加术后残余症状的风险？"]]
    return [*sparql, *rest, *ask]


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (the query workers), in MB."""
    total, todo = 0, [pid]
    children: dict[int, list[int]] = defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children[int(fields[1])].append(int(stat.parent.name))
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        m = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(m.group(1)) if m else 0
    return total / 1024


async def _soak(base: str, pid: int, duration: float, clients: int, runaways: int,
                timeout: float) -> dict[str, object]:
    reqs = _requests()
    lat: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, list[str]] = defaultdict(list)
    runaway_codes: list[int] = []
    runaway_secs: list[float] = []
    memory: list[tuple[float, float]] = []
    t_start = time.monotonic()
    stop = t_start + duration
    limits = httpx.Limits(max_connections=clients + runaways + 4)

    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        async def normal(i: int) -> None:
            n = i
            while time.monotonic() < stop:
                kind, path, params = reqs[n % len(reqs)]
                n += 1
                t0 = time.monotonic()
                try:
                    r = await client.get(path, params=params)
                    code = r.status_code
                except httpx.HTTPError as exc:
                    code, r = -1, None
                    errors[kind].append(f"{path}: {exc!r}")
                lat[kind].append(time.monotonic() - t0)
                if code != 200 and r is not None:
                    errors[kind].append(f"{path}: {code} {r.text[:120]}")

        async def runaway() -> None:
            while time.monotonic() < stop:
                t0 = time.monotonic()
                r = await client.get("/sparql", params={"query": RUNAWAY,
                                                        "timeout": str(timeout)})
                runaway_secs.append(time.monotonic() - t0)
                runaway_codes.append(r.status_code)

        async def sample() -> None:
            while time.monotonic() < stop:
                memory.append((time.monotonic() - t_start, _rss_mb(pid)))
                await asyncio.sleep(1)

        await asyncio.gather(*(normal(i) for i in range(clients)),
                             *(runaway() for _ in range(runaways)), sample())
    return {"lat": lat, "errors": errors, "runaway_codes": runaway_codes,
            "runaway_secs": runaway_secs, "memory": memory,
            "elapsed": time.monotonic() - t_start}


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000


def report(res: dict[str, object], args: argparse.Namespace, timeout: float) -> str:
    lat: dict[str, list[float]] = res["lat"]  # type: ignore[assignment]
    errors: dict[str, list[str]] = res["errors"]  # type: ignore[assignment]
    memory: list[tuple[float, float]] = res["memory"]  # type: ignore[assignment]
    codes: list[int] = res["runaway_codes"]  # type: ignore[assignment]
    secs: list[float] = res["runaway_secs"]  # type: ignore[assignment]
    elapsed = float(res["elapsed"])  # type: ignore[arg-type]
    lines = [
        START,
        "## Soak (issue 7): `python benchmarks/soak.py`",
        "",
        f"Machine: {machine()}. "
        f"Date: {time.strftime('%Y-%m-%d')}. One `ldhkg serve` "
        f"(uvicorn, response cache off, {args.workers} query workers, default time limit "
        f"10 s; the runaways ask for {timeout:g} s) on loopback; {args.clients} normal clients "
        f"and {args.runaways} runaway clients (a four-way cross product) for {elapsed:.0f} s; "
        "the load generator shares the cores.",
        "",
        "| kind | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in ("sparql", "rest", "ask"):
        v = lat.get(kind, [])
        if v:
            lines.append(f"| {kind} | {len(v)} | {len(errors.get(kind, []))} | "
                         f"{len(v) / elapsed:.0f} | {_pct(v, .5):.1f} | {_pct(v, .95):.1f} | "
                         f"{_pct(v, .99):.1f} | {max(v) * 1000:.0f} |")
    allv = [x for v in lat.values() for x in v]
    lines.append(f"| **all normal** | {len(allv)} | {sum(map(len, errors.values()))} | "
                 f"{len(allv) / elapsed:.0f} | {_pct(allv, .5):.1f} | {_pct(allv, .95):.1f} | "
                 f"{_pct(allv, .99):.1f} | {max(allv) * 1000:.0f} |")
    first = [m for t, m in memory if t < 10]
    last = [m for t, m in memory if t > elapsed - 10]
    by_code = ", ".join(f"{codes.count(c)} × {c}" for c in sorted(set(codes)))
    lines += [
        "",
        f"- Runaway queries: {len(codes)} sent, answered {by_code}; each answered after "
        f"{statistics.median(secs):.2f} s median ({max(secs):.2f} s max) — the worker running "
        "it is killed at the limit and replaced.",
        f"- Memory (server + query workers, RSS sampled every second): "
        f"{statistics.median(first):.0f} MB median in the first 10 s, "
        f"{statistics.median(last):.0f} MB in the last 10 s, peak {max(m for _, m in memory):.0f}"
        " MB.",
    ]
    shown = [e for v in errors.values() for e in v][:5]
    if shown:
        lines.append("- First errors: " + "; ".join(f"`{e}`" for e in shown))
    lines.append(END)
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duration", type=float, default=60)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--runaways", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=2.0, help="runaway time limit (s)")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--build", type=Path, default=ROOT / "build")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    env = {"LDHKG_RESPONSE_CACHE_ENTRIES": "0", "LDHKG_QUERY_WORKERS": str(args.workers)}
    with serve(args.build / "store", env) as served:
        res = asyncio.run(_soak(served.base, served.proc.pid, args.duration, args.clients,
                                args.runaways, args.timeout))
    section = report(res, args, args.timeout)
    print(section)
    if args.out:
        write_section(args.out, START, END, section)


if __name__ == "__main__":
    main()
