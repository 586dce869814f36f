"""The build's read index (``kg.index``) against the store it was made from: the same counts,
members and claims as SPARQL over the store says; several references under one number; the
node budget of a neighbourhood; a stale index file; paged listings over HTTP."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kg.build.pipeline import BuildResult
from kg.index import Index, StaleIndex, Tables
from kg.namespaces import compact
from kg.read.claims import CLAIM_BATCH, Lookups
from kg.read.graph import MAX_NODES, ball, neighbours
from kg.read.text_index import index_for
from kg.store import Store, open_store
from service.http.app import create_app
from service.http.settings import Settings

pytestmark = pytest.mark.slow
LDH = "https://w3id.org/ldhkg/id/"


def _count(store: Store, pattern: str) -> int:
    q = ("PREFIX ldho: <https://w3id.org/ldhkg/ontology/> "
         f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}")
    return int(store.select(q).rows[0]["n"].value)


def test_counts_are_the_stores(store: Store, built: BuildResult) -> None:
    counts = index_for(store).counts()
    report = json.loads((built.out / "report.json").read_text())["counts"]
    assert counts["claims"] == _count(store, "?x a ldho:Claim") == report["claims"]
    assert counts["references"] == _count(store, "?x a ldho:Reference") == report["references"]
    assert counts["statistics"] == report["statistics"]
    assert counts["entities"] == report["entities"]


def test_class_members_and_their_claims_are_the_stores(store: Store) -> None:
    """The index's class rows (asserted and inferred types, subclasses) against SPARQL."""
    index = index_for(store)
    members = """
      GRAPH <https://w3id.org/ldhkg/graph/ontology> { ?sub rdfs:subClassOf* ?class }
      { GRAPH <https://w3id.org/ldhkg/graph/asserted> { ?e a ?sub } }
      UNION { GRAPH <https://w3id.org/ldhkg/graph/inferred> { ?e a ?sub } }
      FILTER NOT EXISTS { ?e a ldho:Claim }"""
    prefix = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
              "PREFIX ldho: <https://w3id.org/ldhkg/ontology/> ")
    for cls in ("ldho:Drug", "ldho:InflammatoryResidualPain", "ldho:PreventiveMeasure",
                "ldho:TCMTherapy"):
        bound = members.replace("?class", cls)
        want = {r["e"].value.replace(LDH, "ldh:") for r in store.select(
            f"{prefix} SELECT DISTINCT ?e WHERE {{ {bound} }}").rows}
        total, page = index.entity_page(cls, None, 1000, 0)
        assert {e.id for e in page} == want and total == len(want) > 0, cls
        claims = {r["c"].value.replace(LDH, "ldh:") for r in store.select(
            f"{prefix} SELECT DISTINCT ?c WHERE {{ {bound} GRAPH "
            "<https://w3id.org/ldhkg/graph/asserted> { { ?c ldho:subject ?e } UNION "
            "{ ?c ldho:object ?e } } }").rows}
        assert set(index.claims_about_class(cls, 10_000)) == claims, cls
        assert index.claims_about_class(cls, 3) == sorted(claims)[:3]


def test_one_number_several_references_the_reviews_own_first() -> None:
    """A store with other sources besides the review holds several references [4]: the
    review's own (ldh:ref-4) is the one a number names; the listing has them all."""
    rec = {"n": 4, "year": 2020, "authors": None, "first_author": "Other", "title": "t",
           "journal": None, "volume": None, "issue": None, "pages": None, "locator": None,
           "doi": None, "text": None}
    refs = [(f"{LDH}other-ref-4", rec), (f"{LDH}ref-4", {**rec, "first_author": "Own"}),
            (f"{LDH}ref-5", {**rec, "n": 5, "first_author": "Five"})]
    index = Index.build({}, {}, [], Tables([], {}, {}, [], refs, {}, [], []))
    assert {n: r["first_author"] for n, r in index.references([4, 5, 6, 1 << 70]).items()} == {
        4: "Own", 5: "Five"}
    total, page = index.reference_page(10, 0)
    assert total == 3 and [r["first_author"] for r in page] == ["Own", "Other", "Five"]


def test_a_neighbourhood_stops_at_its_budget_and_says_so(store: Store) -> None:
    index = index_for(store)
    whole = ball(index, "ldh:postoperative-residual-symptoms", 2, MAX_NODES)
    assert whole.complete and len(whole.dist) > 20
    cut = ball(index, "ldh:postoperative-residual-symptoms", 2, 10)
    assert not cut.complete and len(cut.dist) == 10
    assert set(cut.dist) <= set(whole.dist)  # the closest, not others
    assert all(cut.dist[n] <= 1 for n in cut.dist)
    n = neighbours(store, "ldh:mecobalamin", 1)
    assert n.complete and {x.id for x in n.nodes} >= {"ldh:mecobalamin", "ldh:homocysteine"}


def test_a_stale_index_is_named_and_replaced_by_one_from_the_store(
        built: BuildResult, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    stale = tmp_path / "text.sqlite"
    stale.write_bytes((built.out / "text.sqlite").read_bytes())
    with sqlite3.connect(stale) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'version'")
    with pytest.raises(StaleIndex, match="rebuild"):
        Index.open(stale)
    (tmp_path / "store").symlink_to(built.out / "store")
    with caplog.at_level(logging.WARNING, logger="ldhkg"):
        index = index_for(open_store(f"oxigraph:{tmp_path / 'store'}"))
    assert "indexing the store in memory instead" in caplog.text
    assert index.counts() == Index.open(built.out / "text.sqlite").counts()


def test_listings_are_paged_with_a_total_and_links(store: Store) -> None:
    settings = Settings(warm_caches=False, response_cache_entries=0)
    with TestClient(create_app(settings, store=store)) as client:
        whole = client.get("/api/statistics", params={"limit": 1000})
        total = int(whole.headers["x-total-count"])
        assert total == len(whole.json()["statistics"]) == whole.json()["count"] > 5
        first = client.get("/api/statistics", params={"limit": 5})
        assert [s["id"] for s in first.json()["statistics"]] == [
            s["id"] for s in whole.json()["statistics"][:5]]
        assert 'offset=5>; rel="next"' in first.headers["link"]
        assert "prev" not in first.headers["link"]
        last = client.get("/api/statistics", params={"limit": 5, "offset": total - 2})
        assert len(last.json()["statistics"]) == 2 and "next" not in last.headers["link"]
        refs = client.get("/api/citations", params={"limit": 10, "offset": 40})
        assert [c["n"] for c in refs.json()["citations"]] == [41, 42]
        assert refs.headers["x-total-count"] == "42"
        assert client.get("/api/citations", params={"offset": 10**12}).status_code == 422
        assert client.get("/api/citations/9223372036854775808").status_code == 404


def test_common_words_are_left_out_of_the_bm25_pass_when_rarer_ones_remain(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A document-frequency cutoff: on a store where "pain" is in most claims, a question
    with a rarer word ranks by the rarer word; a question of common words alone keeps them."""
    from kg.index import fulltext

    docs = {f"ldh:c{i}": [f"residual pain case {i}"] for i in range(8)}
    docs["ldh:c-acu"] = ["acupuncture relieves residual pain"]
    index = fulltext.TextIndex.in_memory(docs, {}, [])
    both = [c for c, _ in index.claims("acupuncture pain", limit=20)]
    assert both[0] == "ldh:c-acu" and len(both) == 9  # every word counts: the review's case
    monkeypatch.setattr(fulltext, "COMMON_DOCS", 5)
    assert [c for c, _ in index.claims("acupuncture pain", limit=20)] == ["ldh:c-acu"]
    assert len(index.claims("residual pain", limit=20)) == 9  # nothing rarer: all kept


def test_a_control_character_in_a_name_is_not_an_fts5_syntax_error(store: Store) -> None:
    """Found by the route property test: a NUL ended the trigram query's string (500)."""
    settings = Settings(warm_caches=False, response_cache_entries=0)
    with TestClient(create_app(settings, store=store)) as client:
        assert client.get("/api/neighbors/00%00").status_code == 404
        hits = client.get("/api/search", params={"q": "PE\x00LD"}).json()["hits"]
        assert hits[0]["id"] == "ldh:peld"


class _Counting:
    """A store that counts the SELECT queries it is asked (everything else passes through)."""

    def __init__(self, store: Store) -> None:
        self._store, self.selects = store, 0

    def select(self, query: str, bindings: object = None) -> object:
        self.selects += 1
        return self._store.select(query, bindings)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)


def test_claims_read_in_batches_are_the_claims_read_one_by_one(built: BuildResult) -> None:
    path = f"oxigraph:{built.out / 'store'}"
    ids = sorted(compact(r["c"].value) for r in open_store(path).select(
        "SELECT DISTINCT ?c WHERE { GRAPH ?g { ?c a <https://w3id.org/ldhkg/ontology/Claim> } }"
    ).rows)
    assert len(ids) == built.report["counts"]["claims"]
    one = Lookups(open_store(path))
    counting = _Counting(open_store(path))
    many = Lookups(counting)  # type: ignore[arg-type]
    many.read_claims(ids)
    assert counting.selects == -(-len(ids) // CLAIM_BATCH)  # one query a batch
    assert [many.claim(c) for c in ids] == [one.claim(c) for c in ids]
    assert counting.selects == -(-len(ids) // CLAIM_BATCH)  # and none after
    assert any(many.claim(c).populations for c in ids)  # qualifiers came with them
