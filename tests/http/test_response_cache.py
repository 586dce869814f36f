"""The GET response cache: hits are identical to misses; errors, POST, health are never cached."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from kg.store import Store
from service.http.app import create_app
from service.http.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture()
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(warm_caches=False), store=store)) as c:
        yield c


def test_repeat_is_a_hit_with_the_same_body(client: TestClient) -> None:
    first = client.get("/api/entities/ldh:pregabalin")
    second = client.get("/api/entities/ldh:pregabalin")
    assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit")
    assert first.content == second.content and second.json()["label_zh"] == "普瑞巴林"
    assert second.headers["content-type"] == "application/json"


def test_accept_header_is_part_of_the_key(client: TestClient) -> None:
    q = {"query": "SELECT ?l WHERE { <https://w3id.org/ldhkg/id/pregabalin> <http://www.w3.org/2000/01/rdf-schema#label> ?l }"}
    client.get("/sparql", params=q)
    csv = client.get("/sparql", params=q, headers={"accept": "text/csv"})
    assert csv.headers["x-cache"] == "miss" and csv.text.startswith("l\r\n")


def test_errors_posts_and_health_are_not_cached(client: TestClient) -> None:
    for _ in range(2):
        assert client.get("/api/entities/no-such-entity").headers["x-cache"] == "miss"
        assert "x-cache" not in client.post("/sparql", data={"query": "ASK {}"}).headers
        assert "x-cache" not in client.get("/health").headers


def test_hits_are_counted_under_their_route(client: TestClient) -> None:
    for _ in range(3):
        client.get("/api/citations/13")
    metrics = client.get("/metrics").text
    line = next(ln for ln in metrics.splitlines()
                if ln.startswith("ldhkg_http_requests_total") and "/api/citations/{n}" in ln)
    assert line.endswith(" 3.0")


def test_cache_can_be_turned_off(store: Store) -> None:
    with TestClient(create_app(Settings(response_cache_entries=0, warm_caches=False),
                               store=store)) as c:
        c.get("/api/citations/13")
        assert "x-cache" not in c.get("/api/citations/13").headers
