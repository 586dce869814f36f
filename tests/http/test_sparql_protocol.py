"""The /sparql endpoint on the real build: negotiation, datasets, formats, errors."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace

from kg.store import Store
from service.http.app import create_app

pytestmark = pytest.mark.slow
LABEL_Q = ('SELECT ?l WHERE { <https://w3id.org/ldhkg/id/pregabalin> '
           '<http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l')
CONSTRUCT_Q = ('CONSTRUCT { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { '
               'BIND(<https://w3id.org/ldhkg/id/pregabalin> AS ?s) ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }')
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store=store)) as c:
        yield c


def test_select_in_every_results_format(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": LABEL_Q})  # no Accept: SPARQL JSON
    assert r.headers["content-type"] == "application/sparql-results+json"
    assert [b["l"]["value"] for b in r.json()["results"]["bindings"]] == ["pregabalin", "普瑞巴林"]
    r = client.get("/sparql", params={"query": LABEL_Q}, headers={"accept": "application/sparql-results+xml"})
    assert "<literal xml:lang=\"zh\">普瑞巴林</literal>" in r.text
    r = client.get("/sparql", params={"query": LABEL_Q}, headers={"accept": "text/tab-separated-values"})
    assert r.text.splitlines() == ["?l", '"pregabalin"@en', '"普瑞巴林"@zh']
    r = client.get("/sparql", params={"query": LABEL_Q}, headers={"accept": "text/csv"})
    assert r.text.split() == ["l", "pregabalin", "普瑞巴林"]


def test_q_values_decide(client: TestClient) -> None:
    accept = "text/csv;q=0.4, application/sparql-results+xml;q=0.9, */*;q=0.1"
    r = client.get("/sparql", params={"query": LABEL_Q}, headers={"accept": accept})
    assert r.headers["content-type"] == "application/sparql-results+xml"
    r = client.get("/sparql", params={"query": LABEL_Q}, headers={"accept": "text/csv;q=0, */*"})
    assert r.headers["content-type"] == "application/sparql-results+json"
    r = client.get("/sparql", params={"query": LABEL_Q}, headers={"accept": "image/png"})
    assert r.status_code == 406


def test_construct_in_rdf_formats(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": CONSTRUCT_Q})  # no Accept: Turtle
    assert r.headers["content-type"].split(";")[0] == "text/turtle"
    g = Graph().parse(data=r.text, format="turtle")
    assert {str(o) for o in g.objects()} == {"pregabalin", "普瑞巴林"}
    for media, fmt in (("application/n-triples", "nt"), ("application/rdf+xml", "xml"),
                       ("application/ld+json", "json-ld"), ("application/n-quads", "nquads"),
                       ("application/trig", "trig")):
        r = client.get("/sparql", params={"query": CONSTRUCT_Q}, headers={"accept": media})
        assert r.headers["content-type"].split(";")[0] == media
        assert len(Graph().parse(data=r.content, format=fmt)) == 2, media


def test_post_forms_and_charset(client: TestClient) -> None:
    r = client.post("/sparql", data={"query": LABEL_Q})
    assert len(r.json()["results"]["bindings"]) == 2
    r = client.post("/sparql", content=LABEL_Q.encode(),
                    headers={"content-type": "application/sparql-query; charset=UTF-8"})
    assert len(r.json()["results"]["bindings"]) == 2
    r = client.post("/sparql", content=LABEL_Q.encode("latin-1"),
                    headers={"content-type": "application/sparql-query; charset=ISO-8859-1"})
    assert r.status_code == 400 and "UTF-8" in r.text


def test_protocol_dataset_restricts(client: TestClient) -> None:
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/ldhkg/ontology/Claim> }"
    asserted = "https://w3id.org/ldhkg/graph/asserted"
    inferred = "https://w3id.org/ldhkg/graph/inferred"
    n = lambda params: int(client.get("/sparql", params=params).json()["results"]["bindings"][0]["n"]["value"])  # noqa: E731
    assert n({"query": q}) > 200  # union default
    assert n({"query": q, "default-graph-uri": asserted}) > 200
    assert n({"query": q, "default-graph-uri": inferred}) == 0
    named = client.get("/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                          "named-graph-uri": inferred}).json()
    assert [b["g"]["value"] for b in named["results"]["bindings"]] == [inferred]
    own_from = f"SELECT (COUNT(*) AS ?n) FROM <{inferred}> WHERE {{ ?s a <https://w3id.org/ldhkg/ontology/Claim> }}"
    assert n({"query": own_from}) == 0  # the query's FROM wins over the union default


def test_base_iri_resolves_relative_iris(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "ASK { <mecobalamin> <https://w3id.org/ldhkg/ontology/targets> <nerve-root-inflammation> }"})
    assert r.json()["boolean"] is True


def test_service_description_with_void(client: TestClient) -> None:
    r = client.get("/sparql")
    assert r.headers["content-type"].split(";")[0] == "text/turtle"
    g = Graph().parse(data=r.text, format="turtle")
    svc = next(g.subjects(SD.endpoint, None))
    assert (svc, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (svc, SD.feature, SD.UnionDefaultGraph) in g
    sizes = {str(g.value(ng, SD.name)): int(g.value(g.value(ng, SD.graph), VOID.triples))
             for ng in g.subjects(SD.name, None)}
    assert set(sizes) == {f"https://w3id.org/ldhkg/graph/{n}" for n in
                          ("ontology", "asserted", "inferred", "provenance")}
    assert sizes["https://w3id.org/ldhkg/graph/inferred"] > 50
    r = client.get("/sparql", headers={"accept": "application/ld+json"})
    assert json.loads(r.text)


@pytest.mark.parametrize(("kwargs", "status", "message"), [
    ({"method": "GET", "params": {"query": "SELECT ?x WHERE {"}}, 400, "malformed query"),
    ({"method": "GET", "params": {"query": ["ASK {}", "ASK {}"]}}, 400, "more than one 'query'"),
    ({"method": "GET", "params": {"default-graph-uri": "http://x"}}, 400, "missing 'query'"),
    ({"method": "GET", "params": {"update": "CLEAR ALL"}}, 403, "read-only"),
    # a request is a query or an update, never both (SPARQL 1.1 Protocol): malformed, 400
    ({"method": "POST", "data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400, "both 'query' and 'update'"),
    ({"method": "GET", "params": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400, "both 'query' and 'update'"),
    ({"method": "POST", "data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}, 403, "read-only"),
    ({"method": "POST", "content": b"CLEAR ALL", "headers": {"content-type": "application/sparql-update"}}, 403, "read-only"),
    ({"method": "POST", "content": b"ASK {}", "headers": {"content-type": "text/plain"}}, 400, "unsupported media type"),
    ({"method": "POST", "content": b"ASK {}"}, 400, "Content-Type"),
    ({"method": "POST", "content": "ASK {}".encode("utf-16"), "headers": {"content-type": "application/sparql-query"}}, 400, "UTF-8"),
    ({"method": "POST", "content": b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", "headers": {"content-type": "application/sparql-query"}}, 400, "malformed query"),
])
def test_errors(client: TestClient, kwargs: dict[str, object], status: int, message: str) -> None:
    method = kwargs.pop("method")
    r = client.request(str(method), "/sparql", **kwargs)  # type: ignore[arg-type]
    assert r.status_code == status and message in r.text
    assert "Traceback" not in r.text
