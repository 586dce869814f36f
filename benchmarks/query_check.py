"""Old vs new text of every rewritten query: the same rows, in the same order where it orders.

    python benchmarks/query_check.py --base REV [--store DIR ...] [--fuzz 300] [--only NAME ...]

A query rewritten for speed (join order, nested OPTIONALs) must not change what it returns.
For every ``examples/queries/*.rq`` and ``kg/queries/*.rq`` whose text differs from git
revision ``REV``, both texts run on:

- the real build (``build/ldhkg.nq``, in memory);
- each ``--store`` (an on-disk store, e.g. the scale benchmark's with synthetic reviews, where
  the data differs from the real review: many more claims per entity, missing qualifiers);
- ``--fuzz N`` random small datasets over the two queries' own vocabulary (their IRIs and
  literals, a few more nodes, English, Chinese and plain literals, four graphs), so that the
  corner cases real data lacks (a missing label, two citations, a node in two graphs, an
  OPTIONAL half matched) are compared too.

with the route's bound values (``scale_bench.ROUTE_CASES``) for the REST queries. Compared: the
projected variables, the rows as a multiset, and with ORDER BY the sequence of order keys (rows
tied on every key may come in any order, as SPARQL allows). A query with LIMIT is compared
without it as well, since which tied rows fill the last places is not defined. Exit status 1
on any difference.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
DIRS = ("examples/queries", "kg/queries")
GRAPHS = [f"https://w3id.org/ldhkg/graph/{g}" for g in ("asserted", "inferred", "provenance")]
Row = tuple[str | None, ...]


def changed(base: str, only: set[str]) -> list[tuple[str, str, str]]:
    """(name, old text, new text) of each query file that differs from ``base``."""
    out = []
    for d in DIRS:
        for p in sorted((ROOT / d).glob("*.rq")):
            rel = f"{d}/{p.name}"
            if only and p.stem not in only and rel not in only:
                continue
            old = subprocess.run(
                ["git", "show", f"{base}:{rel}"], cwd=ROOT, capture_output=True, text=True
            )
            new = p.read_text(encoding="utf-8")
            if old.returncode == 0 and old.stdout != new:
                out.append((rel, old.stdout, new))
    return out


def order_vars(query: str) -> list[str]:
    """Variables of the outermost ORDER BY (the last one in the text), in order."""
    body = re.sub(r"#[^\n]*", "", query)
    m = list(re.finditer(r"ORDER\s+BY\s+(.*?)(?=\bLIMIT\b|\bOFFSET\b|$)", body, re.I | re.S))
    return re.findall(r"\?(\w+)", m[-1].group(1)) if m else []


def without_limit(query: str) -> str | None:
    stripped = re.sub(r"\bLIMIT\s+\d+\s*$", "", query.rstrip(), flags=re.I)
    return stripped if stripped != query.rstrip() else None


def run(store: ox.Store, query: str, bindings: dict[str, ox.Term]) -> tuple[list[str], list[Row]]:
    subs = {ox.Variable(k): v for k, v in bindings.items()} or None
    res = store.query(query, use_default_graph_as_union=True, substitutions=subs)
    assert isinstance(res, ox.QuerySolutions)
    names = [v.value for v in res.variables]
    rows = [tuple(None if s[n] is None else str(s[n]) for n in names) for s in res]
    return names, rows


def compare(
    store: ox.Store, old: str, new: str, bindings: dict[str, ox.Term]
) -> tuple[str | None, int]:
    """A description of the first difference (None if none), and the number of rows."""
    (on, orows), (nn, nrows) = run(store, old, bindings), run(store, new, bindings)
    if on != nn:
        return f"variables {on} != {nn}", len(orows)
    keys = [on.index(v) for v in order_vars(new) if v in on]
    if order_vars(old) != order_vars(new):
        return f"ORDER BY {order_vars(old)} != {order_vars(new)}", len(orows)
    if keys:
        ok, nk = (
            [tuple(r[i] for i in keys) for r in orows],
            [tuple(r[i] for i in keys) for r in nrows],
        )
        if ok != nk:
            at = next((i for i, (a, b) in enumerate(zip(ok, nk, strict=False)) if a != b), None)
            return f"order keys differ (first at row {at}; {len(ok)} vs {len(nk)} rows)", len(orows)
    full_old, full_new = without_limit(old), without_limit(new)
    if full_old and full_new:
        return compare(store, full_old, full_new, bindings)[0], len(orows)
    if Counter(orows) != Counter(nrows):
        extra = list((Counter(nrows) - Counter(orows)).elements())[:2]
        missing = list((Counter(orows) - Counter(nrows)).elements())[:2]
        return f"rows differ: new has {extra} extra, lacks {missing}", len(orows)
    return None, len(orows)


def vocabulary(*texts: str) -> tuple[list[ox.NamedNode], list[ox.Term]]:
    """IRIs (expanded from the queries' prefixes) and literals the queries mention."""
    iris: set[str] = set()
    lits: set[ox.Term] = set()
    for text in texts:
        prefixes = dict(re.findall(r"PREFIX\s+(\w*):\s*<([^>]*)>", text, re.I))
        body = re.sub(r"#[^\n]*", "", text)
        body = re.sub(r"PREFIX\s+\w*:\s*<[^>]*>", "", body, flags=re.I)
        iris.update(re.findall(r"<([^>\s]+)>", body))
        for pfx, local in re.findall(r"(?<![\w?$])(\w*):([\w-]*)", body):
            if pfx in prefixes:
                iris.add(prefixes[pfx] + local)
        lits.update(ox.Literal(s) for s in re.findall(r'"([^"]*)"', body))
    iris -= set(GRAPHS) | {"https://w3id.org/ldhkg/graph/ontology"}
    return [ox.NamedNode(i) for i in sorted(iris)], sorted(lits, key=str)


def random_store(rnd: random.Random, iris: list[ox.NamedNode], lits: list[ox.Term]) -> ox.Store:
    """A small random dataset over the queries' vocabulary, in the project's four graphs."""
    nodes = iris + [ox.NamedNode(f"https://w3id.org/ldhkg/id/n{i}") for i in range(6)]
    preds = [i for i in iris if not i.value.endswith(("/ontology/", "#"))]
    objects: list[ox.Term] = [
        *nodes,
        *lits,
        ox.Literal("a", language="en"),
        ox.Literal("b", language="en"),
        ox.Literal("甲", language="zh"),
        ox.Literal("x"),
        ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ox.Literal("2", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ]
    graphs = [ox.NamedNode(g) for g in [*GRAPHS, "https://w3id.org/ldhkg/graph/ontology"]]
    store = ox.Store()
    for _ in range(rnd.randint(20, 160)):
        store.add(
            ox.Quad(rnd.choice(nodes), rnd.choice(preds), rnd.choice(objects), rnd.choice(graphs))
        )
    return store


def main() -> int:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from scale_bench import ROUTE_CASES, term  # type: ignore[import-not-found]

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True, help="git revision holding the old texts")
    ap.add_argument("--store", type=Path, nargs="*", default=[])
    ap.add_argument("--fuzz", type=int, default=300, help="random datasets per query")
    ap.add_argument("--only", nargs="*", default=[], help="query names to check")
    args = ap.parse_args()
    real = ox.Store()
    with (ROOT / "build" / "ldhkg.nq").open("rb") as fh:
        real.bulk_load(fh, ox.RdfFormat.N_QUADS)
    stores = [("real build", real)] + [(str(p), ox.Store.read_only(str(p))) for p in args.store]
    failures = 0
    for rel, old, new in changed(args.base, set(args.only)):
        name = Path(rel).stem
        cases = [c[2] for c in ROUTE_CASES if c[1] == name] if rel.startswith("kg/") else []
        binding_sets = [{k: term(v) for k, v in c.items()} for c in cases] or [{}]
        for label, store in stores:
            for b in binding_sets:
                diff, n = compare(store, old, new, b)
                shown = {k: str(v) for k, v in b.items()}
                print(f"{rel} on {label} {shown or ''}: {diff or 'same'} ({n} rows)", flush=True)
                failures += diff is not None
        if args.fuzz:
            rnd = random.Random(rel)
            iris, lits = vocabulary(old, new)
            bound_iris = [
                ox.NamedNode(v.value)
                for b in binding_sets
                for v in b.values()
                if isinstance(v, ox.NamedNode)
            ]
            fuzz_fail, nonempty = 0, 0
            for _ in range(args.fuzz):
                store = random_store(rnd, iris + bound_iris, lits)
                for b in binding_sets:
                    diff, n = compare(store, old, new, b)
                    nonempty += n > 0
                    if diff and not fuzz_fail:
                        print(f"  fuzz difference: {diff}")
                    fuzz_fail += diff is not None
            total = args.fuzz * len(binding_sets)
            print(
                f"{rel} on {total} random datasets ({nonempty} with rows): "
                f"{'same' if not fuzz_fail else f'{fuzz_fail} differ'}",
                flush=True,
            )
            failures += fuzz_fail
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
