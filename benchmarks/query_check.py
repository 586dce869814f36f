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
tied on every key may come in any order, as SPARQL allows; a new text without ORDER BY leaves the
sorting to its caller, so its rows are compared as a multiset). A query with LIMIT is compared
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
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
DIRS = ("examples/queries", "kg/queries")
GRAPHS = [f"https://w3id.org/ldhkg/graph/{g}" for g in ("asserted", "inferred", "provenance")]
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
Row = tuple[str | None, ...]
_XSD = "http://www.w3.org/2001/XMLSchema#"
# literals equal by value but not the same term, and bindings of other kinds than the route's,
# so the random datasets also test a query's meaning where = and term identity part ways
ODD_LITERALS: list[ox.Term] = [
    ox.Literal("01", datatype=ox.NamedNode(_XSD + "integer")),
    ox.Literal("1.0", datatype=ox.NamedNode(_XSD + "decimal")),
    ox.Literal("caution", language="en"),
]
ODD_BINDINGS: dict[str, list[dict[str, ox.Term]]] = {}


# Queries whose answer was changed on purpose, so their rows are not compared; what keeps the
# result the same is checked where the caller uses them (the commit names how).
NEW_CONTRACT = {
    "kg/queries/clinical_edges.rq": "f7b0b5e: only edges from clinical entities, no claims "
    "(kg.read.graph joins them; the clinical graph was compared whole)",
}


def changed(base: str, only: set[str]) -> list[tuple[str, str, str]]:
    """(name, old text, new text) of each query file that differs from ``base``."""
    out = []
    for d in DIRS:
        for p in sorted((ROOT / d).glob("*.rq")):
            rel = f"{d}/{p.name}"
            if only and p.stem not in only and rel not in only:
                continue
            if rel in NEW_CONTRACT:
                print(f"{rel}: not compared, new contract ({NEW_CONTRACT[rel]})")
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


class TooBig(Exception):
    """A random dataset on which a query has more rows than are worth comparing."""


def run(
    store: ox.Store, query: str, bindings: dict[str, ox.Term], cap: int | None = None
) -> tuple[list[str], list[Row]]:
    subs = {ox.Variable(k): v for k, v in bindings.items()} or None
    res = store.query(query, use_default_graph_as_union=True, substitutions=subs)
    assert isinstance(res, ox.QuerySolutions)
    names = [v.value for v in res.variables]
    rows = []
    for s in res:
        rows.append(tuple(None if s[n] is None else str(s[n]) for n in names))
        if cap and len(rows) > cap:
            raise TooBig
    return names, rows


_NUMERIC = re.compile(
    r'^"([^"]*)"\^\^<http://www\.w3\.org/2001/XMLSchema#'
    r"(integer|decimal|double|float|int|long|short|byte|nonNegativeInteger|positiveInteger"
    r"|negativeInteger|nonPositiveInteger|unsignedInt|unsignedLong|unsignedShort|unsignedByte)>$"
)


def _sort_key(value: str | None) -> str | None:
    """An ORDER BY value as SPARQL compares it: numbers by value ("1"^^xsd:decimal ties with
    "1"^^xsd:integer, and tied rows may come in either order)."""
    m = _NUMERIC.match(value or "")
    if not m:
        return value
    try:
        return f"number {Decimal(m.group(1).strip()).normalize()}"
    except InvalidOperation:
        return value


def compare(
    store: ox.Store, old: str, new: str, bindings: dict[str, ox.Term], cap: int | None = None
) -> tuple[str | None, int]:
    """A description of the first difference (None if none), and the number of rows."""
    (on, orows), (nn, nrows) = run(store, old, bindings, cap), run(store, new, bindings, cap)
    if on != nn:
        return f"variables {on} != {nn}", len(orows)
    keys = [on.index(v) for v in order_vars(new) if v in on]
    if order_vars(old) != order_vars(new) and order_vars(new):  # none: the caller sorts
        return f"ORDER BY {order_vars(old)} != {order_vars(new)}", len(orows)
    if keys:
        ok, nk = (
            [tuple(_sort_key(r[i]) for i in keys) for r in orows],
            [tuple(_sort_key(r[i]) for i in keys) for r in nrows],
        )
        if ok != nk:
            at = next((i for i, (a, b) in enumerate(zip(ok, nk, strict=False)) if a != b), None)
            return f"order keys differ (first at row {at}; {len(ok)} vs {len(nk)} rows)", len(orows)
    full_old, full_new = without_limit(old), without_limit(new)
    if full_old and full_new:
        return compare(store, full_old, full_new, bindings, cap)[0], len(orows)
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


def _local(iri: str) -> str:
    return re.split(r"[/#]", iri)[-1]


Pattern = tuple[object, object, object, object]  # graph (None: default), s, p, o (rdflib terms)


def query_patterns(text: str) -> list[Pattern]:
    """The triple patterns of a query (EXISTS and OPTIONAL ones too), with their GRAPH, from
    rdflib's algebra of it; [] if rdflib cannot read it."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    out: list[Pattern] = []

    def walk(node: object, graph: object) -> None:
        if isinstance(node, CompValue):
            if node.name == "Graph":
                walk(node["p"], node["term"])
                return
            if node.name == "BGP":
                out.extend((graph, *t) for t in node["triples"])
                return
            for v in node.values():
                walk(v, graph)
        elif isinstance(node, list | tuple):
            for v in node:
                walk(v, graph)

    try:
        walk(prepareQuery(text).algebra, None)
    except Exception:  # a query rdflib cannot parse: no guided data
        return []
    return out


def _ox(term: object) -> ox.Term:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        dt = ox.NamedNode(str(term.datatype)) if term.datatype else None
        return ox.Literal(str(term), datatype=dt)
    assert isinstance(term, BNode)
    return ox.BlankNode(str(term))


def random_store(
    rnd: random.Random,
    patterns: list[Pattern],
    iris: list[ox.NamedNode],
    lits: list[ox.Term],
    bound: dict[str, ox.Term],
) -> ox.Store:
    """A small random dataset shaped by the queries' own triple patterns: each pattern
    instantiated a few times (variables drawn from a handful of nodes, literals in English,
    Chinese and none, numbers; the route's bound values kept), some patterns left out (so
    OPTIONALs are half matched), some triples put in two graphs, plus random noise over the
    queries' vocabulary."""
    from rdflib import Variable
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath

    graphs = [ox.NamedNode(g) for g in [*GRAPHS, "https://w3id.org/ldhkg/graph/ontology"]]
    nodes: list[ox.Term] = [ox.NamedNode(f"https://w3id.org/ldhkg/id/n{i}") for i in range(3)]
    nodes += [v for v in bound.values() if isinstance(v, ox.NamedNode)]
    props = [i for i in iris if _local(i.value)[:1].islower()] + [ox.NamedNode(RDF_TYPE)]
    literals: list[ox.Term] = [
        *lits,
        ox.Literal("a", language="en"),
        ox.Literal("b", language="en"),
        ox.Literal("甲", language="zh"),
        ox.Literal("x"),
        ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ox.Literal("2", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ]
    as_predicate = {str(p) for _, _, p, _ in patterns if isinstance(p, Variable)}
    as_subject = {str(s) for _, s, _, _ in patterns if isinstance(s, Variable)}
    store = ox.Store()
    assign: dict[str, ox.Term] = {}

    def value(term: object, fresh: dict[str, ox.Term]) -> ox.Term:
        if not isinstance(term, Variable):
            return fresh.setdefault(str(term), ox.BlankNode()) if term is None else _ox(term)
        name = str(term)
        if name in bound:
            return bound[name]
        if name not in assign:
            if name in as_predicate:
                assign[name] = rnd.choice(props)
            elif name in as_subject or rnd.random() < 0.6:
                assign[name] = rnd.choice(nodes + iris[:3])
            else:
                assign[name] = rnd.choice(literals)
        return assign[name]

    def add(s: ox.Term, path: object, o: ox.Term, g: ox.NamedNode) -> None:
        if isinstance(path, SequencePath):
            mids = [rnd.choice(nodes) for _ in path.args[:-1]]
            for a, b, step in zip([s, *mids], [*mids, o], path.args, strict=True):
                add(a, step, b, g)
        elif isinstance(path, MulPath):
            hops = rnd.choice([0, 1, 1, 2])
            if hops:
                add(s, SequencePath(*[path.path] * hops) if hops > 1 else path.path, o, g)
        elif isinstance(path, InvPath):
            add(o, path.arg, s, g)
        elif isinstance(path, AlternativePath):
            add(s, rnd.choice(path.args), o, g)
        elif isinstance(s, ox.NamedNode | ox.BlankNode) and not isinstance(path, Variable):
            if hasattr(path, "n3") and not str(path).startswith("Path("):
                store.add(ox.Quad(s, ox.NamedNode(str(path)), o, g))
        elif isinstance(s, ox.NamedNode | ox.BlankNode):
            p = value(path, {})
            if isinstance(p, ox.NamedNode):
                store.add(ox.Quad(s, p, o, g))

    for _ in range(rnd.randint(1, 2)):
        for name in list(assign):
            if rnd.random() < 0.5:
                del assign[name]
        for graph, s, p, o in patterns:
            if rnd.random() < 0.15:
                continue
            g = _ox(graph) if graph is not None and not isinstance(graph, Variable) else None
            for g2 in [g or rnd.choice(graphs)] + (
                [rnd.choice(graphs)] if rnd.random() < 0.1 else []
            ):
                assert isinstance(g2, ox.NamedNode)
                add(value(s, {}), p, value(o, {}), g2)
    subjects = nodes + props
    for _ in range(rnd.randint(0, 10)):
        o = rnd.choice(nodes + props + literals)
        store.add(ox.Quad(rnd.choice(subjects), rnd.choice(props), o, rnd.choice(graphs)))
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
            lits += ODD_LITERALS
            fuzz_sets = binding_sets + [
                {**binding_sets[0], **b} for b in ODD_BINDINGS.get(name, [])
            ]
            patterns = query_patterns(old) + query_patterns(new)
            fuzz_fail = nonempty = too_big = 0
            for _ in range(args.fuzz):
                for b in fuzz_sets:
                    store = random_store(rnd, patterns, iris, lits, b)
                    try:
                        diff, n = compare(store, old, new, b, cap=20_000)
                    except TooBig:
                        too_big += 1
                        continue
                    nonempty += n > 0
                    if diff and not fuzz_fail:
                        print(f"  fuzz difference: {diff}")
                    fuzz_fail += diff is not None
            total = args.fuzz * len(fuzz_sets)
            print(
                f"{rel} on {total} random datasets ({nonempty} with rows, {too_big} skipped "
                "for more than 20 000 rows): "
                f"{'same' if not fuzz_fail else f'{fuzz_fail} differ'}",
                flush=True,
            )
            failures += fuzz_fail
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
