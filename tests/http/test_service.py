"""The FastAPI app on the real built store (TestClient runs the lifespan)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from kg.store import Store
from service.http.app import create_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store=store)) as c:
        yield c


def test_health_runs_a_query(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["claims"] > 200


def test_sparql_select_json_and_csv(client: TestClient) -> None:
    q = ("SELECT ?l WHERE { <https://w3id.org/ldhkg/id/pregabalin> "
         "<http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l")
    r = client.get("/sparql", params={"query": q})
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert [b["l"]["value"] for b in r.json()["results"]["bindings"]] == ["pregabalin", "普瑞巴林"]
    r = client.post("/sparql", content=q, headers={"content-type": "application/sparql-query",
                                                    "accept": "text/csv"})
    assert r.status_code == 200 and r.text.split() == ["l", "pregabalin", "普瑞巴林"]


def test_sparql_errors(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT ?x WHERE {"})
    assert r.status_code == 400 and "malformed query" in r.text
    r = client.post("/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    assert r.status_code == 403
    r = client.post("/sparql", content=b"\xff\xfe", headers={"content-type": "application/sparql-query"})
    assert r.status_code == 400
    r = client.get("/sparql", params={"query": "ASK { <urn:a> <urn:b> <urn:c> }"})
    assert r.json() == {"head": {}, "boolean": False}


def test_entity_with_relations_and_evidence(client: TestClient) -> None:
    body = client.get("/api/entities/ldh:mecobalamin").json()
    assert (body["label_en"], body["label_zh"], body["types"]) == ("mecobalamin", "甲钴胺", ["ldho:Drug"])
    rel = next(r for r in body["relations"] if r["predicate"] == "ldho:targets"
               and r["other"] == "ldh:nerve-root-inflammation")
    assert rel["inferred"] is False and rel["evidence"][0]["citations"] == [16]
    inferred = [r for r in body["relations"] if r["inferred"]]
    assert inferred and all(r["evidence"] for r in inferred)
    assert client.get("/api/entities/mecobalamin").json()["id"] == "ldh:mecobalamin"
    missing = client.get("/api/entities/no-such-thing")
    assert missing.status_code == 404 and "no entity" in missing.json()["detail"]


def test_cors_by_configuration(store: Store) -> None:
    from service.http.settings import Settings

    origin = "https://clinic.example"
    with TestClient(create_app(Settings(cors_origins=[origin], warm_caches=False), store=store)) as c:
        r = c.options("/sparql", headers={"origin": origin, "access-control-request-method": "GET"})
        assert r.headers["access-control-allow-origin"] == origin
        assert "access-control-allow-origin" not in c.get(
            "/health", headers={"origin": "https://elsewhere.example"}).headers
    with TestClient(create_app(Settings(warm_caches=False), store=store)) as c:
        assert "access-control-allow-origin" not in c.get("/health", headers={"origin": origin}).headers
