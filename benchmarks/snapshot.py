"""Record everything the product answers, so a refactoring can be shown to change nothing.

Builds the graph into OUT/build, then writes into OUT: a digest of every build artifact
(the store directory and timings excluded: a database and a clock), every REST route's
answer for a fixed set of requests, every question of the banks through ``/api/ask``, and
every export format of the whole graph and of a subgraph. Two snapshots compare with
``diff -r``::

    python benchmarks/snapshot.py /tmp/before   # on the old commit
    python benchmarks/snapshot.py /tmp/after    # on the new one
    diff -r /tmp/before /tmp/after && echo identical

Only the command-line faces of the project are used (``ldhkg build`` and the app factory),
so the script runs unchanged across a reorganisation of the modules behind them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import yaml

ROOT = Path(__file__).resolve().parents[1]
ROUTES = (
    "/health",
    "/api/entities?limit=500",
    "/api/entities?type=ldho:Treatment",
    "/api/entities?q=pain&limit=20",
    "/api/entities/ldh:mecobalamin",
    "/api/entities/residual-low-back-pain",
    "/api/entities/qi-blood-stasis",
    "/api/search?q=PELD",
    "/api/search?q=mecobalamine",
    "/api/search?q=甲钴胺",
    "/api/search?q=IL6",
    "/api/treatments?addresses=inflammatory%20residual%20pain",
    "/api/treatments?addresses=ldh:leg-numbness",
    "/api/statistics",
    "/api/statistics?format=tsv",
    "/api/citations",
    "/api/citations/4",
    "/api/citations/16",
    "/api/neighbors/ldh:mecobalamin?depth=2",
    "/api/paths?from=ldh:mecobalamin&to=ldh:postoperative-pain",
    "/api/examples",
    "/sparql",
)
EXPORTS = ("graphml", "gexf", "cytoscape", "cx2", "dot", "node-link", "neo4j", "kgx",
           "kgx-jsonl")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _canonical(turtle: str) -> str:
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    nt = to_canonical_graph(Graph().parse(data=turtle, format="turtle")).serialize(format="nt")
    return "\n".join(sorted(nt.splitlines()))


def _questions() -> list[str]:
    out: list[str] = []
    for bank in sorted((ROOT / "examples").glob("questions*.yaml")):
        out += [q["question"] for q in yaml.safe_load(bank.read_text("utf-8"))["questions"]]
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    build = out / "build"
    subprocess.run([sys.executable, "-m", "service.cli", "build", "--out", str(build),
                    "--quiet"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    digests = {p.relative_to(build).as_posix(): _digest(p)
               for p in sorted(build.rglob("*")) if p.is_file()
               and p.relative_to(build).parts[0] != "store"
               and p.name not in ("timings.json", "text.sqlite")}
    (out / "artifacts.json").write_text(json.dumps(digests, indent=1, sort_keys=True))

    from fastapi.testclient import TestClient

    from service.http.app import create_app
    from service.http.settings import Settings

    settings = Settings(store=f"oxigraph:{build / 'store'}", response_cache_entries=0,
                        query_workers=1, warm_caches=False)
    with TestClient(create_app(settings)) as client:
        routes = {}
        for url in ROUTES:
            r = client.get(url, headers={"Accept": "application/json"})
            text = r.text.replace(str(out), "OUT")
            if url == "/sparql":  # the service description: blank nodes in any order
                text = _canonical(text)
            routes[url] = [r.status_code, text]
        (out / "routes.json").write_text(json.dumps(routes, indent=1, ensure_ascii=False))
        answers = {}
        for q in _questions():
            r = client.get(f"/api/ask?q={quote(q)}")
            answers[q] = [r.status_code, r.json()]
        (out / "ask.json").write_text(json.dumps(answers, indent=1, ensure_ascii=False))
        exports = {}
        for fmt in EXPORTS:
            for suffix in ("", "?root=ldh:mecobalamin&depth=1"):
                r = client.get(f"/api/export/{fmt}{suffix}")
                exports[f"{fmt}{suffix}"] = [r.status_code, hashlib.sha256(r.content).hexdigest()]
        (out / "exports.json").write_text(json.dumps(exports, indent=1))
    print(f"snapshot in {out}: {len(digests)} artifacts, {len(ROUTES)} routes, "
          f"{len(answers)} questions, {len(exports)} exports")


if __name__ == "__main__":
    main()
