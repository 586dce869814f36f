"""Scale: load time, peak memory and query latency of the embedded store as data grows.

    python benchmarks/scale_bench.py [--reviews 0 200 2000] [--out benchmarks/RESULTS.md]
        [--compare REV] [--keep DIR] [--runs 20]

Each size is the real build plus N synthetic reviews (``synth.py``, deterministic, its entity
pool seeded with the real entities), bulk-loaded into a fresh on-disk pyoxigraph store in a
subprocess (so peak RSS is that load's alone). Then, in a second process that opens the store
read-only as the service does, every example query (``examples/queries/*.rq``) and every REST
route query that runs on each request (``ROUTE_CASES``: ``kg/queries/*.rq`` with the values the
routes bind, taken from the real build) runs ``--runs`` times for p50/p95.

``--compare REV`` also times the text each query had at git revision ``REV`` (where it differs)
against the current one, alternating in one process per query so both see the same machine
load; an old text that needs more than ``--timeout`` seconds is stopped and shown as "> T s".
``--keep DIR`` keeps the stores (``DIR/store-N``) and reuses them on the next run. No
assertions: the figures are recorded, not enforced.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from sections import machine

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- scale:start -->", "<!-- scale:end -->"
NOTES = "<!-- scale-notes: kept across runs -->"
PREFIXES = {"ldh": "https://w3id.org/ldhkg/id/", "ldho": "https://w3id.org/ldhkg/ontology/"}
# (label, kg/queries name, bound values) of the queries REST routes run on every request, with
# values the routes bind for the real review (CURIEs are IRIs, "quoted" values are literals).
# The whole-store queries (claims, statistics, entity_table, clinical_edges, ...) run once, at
# build time, into the build's index (kg.index), so they are not here.
ROUTE_CASES: list[tuple[str, str, dict[str, str]]] = [
    ("health", "health", {}),
    ("entity mecobalamin", "entity", {"entity": "ldh:mecobalamin"}),
    (
        "treatments_direct postoperative-pain",
        "treatments_direct",
        {"target": "ldh:postoperative-pain"},
    ),
    (
        "treatments_inferred postoperative-pain",
        "treatments_inferred",
        {"target": "ldh:postoperative-pain"},
    ),
    ("references ref-13", "references", {"ref": "ldh:ref-13"}),
    ("reference_claims ref-13", "reference_claims", {"ref": "ldh:ref-13"}),
    ("ask_claims_of mecobalamin", "ask_claims_of", {"entity": "ldh:mecobalamin"}),
    (
        "ask_claims_of postoperative-residual-symptoms",
        "ask_claims_of",
        {"entity": "ldh:postoperative-residual-symptoms"},
    ),
    (
        "ask_claim mecobalamin->homocysteine",
        "ask_claim",
        {"claim": "ldh:claim-mecobalamin-has-mechanism-of-action-lowering-homocysteine-6fcde27f"},
    ),
    ("ask_inferred_of leg-numbness", "ask_inferred_of", {"entity": "ldh:leg-numbness"}),
    (
        "ask_members InflammatoryResidualPain",
        "ask_members",
        {"class": "ldho:InflammatoryResidualPain"},
    ),
    ("ask_members TCMTherapy", "ask_members", {"class": "ldho:TCMTherapy"}),
    ("ask_flags_of ref-13", "ask_flags_of", {"target": "ldh:ref-13"}),
]

# The build's whole-store queries, run once by `ldhkg build` into the index (claims for citations
# and relations, statistics, the entity table for search and lists, ...): timed once each.
PER_STORE = [
    "claims",
    "references",
    "statistics",
    "statistic_flags",
    "entity_table",
    "class_closure",
    "clinical_edges",
    "inference_records",
    "audit_flags",
    "ask_property_closure",
    "ask_studies",
    "ask_classes",
]

WORKER = r"""
import json, sys, time
import pyoxigraph as ox
store_dir, cases, runs = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
store = ox.Store.read_only(store_dir)
def term(v):
    if v.startswith('"'):
        return ox.Literal(v[1:-1])
    pfx, local = v.split(":", 1)
    return ox.NamedNode(%(prefixes)r[pfx] + local)
def once(q, b):
    subs = {ox.Variable(k): term(v) for k, v in b.items()} or None
    t, c = time.perf_counter(), time.process_time()
    res = store.query(q, use_default_graph_as_union=True, substitutions=subs)
    rows = sum(1 for _ in res) if not isinstance(res, ox.QueryBoolean) else 1
    return (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000, rows
for _ in range(runs):  # round robin: every query sees the same spread of machine load
    for key, q, b in cases:
        ms, cpu, rows = once(q, b)
        print(json.dumps({"key": key, "ms": ms, "cpu": cpu, "rows": rows}), flush=True)
"""


def term(value: str) -> ox.NamedNode | ox.Literal:
    """A ``ROUTE_CASES`` value as an RDF term: "quoted" is a literal, a CURIE an IRI."""
    if value.startswith('"'):
        return ox.Literal(value[1:-1])
    pfx, local = value.split(":", 1)
    return ox.NamedNode(PREFIXES[pfx] + local)


def canned() -> dict[str, str]:
    return {
        p.stem: p.read_text(encoding="utf-8")
        for p in sorted((ROOT / "examples" / "queries").glob("*.rq"))
    }


def route_query(name: str) -> str:
    return (ROOT / "kg" / "queries" / f"{name}.rq").read_text(encoding="utf-8")


def load(reviews: int, build: Path, store: Path) -> dict[str, float]:
    """Generate N synthetic reviews and bulk-load them with the real build into ``store``;
    with a kept store, the figures of the load that made it."""
    meta = store.with_suffix(".json")
    if meta.exists():
        return dict(json.loads(meta.read_text()))
    shutil.rmtree(store, ignore_errors=True)
    files = [str(build / "ldhkg.nq")]
    gen_s = 0.0
    if reviews:
        synth = store.parent / f"synth-{reviews}.nq"
        t = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "synth.py"),
                "--reviews",
                str(reviews),
                "--entities-from",
                str(build / "ldhkg.nq"),
                "-o",
                str(synth),
            ],
            check=True,
        )
        gen_s = time.perf_counter() - t
        files.append(str(synth))
    loader = r"""
import json, pathlib, resource, sys, time
import pyoxigraph as ox
store_dir, files = sys.argv[1], json.loads(sys.argv[2])
t0 = time.perf_counter()
store = ox.Store(store_dir)
for f in files:
    with open(f, "rb") as fh:
        store.bulk_load(fh, ox.RdfFormat.N_QUADS)
store.flush()
load_s = time.perf_counter() - t0
size = sum(p.stat().st_size for p in pathlib.Path(store_dir).rglob("*") if p.is_file())
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"triples": len(store), "load_s": load_s, "peak_rss_mb": rss,
                  "disk_mb": size / 2**20}))
"""
    out = subprocess.run(
        [sys.executable, "-c", loader, str(store), json.dumps(files)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(out)
    result["reviews"], result["generate_s"] = reviews, gen_s
    for f in files[1:]:
        Path(f).unlink()
    meta.write_text(json.dumps(result))
    return result


def measure(
    store: Path, cases: list[tuple[str, str, dict[str, str]]], runs: int, timeout: float | None
) -> dict[str, dict[str, list[float] | int]]:
    """Run ``cases`` (key, text, bindings) round robin in a read-only process: latencies and
    row count per key. Past ``timeout`` seconds the process is stopped; what it finished so far
    is kept (a key with no finished run is absent)."""
    cmd = [
        sys.executable,
        "-c",
        WORKER % {"prefixes": PREFIXES},
        str(store),
        json.dumps(cases),
        str(runs),
    ]
    try:
        out = subprocess.run(
            cmd, check=True, capture_output=True, text=True, timeout=timeout
        ).stdout
    except subprocess.TimeoutExpired as exc:
        raw = exc.stdout or b""
        out = raw.decode() if isinstance(raw, bytes) else raw
    lat: dict[str, dict[str, list[float] | int]] = {}
    for line in out.splitlines():
        if line.strip():
            r = json.loads(line)
            entry = lat.setdefault(r["key"], {"ms": [], "cpu": [], "rows": r["rows"]})
            entry["ms"].append(r["ms"])  # type: ignore[union-attr]
            entry["cpu"].append(r["cpu"])  # type: ignore[union-attr]
    return lat


def _old_text(base: str, rel: str) -> str | None:
    old = subprocess.run(["git", "show", f"{base}:{rel}"], cwd=ROOT, capture_output=True, text=True)
    return old.stdout if old.returncode == 0 else None


def before_after(store: Path, base: str, runs: int, timeout: float) -> dict[str, dict[str, object]]:
    """Old (at ``base``) vs current text of each rewritten query, alternating (current first),
    one process per query so an old text that runs away is stopped on its own."""
    pairs: list[tuple[str, str, str, dict[str, str]]] = []
    for name, new in canned().items():
        old = _old_text(base, f"examples/queries/{name}.rq")
        if old is not None and old != new:
            pairs.append((name, old, new, {}))
    for label, name, b in [*ROUTE_CASES, *((n, n, {}) for n in PER_STORE)]:
        old, new = _old_text(base, f"kg/queries/{name}.rq"), route_query(name)
        if old is not None and old != new:
            pairs.append((label, old, new, b))
    out: dict[str, dict[str, object]] = {}
    for key, old, new, b in pairs:
        lat = measure(store, [("new", new, b), ("old", old, b)], runs, timeout)
        out[key] = {"old": lat.get("old"), "new": lat.get("new"), "timeout": timeout}
    return out


def _pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] if len(values) > 1 else values[0]


def _cell(entry: dict[str, list[float] | int] | None) -> str:
    if not entry:
        return "–"
    ms, cpu = entry["ms"], entry["cpu"]
    assert isinstance(ms, list) and isinstance(cpu, list)
    return f"{_pct(ms, 50):.1f} / {_pct(ms, 95):.1f} ({_pct(cpu, 50):.1f})"


def _latency_table(results: list[dict], keys: list[str], field: str) -> list[str]:
    lines = [
        "| query | " + " | ".join(f"{r['triples']:,} triples" for r in results) + " | rows |",
        "|---|" + "---:|" * (len(results) + 1),
    ]
    for key in keys:
        cells = [_cell(r[field].get(key)) for r in results]
        rows = " / ".join(f"{r[field][key]['rows']:,}" if key in r[field] else "–" for r in results)
        lines.append(f"| {key} | " + " | ".join(cells) + f" | {rows} |")
    return lines


def table(results: list[dict], runs: int, target_ms: float = 50.0) -> str:
    lines = [
        f"Machine: {machine()}. Date: {time.strftime('%Y-%m-%d')}. The real build plus N "
        "synthetic reviews (`benchmarks/synth.py`, entity pool seeded with the real entities), "
        "bulk-loaded into a fresh on-disk store, then opened read-only; every query "
        f"{runs} runs, round robin. Latency is p50 / p95 ms to the last row, then in brackets "
        "the p50 of the process CPU time (on a busy machine wall time also holds waiting for "
        "CPU); `rows` is the answer size at each store size.",
        "",
        "| synthetic reviews | triples | generate s | load s | peak RSS MB | store on disk MB |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['reviews']} | {r['triples']:,} | {r['generate_s']:.1f} | "
            f"{r['load_s']:.1f} | {r['peak_rss_mb']:.0f} | {r['disk_mb']:.0f} |"
        )
    lines += ["", "Canned queries (`examples/queries`):", ""]
    lines += _latency_table(results, sorted(canned()), "lat")
    lines += [
        "",
        "REST route queries (`kg/queries`, run on every request, bound as the route binds them):",
        "",
    ]
    lines += _latency_table(results, [c[0] for c in ROUTE_CASES], "routes")
    lines += [
        "",
        "Whole-store queries (`kg/queries`, run once by `ldhkg build` into the index, no route "
        f"runs them), ms of {results[0].get('store_runs', 1)} run(s) (CPU ms in brackets):",
        "",
        "| query | " + " | ".join(f"{r['triples']:,} triples" for r in results) + " | rows |",
        "|---|" + "---:|" * (len(results) + 1),
    ]
    for name in PER_STORE:
        cells = []
        for r in results:
            e = r["per_store"].get(name)
            cells.append(f"{_pct(e['ms'], 50):,.0f} ({_pct(e['cpu'], 50):,.0f})" if e else "–")
        rows = " / ".join(
            f"{r['per_store'][name]['rows']:,}" if name in r["per_store"] else "–" for r in results
        )
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {rows} |")
    big = results[-1]
    for title, field in (("canned", "lat"), ("route", "routes")):
        entries = big[field]
        over = [k for k, e in entries.items() if _pct(e["ms"], 50) >= target_ms]
        lines += [
            "",
            f"At {big['triples']:,} triples, {len(entries) - len(over)} of {len(entries)} "
            f"{title} queries have p50 < {target_ms:.0f} ms"
            + (
                ": over it "
                + ", ".join(
                    f"`{k}` {_pct(entries[k]['ms'], 50):,.0f} ms ({entries[k]['rows']:,} rows, "
                    f"{_pct(entries[k]['ms'], 50) * 1000 / max(entries[k]['rows'], 1):,.0f} µs "
                    "a row)"
                    for k in sorted(over)
                )
                if over
                else ""
            )
            + ".",
        ]
    if any(r.get("compare") for r in results):
        lines += [
            "",
            f"Rewritten queries, before (text at `{results[0]['base']}`) / after, p50 ms, "
            "alternating in one process:",
            "",
            "| query | " + " | ".join(f"{r['triples']:,} triples" for r in results) + " |",
            "|---|" + "---:|" * len(results),
        ]
        for name in results[0]["compare"]:
            cells = []
            for r in results:
                c = r["compare"][name]
                old = f"{_pct(c['old']['ms'], 50):.1f}" if c["old"] else f"> {c['timeout']:.0f} s"
                new = f"{_pct(c['new']['ms'], 50):.1f}" if c["new"] else "–"
                cells.append(f"{old} → {new}")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reviews", type=int, nargs="+", default=[0, 200, 2000])
    ap.add_argument("--build", type=Path, default=ROOT / "build")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--store-runs", type=int, default=1, help="runs of each per-store table")
    ap.add_argument("--compare", metavar="REV", default=None)
    ap.add_argument("--compare-runs", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--keep", type=Path, default=None, metavar="DIR")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="ldhkg-scale-") as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        for n in args.reviews:
            store = base / f"store-{n}"
            r: dict = dict(load(n, args.build, store))
            print(
                f"{n} reviews: {r['triples']:,} triples, load {r['load_s']:.1f} s, "
                f"peak {r['peak_rss_mb']:.0f} MB",
                flush=True,
            )
            cases = [(k, q, {}) for k, q in canned().items()]
            cases += [(label, route_query(name), b) for label, name, b in ROUTE_CASES]
            lat = measure(store, cases, args.runs, None)
            r["lat"] = {k: lat[k] for k in canned()}
            r["routes"] = {c[0]: lat[c[0]] for c in ROUTE_CASES}
            per_store = [(n, route_query(n), {}) for n in PER_STORE]
            r["per_store"] = measure(store, per_store, args.store_runs, None)
            r["store_runs"] = args.store_runs
            if args.compare:
                r["base"] = args.compare
                r["compare"] = before_after(store, args.compare, args.compare_runs, args.timeout)
            results.append(r)
    text = table(results, args.runs)
    print(text)
    if args.out:
        old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        notes = ""
        if START in old and NOTES in old.split(START, 1)[1].split(END, 1)[0]:
            notes = NOTES + old.split(START, 1)[1].split(END, 1)[0].split(NOTES, 1)[1]
        section = (
            f"{START}\n## Scale (issue 6): `python benchmarks/scale_bench.py`\n\n{text}\n"
            f"{notes.strip() or NOTES}\n{END}\n"
        )
        if START in old and END in old:
            new = old.split(START)[0] + section + old.split(END, 1)[1].lstrip("\n")
        else:
            new = old.rstrip("\n") + "\n\n" + section
        args.out.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
