"""Cap a query's results at a row limit, saying so, in any negotiated format.

A public endpoint must not build a million-row answer because someone asked for one: a SELECT
keeps its first ``cap`` solutions, a CONSTRUCT/DESCRIBE its first ``cap`` triples, and the
outcome says that it was truncated and, when counting the rest fits in the time left, how many
there were. Kept solutions are written as SPARQL JSON here (pyoxigraph cannot write a list of
solutions); pyoxigraph reads that back to write XML, CSV and TSV, and every RDF format.

>>> import pyoxigraph as ox
>>> s = ox.Store()
>>> s.extend([ox.Quad(ox.NamedNode(f"http://e/{i}"), ox.NamedNode("http://e/p"), ox.Literal(i))
...           for i in range(5)])
>>> out = capped(s.query("SELECT ?s WHERE { ?s ?p ?o }"), "text/csv", None, cap=2)
>>> out.truncated, out.total, out.rows, out.body.count(b"http://e/")
(True, 5, 2, 2)
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from kg.store.base import RDF_FORMATS, RESULT_FORMATS, NotAcceptable, Term


@dataclass(frozen=True, slots=True)
class Outcome:
    """A serialised answer and what was left out of it."""

    body: bytes
    media: str
    rows: int  # solutions or triples in ``body`` (1 for ASK)
    truncated: bool = False
    total: int | None = None  # all solutions/triples when known (always known if not truncated)


def _term(t: Term | ox.Triple) -> dict[str, object]:
    """One RDF term in SPARQL 1.1 Query Results JSON (RDF-star triples as in SPARQL 1.2)."""
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = t.datatype.value
        return out
    return {
        "type": "triple",
        "value": {"subject": _term(t.subject), "predicate": _term(t.predicate),
                  "object": _term(t.object)},
    }


def _solutions_json(variables: list[str], rows: list[ox.QuerySolution]) -> bytes:
    bindings = [{v: _term(row[v]) for v in variables if row[v] is not None} for row in rows]
    doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def _count_rest(items: Iterator[object], until: float | None) -> int | None:
    """How many more items there are, or None when counting them would pass ``until``."""
    n = 0
    for _ in items:
        n += 1
        if until is not None and n % 1024 == 0 and time.monotonic() > until:
            return None
    return n


def capped(
    res: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | Iterable[ox.Triple],
    results_type: str | None,
    graph_type: str | None,
    *,
    cap: int,
    count_until: float | None = None,
) -> Outcome:
    """Serialise ``res`` with at most ``cap`` rows; count the rest until ``count_until``
    (a ``time.monotonic()`` instant) so the total is given where it is affordable."""
    if isinstance(res, ox.QueryBoolean):
        if results_type not in RESULT_FORMATS:
            raise NotAcceptable(f"no acceptable SPARQL results format ({results_type})")
        return Outcome(bytes(res.serialize(format=RESULT_FORMATS[results_type]) or b""),
                       results_type, 1, total=1)
    if isinstance(res, ox.QuerySolutions):
        if results_type not in RESULT_FORMATS:
            raise NotAcceptable(f"no acceptable SPARQL results format ({results_type})")
        it: Iterator[object] = iter(res)
        rows = list(islice(it, cap + 1))
        kept = [r for r in rows[:cap] if isinstance(r, ox.QuerySolution)]
        body = _solutions_json([v.value for v in res.variables], kept)
        if results_type != "application/sparql-results+json":
            parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            body = bytes(parsed.serialize(format=RESULT_FORMATS[results_type]) or b"")
        media = results_type
    else:
        if graph_type not in RDF_FORMATS:
            raise NotAcceptable(f"no acceptable RDF format for graph results ({graph_type})")
        it = iter(res)
        rows = list(islice(it, cap + 1))
        triples = [t for t in rows[:cap] if isinstance(t, ox.Triple)]
        body = bytes(ox.serialize(triples, format=RDF_FORMATS[graph_type]) or b"")
        media = graph_type
    if len(rows) <= cap:
        return Outcome(body, media, len(rows), total=len(rows))
    rest = _count_rest(it, count_until)
    total = None if rest is None else len(rows) + rest
    return Outcome(body, media, cap, truncated=True, total=total)
