"""Scale: load time, peak memory and canned-query latency of the embedded store as data grows.

    python benchmarks/scale_bench.py [--reviews 0 250 2500] [--out benchmarks/RESULTS.md]

Each size is the real build plus N synthetic reviews (``synth.py``, deterministic), bulk-loaded
into a fresh on-disk pyoxigraph store in a subprocess (so peak RSS is that load's alone); then
every example query (``examples/queries/*.rq``) runs 20 times for p50/p95. No assertions.
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

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- scale:start -->", "<!-- scale:end -->"

WORKER = r"""
import json, resource, sys, time, pathlib
import pyoxigraph as ox
store_dir, files, queries = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
t0 = time.perf_counter()
store = ox.Store(store_dir)
for f in files:
    with open(f, "rb") as fh:
        store.bulk_load(fh, ox.RdfFormat.N_QUADS)
store.flush()
load_s = time.perf_counter() - t0
n = len(store)
lat = {}
for name, q in queries.items():
    ts = []
    for _ in range(20):
        t = time.perf_counter()
        res = store.query(q, use_default_graph_as_union=True)
        rows = sum(1 for _ in res) if not isinstance(res, ox.QueryBoolean) else 1
        ts.append((time.perf_counter() - t) * 1000)
    lat[name] = {"rows": rows, "ms": ts}
size = sum(p.stat().st_size for p in pathlib.Path(store_dir).rglob("*") if p.is_file())
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"triples": n, "load_s": load_s, "peak_rss_mb": rss, "disk_mb": size / 2**20,
                  "lat": lat}))
"""


def run(reviews: int, build: Path, tmp: Path) -> dict[str, object]:
    files = [str(build / "ldhkg.nq")]
    gen_s = 0.0
    if reviews:
        synth = tmp / f"synth-{reviews}.nq"
        t = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "synth.py"),
                "--reviews",
                str(reviews),
                "-o",
                str(synth),
            ],
            check=True,
        )
        gen_s = time.perf_counter() - t
        files.append(str(synth))
    queries = {
        p.stem: p.read_text(encoding="utf-8")
        for p in sorted((ROOT / "examples" / "queries").glob("*.rq"))
    }
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            WORKER,
            str(tmp / f"store-{reviews}"),
            json.dumps(files),
            json.dumps(queries),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, object] = json.loads(out)
    result["reviews"], result["generate_s"] = reviews, gen_s
    for f in files[1:]:
        Path(f).unlink()
    return result


def _pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] if len(values) > 1 else values[0]


def table(results: list[dict[str, object]]) -> str:
    from http_bench import machine  # type: ignore[import-not-found]

    lines = [
        f"Machine: {machine()}. Date: {time.strftime('%Y-%m-%d')}. The real build plus N "
        "synthetic reviews, bulk-loaded into a fresh on-disk store; each query 20 runs.",
        "",
        "| synthetic reviews | triples | generate s | load s | peak RSS MB | store on disk MB |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['reviews']} | {r['triples']:,} | {r['generate_s']:.1f} | "
            f"{r['load_s']:.1f} | {r['peak_rss_mb']:.0f} | {r['disk_mb']:.0f} |"
        )
    names = sorted(results[0]["lat"])  # type: ignore[arg-type]
    lines += [
        "",
        "Canned queries (`examples/queries`), p50 / p95 ms:",
        "",
        "| query | " + " | ".join(f"{r['triples']:,} triples" for r in results) + " |",
        "|---|" + "---:|" * len(results),
    ]
    for name in names:
        cells = []
        for r in results:
            ms = r["lat"][name]["ms"]  # type: ignore[index]
            cells.append(f"{_pct(ms, 50):.1f} / {_pct(ms, 95):.1f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reviews", type=int, nargs="+", default=[0, 250, 2500])
    ap.add_argument("--build", type=Path, default=ROOT / "build")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    results = []
    with tempfile.TemporaryDirectory(prefix="ldhkg-scale-") as tmp:
        for n in args.reviews:
            r = run(n, args.build, Path(tmp))
            print(
                f"{n} reviews: {r['triples']:,} triples, load {r['load_s']:.1f} s, "
                f"peak {r['peak_rss_mb']:.0f} MB",
                flush=True,
            )
            results.append(r)
    text = table(results)
    print(text)
    if args.out:
        old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        section = (
            f"{START}\n## Scale (issue 6): `python benchmarks/scale_bench.py`\n\n{text}{END}\n"
        )
        if START in old and END in old:
            new = old.split(START)[0] + section + old.split(END, 1)[1].lstrip("\n")
        else:
            new = old.rstrip("\n") + "\n\n" + section
        args.out.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
