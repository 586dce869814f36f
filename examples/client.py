"""Query a running `ldhkg serve` from Python, three ways: httpx, SPARQLWrapper, rdflib.

    python examples/client.py [http://127.0.0.1:8000]
"""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

QUERIES = Path(__file__).parent / "queries"


def main(base: str) -> None:
    # 1. REST with httpx
    entity = httpx.get(f"{base}/api/entities/ldh:mecobalamin", timeout=10).json()
    print(entity["label_en"], "/", entity["label_zh"])
    for rel in entity["relations"][:5]:
        cites = sorted({n for ev in rel["evidence"] for n in ev["citations"]})
        print(f"  {rel['predicate']} {rel['other']} inferred={rel['inferred']} cites={cites}")

    # 2. SPARQL with SPARQLWrapper
    sw = SPARQLWrapper(f"{base}/sparql")
    sw.setQuery((QUERIES / "risk_factors.rq").read_text(encoding="utf-8"))
    sw.setReturnFormat(JSON)
    for b in sw.queryAndConvert()["results"]["bindings"]:  # type: ignore[index]
        print("  risk factor:", b["factor"]["value"], b.get("threshold", {}).get("value", ""))

    # 3. rdflib's SPARQLStore: the endpoint as a read-only rdflib Graph
    g = Graph(store=SPARQLStore(f"{base}/sparql"))
    q = (QUERIES / "tests_that_distinguish.rq").read_text(encoding="utf-8")
    for row in g.query(q):
        print("  test:", row.test, "tells", row.target, "from", row.comparator)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
