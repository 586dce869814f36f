"""Routes at scale (issue 16): every REST route and a fixed set of questions, cold and warm,
on stores of the review alone, ~1 M and ~10 M triples, embedded and via ``--endpoint``.

    python benchmarks/route_scale.py [--reviews 0 200 2000] [--keep DIR] [--runs 20]
        [--out benchmarks/RESULTS.md]

Each store is made by the one command a user runs, ``ldhkg build --out DIR --add synth.nq``
(``synth.py`` output, deterministic, its entity pool seeded with the review's entities), timed
with its peak RSS. Then, for each backend:

- **embedded**: ``ldhkg serve --store DIR/store``;
- **endpoint**: ``oxigraph serve-read-only`` on the same store directory, and
  ``ldhkg serve --endpoint URL --index DIR/text.sqlite`` in front of it;

start-up is the time from launching ``ldhkg serve`` to its first ``/health`` answer; **cold**
is each route's first request after that (routes in the order below, so a route may find what
an earlier one loaded: the segmenter, the index's pages in the OS cache); **warm** is ``--runs``
rounds of every route, round robin, for p50/p95. The response cache is off
(``LDHKG_RESPONSE_CACHE_ENTRIES=0``) so warm figures are the route's work, not a cache hit;
the warm-up thread is on, as users run it. RSS is the service process's peak (``VmHWM``).
Answers are compared between the backends (JSON, ``store`` descriptor aside).

The **peer** rows are the same lookups as plain SPARQL against the Oxigraph server (the named
query the route's data comes from, bound by a trailing ``VALUES``), cold and warm, so the
service's layer shows as a ratio. No assertions: the figures are recorded, not enforced.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from sections import machine, write_section

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
START, END = "<!-- route-scale:start -->", "<!-- route-scale:end -->"
ID = "https://w3id.org/ldhkg/id/"
QUESTIONS = (
    "Which treatments address inflammatory residual pain?",
    "哪些治疗针对炎症性残余疼痛？",
    "甲钴胺能降低同型半胱氨酸吗？",
    "How common is residual low back pain after surgery?",
    "What causes residual leg numbness after PELD?",
    "Does acupuncture relieve residual leg pain?",
)
ROUTES: tuple[str, ...] = (
    "/health",
    "/api/entities/ldh:mecobalamin",
    "/api/entities/ldh:postoperative-residual-symptoms",
    "/api/entities?type=ldho:Drug&limit=20",
    "/api/entities?q=pain&limit=20",
    "/api/search?q=PELD",
    "/api/search?q=mecobalamine",
    "/api/search?q=甲钴胺",
    "/api/treatments?addresses=postoperative-pain",
    "/api/statistics?symptom=residual-low-back-pain",
    "/api/statistics",
    "/api/citations",
    "/api/citations/4",
    "/api/neighbors/ldh:mecobalamin?depth=2",
    "/api/paths?from=ldh:mecobalamin&to=ldh:postoperative-pain",
    "/api/overview",
    "/api/vocabulary",
    "/api/export/graphml?root=ldh:mecobalamin&depth=1",
    "/id/mecobalamin",
    *(f"/api/ask?q={quote(q)}" for q in QUESTIONS),
)
# (label, named query, bindings): where the routes' data comes from, as plain SPARQL
PEERS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("health", "health", {}),
    ("entity mecobalamin", "entity", {"entity": "mecobalamin"}),
    ("claims of mecobalamin", "ask_claims_of", {"entity": "mecobalamin"}),
    ("claims citing [4]", "reference_claims", {"ref": "ref-4"}),
    ("treatments for postoperative-pain", "treatments_direct", {"target": "postoperative-pain"}),
    *((f"describe mecobalamin (/id): {n.rsplit('_', 1)[1]}", n, {"resource": "mecobalamin"})
      for n in ("describe_entity_own", "describe_entity_incoming", "describe_entity_claims",
                "describe_entity_quotes")),
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100)[p - 1] if len(values) > 1 else values[0]


def make_store(reviews: int, keep: Path) -> dict[str, Any]:
    """``ldhkg build --out keep/build-N [--add synth]``, timed, with its peak RSS (kept and
    reused by a later run with the same ``--keep``)."""
    out, meta = keep / f"build-{reviews}", keep / f"build-{reviews}.json"
    if meta.exists() and (out / "store").exists():
        return dict(json.loads(meta.read_text()))
    shutil.rmtree(out, ignore_errors=True)
    cmd = [str(BIN / "ldhkg"), "build", "--quiet", "--out", str(out)]
    gen_s = 0.0
    synth = keep / f"synth-{reviews}.nq"
    if reviews:
        t = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synth.py"), "--reviews",
                        str(reviews), "--entities-from", str(ROOT / "build" / "ldhkg.nq"),
                        "-o", str(synth)], check=True)
        gen_s = time.perf_counter() - t
        cmd += ["--add", str(synth)]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    build_s = time.perf_counter() - t
    if status:
        raise SystemExit(f"{' '.join(cmd)} failed ({status})")
    synth.unlink(missing_ok=True)
    report = json.loads((out / "report.json").read_text())
    added = sum(a["quads"] for a in report.get("added", []))
    timings = json.loads((out / "timings.json").read_text())
    size = sum(p.stat().st_size for p in (out / "store").rglob("*") if p.is_file())
    index_mb = (out / "text.sqlite").stat().st_size / 2**20
    result = {"reviews": reviews, "generate_s": gen_s, "build_s": build_s,
              "write_s": timings.get("write"), "build_rss_mb": usage.ru_maxrss / 1024,
              "quads": sum(report["counts"]["triples"].values()) + added,
              "added": added, "store_mb": size / 2**20, "index_mb": index_mb}
    meta.write_text(json.dumps(result))
    return result


class Server:
    """A process serving HTTP on a free port, stopped on exit."""

    def __init__(self, cmd: list[str], ready: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.started = time.perf_counter()
        self.proc = subprocess.Popen([*cmd, *self._bind()], env={**os.environ, **(env or {})},
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.startup_s = self._wait(ready)

    def _bind(self) -> list[str]:
        return ["--port", str(self.port)]

    def _wait(self, path: str) -> float:
        deadline = self.started + 900
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"server exited ({self.proc.returncode})")
            try:
                if httpx.get(self.base + path, timeout=60).status_code < 500:
                    return time.perf_counter() - self.started
            except httpx.HTTPError:
                time.sleep(0.05)
        raise SystemExit("server did not start")

    def peak_rss_mb(self) -> float:
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) / 1024

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Oxigraph(Server):
    def _bind(self) -> list[str]:
        return ["--bind", f"127.0.0.1:{self.port}"]


def _get(client: httpx.Client, path: str) -> tuple[float, httpx.Response]:
    headers = {"accept": "text/turtle"} if path.startswith("/id/") else {}
    t = time.perf_counter()
    r = client.get(path, headers=headers)
    return (time.perf_counter() - t) * 1000, r


def _comparable(path: str, r: httpx.Response) -> str:
    if "json" not in r.headers.get("content-type", ""):
        return r.text
    body = r.json()
    if isinstance(body, dict):
        body.pop("store", None)
    return json.dumps(body, sort_keys=True, ensure_ascii=False)


def routes(base: str, runs: int) -> dict[str, dict[str, Any]]:
    """Cold (first) and warm (``runs`` rounds) latency, status, size and body of each route."""
    out: dict[str, dict[str, Any]] = {}
    with httpx.Client(base_url=base, timeout=600) as client:
        for path in ROUTES:
            ms, r = _get(client, path)
            out[path] = {"cold": ms, "status": r.status_code, "bytes": len(r.content),
                         "body": _comparable(path, r), "warm": []}
        for _ in range(runs):
            for path in ROUTES:
                ms, _r = _get(client, path)
                out[path]["warm"].append(ms)
    return out


def peers(endpoint: str, runs: int) -> dict[str, dict[str, Any]]:
    """The peer lookups as plain SPARQL (GET, JSON results) against the Oxigraph server."""
    out: dict[str, dict[str, Any]] = {}
    with httpx.Client(timeout=600) as client:
        texts = {}
        for label, name, bound in PEERS:
            text = (ROOT / "kg" / "queries" / f"{name}.rq").read_text(encoding="utf-8")
            for var, local in bound.items():
                text += f"\nVALUES ?{var} {{ <{ID}{local}> }}"
            texts[label] = text
        for _ in range(runs + 1):
            for label, text in texts.items():
                t = time.perf_counter()
                graph = "CONSTRUCT" in text
                r = client.get(endpoint, params={"query": text}, headers={
                    "accept": "application/n-triples" if graph
                    else "application/sparql-results+json"})
                ms = (time.perf_counter() - t) * 1000
                r.raise_for_status()
                rows = len(r.text.splitlines()) if graph else len(r.json()["results"]["bindings"])
                e = out.setdefault(label, {"cold": ms, "warm": [], "rows": rows})
                if len(e["warm"]) < runs and ms is not e["cold"]:
                    e["warm"].append(ms)
    return out


def measure(build: Path, runs: int) -> dict[str, Any]:
    env = {"LDHKG_RESPONSE_CACHE_ENTRIES": "0"}
    ldhkg = str(BIN / "ldhkg")
    result: dict[str, Any] = {}
    s = Server([ldhkg, "serve", "--store", str(build / "store")], "/health", env)
    try:
        result["embedded"] = {"startup_s": s.startup_s, "routes": routes(s.base, runs),
                              "rss_mb": s.peak_rss_mb()}
    finally:
        s.stop()
    ox_server = Oxigraph([str(BIN / "oxigraph"), "serve-read-only", "--location",
                          str(build / "store"), "--union-default-graph"], "/query?query=ASK{}")
    try:
        endpoint = f"{ox_server.base}/query"
        s = Server([ldhkg, "serve", "--endpoint", endpoint, "--index",
                    str(build / "text.sqlite")], "/health", env)
        try:
            result["endpoint"] = {"startup_s": s.startup_s, "routes": routes(s.base, runs),
                                  "rss_mb": s.peak_rss_mb()}
        finally:
            s.stop()
        result["peers"] = peers(endpoint, runs)
        result["oxigraph_rss_mb"] = ox_server.peak_rss_mb()
    finally:
        ox_server.stop()
    return result


def _ms(v: float) -> str:
    return f"{v:,.0f}" if v >= 100 else f"{v:.1f}"


def table(sizes: list[dict[str, Any]], runs: int) -> str:
    heads = [f"{s['store']['quads']:,} quads" for s in sizes]
    lines = [
        f"Machine: {machine()}. Date: {time.strftime('%Y-%m-%d')}. Each store made by "
        "`ldhkg build --out DIR --add synth.nq` (the review plus N synthetic reviews of "
        "`benchmarks/synth.py`); each backend started fresh; cold = a route's first request "
        f"after start-up (routes in table order), warm = p50 / p95 of {runs} rounds; response "
        "cache off; ms unless marked.",
        "",
        "| synthetic reviews | quads | build s (write s) | build peak RSS MB | store MB | "
        "index MB |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sizes:
        b = s["store"]
        lines.append(f"| {b['reviews']} | {b['quads']:,} | {b['build_s']:.0f} "
                     f"({b['write_s'] or 0:.0f}) | {b['build_rss_mb']:.0f} | "
                     f"{b['store_mb']:.0f} | {b['index_mb']:.0f} |")
    lines += ["", "| backend | " + " | ".join(f"{h}: start-up s / peak RSS MB" for h in heads)
              + " |", "|---|" + "---:|" * len(sizes)]
    for backend in ("embedded", "endpoint"):
        lines.append(f"| {backend} | " + " | ".join(
            f"{s[backend]['startup_s']:.1f} / {s[backend]['rss_mb']:.0f}" for s in sizes) + " |")
    lines.append("| Oxigraph server | " + " | ".join(
        f"– / {s['oxigraph_rss_mb']:.0f}" for s in sizes) + " |")
    for backend in ("embedded", "endpoint"):
        lines += ["", f"**{backend}** — cold ms; warm p50 / p95 ms; KB", "",
                  "| route | " + " | ".join(heads) + " |", "|---|" + "---|" * len(sizes)]
        for path in ROUTES:
            cells = []
            for s in sizes:
                e = s[backend]["routes"][path]
                flag = "" if e["status"] == 200 else f" **{e['status']}**"
                cells.append(f"{_ms(e['cold'])}; {_ms(_pct(e['warm'], 50))} / "
                             f"{_ms(_pct(e['warm'], 95))}; {e['bytes'] / 1024:,.0f}{flag}")
            lines.append(f"| `{path}` | " + " | ".join(cells) + " |")
    lines += ["", "Peer: the same lookups as plain SPARQL against the Oxigraph server — cold; "
              "warm p50 / p95 ms; rows", "", "| lookup | " + " | ".join(heads) + " |",
              "|---|" + "---|" * len(sizes)]
    for label, _, _ in PEERS:
        cells = []
        for s in sizes:
            e = s["peers"][label]
            cells.append(f"{_ms(e['cold'])}; {_ms(_pct(e['warm'], 50))} / "
                         f"{_ms(_pct(e['warm'], 95))}; {e['rows']:,}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "Summary per store (every route, both backends):", "",
              "| quads | backend | max cold ms | max warm p50 ms | routes over 1 s (warm p95) | "
              "answers equal across backends |", "|---:|---|---:|---:|---|---|"]
    for s in sizes:
        same = [p for p in ROUTES if p != "/health" and
                s["embedded"]["routes"][p]["body"] == s["endpoint"]["routes"][p]["body"]]
        differ = [p for p in ROUTES if p != "/health" and p not in same]
        for backend in ("embedded", "endpoint"):
            rs = s[backend]["routes"]
            over = [p for p in ROUTES if _pct(rs[p]["warm"], 95) > 1000]
            worst_cold = max(ROUTES, key=lambda p: rs[p]["cold"])
            worst_warm = max(ROUTES, key=lambda p: _pct(rs[p]["warm"], 50))
            lines.append(
                f"| {s['store']['quads']:,} | {backend} | {_ms(rs[worst_cold]['cold'])} "
                f"(`{worst_cold}`) | {_ms(_pct(rs[worst_warm]['warm'], 50))} (`{worst_warm}`) | "
                f"{', '.join(f'`{p}`' for p in over) or 'none'} | "
                + (f"{len(same)} of {len(same) + len(differ)}"
                   + (f"; differ: {', '.join(f'`{p}`' for p in differ)}" if differ else "")
                   if backend == "embedded" else "") + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reviews", type=int, nargs="+", default=[0, 200, 2000])
    ap.add_argument("--keep", type=Path, default=None, help="Keep (and reuse) the builds here.")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--out", type=Path, default=None, help="RESULTS.md to update.")
    ap.add_argument("--json", type=Path, default=None, help="Write the raw figures here too.")
    ap.add_argument("--build-only", action="store_true",
                    help="Make (and keep) the stores, measure nothing.")
    args = ap.parse_args()
    keep = args.keep or Path(os.environ.get("TMPDIR", "/tmp")) / "ldhkg-route-scale"
    keep.mkdir(parents=True, exist_ok=True)
    sizes = []
    for n in args.reviews:
        print(f"store: review + {n} synthetic reviews", file=sys.stderr, flush=True)
        store = make_store(n, keep)
        print(f"  {store['quads']:,} quads, built in {store['build_s']:.0f} s; measuring",
              file=sys.stderr, flush=True)
        if args.build_only:
            continue
        sizes.append({"store": store, **measure(keep / f"build-{n}", args.runs)})
        if args.json:
            args.json.write_text(json.dumps(sizes, ensure_ascii=False, indent=1))
    if args.build_only:
        return
    text = (f"{START}\n## Routes at scale (issue 16): `python benchmarks/route_scale.py`\n\n"
            f"{table(sizes, args.runs)}\n{END}")
    if args.out:
        write_section(args.out, START, END, text)
    print(text)
    if args.keep is None:
        shutil.rmtree(keep, ignore_errors=True)


if __name__ == "__main__":
    main()
