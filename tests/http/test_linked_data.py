"""Every IRI dereferences (303 for a browser, RDF by Accept for a client), the page's
permalinks answer (404 with the page for what does not exist), the page's data routes, and
the API docs without a CDN."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from kg.store import Store
from service.http.app import create_app

HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # a browser's


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store=store), follow_redirects=False) as c:
        yield c


def test_an_entity_iri_sends_a_browser_to_its_page(client: TestClient) -> None:
    r = client.get("/id/mecobalamin", headers={"accept": HTML})
    assert r.status_code == 303 and r.headers["location"] == "/entity/mecobalamin"
    assert "accept" in r.headers["vary"].lower()
    assert client.get("/id/mecobalamin").status_code == 303  # no Accept: the page too


@pytest.mark.parametrize(("media", "fmt"), [
    ("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD), ("application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_an_entity_iri_gives_a_client_rdf_with_the_evidence(client: TestClient, media: str,
                                                            fmt: ox.RdfFormat) -> None:
    r = client.get("/id/mecobalamin", headers={"accept": media})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    triples = list(ox.parse(r.content, format=fmt))
    me = ox.NamedNode("https://w3id.org/ldhkg/id/mecobalamin")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    assert ox.Literal("甲钴胺", language="zh") in {t.object for t in triples
                                                if t.subject == me and t.predicate == label}
    exact = ox.NamedNode("http://www.w3.org/ns/oa#exact")
    quotes = [t.object.value for t in triples if t.predicate == exact]
    assert any("徐刚等[16]的 Meta 分析也证实" in q for q in quotes)  # the claims come along
    targets = ox.NamedNode("https://w3id.org/ldhkg/ontology/targets")
    assert any(t.subject == me and t.predicate == targets for t in triples)


def test_ontology_terms_dereference(client: TestClient) -> None:
    r = client.get("/ontology/Drug", headers={"accept": HTML})
    assert r.status_code == 303 and r.headers["location"] == "/browse/Drug"
    r = client.get("/ontology/addresses", headers={"accept": "application/ld+json"})
    doc = json.loads(r.text)
    assert any("propertyChainAxiom" in json.dumps(node) for node in doc)


def test_unknown_iris_and_unacceptable_types(client: TestClient) -> None:
    assert client.get("/id/no-such-thing", headers={"accept": "text/turtle"}).status_code == 404
    assert client.get("/id/Not_A_Local", headers={"accept": "text/turtle"}).status_code == 404
    r = client.get("/id/mecobalamin", headers={"accept": "image/png"})
    assert r.status_code == 406 and "text/turtle" in r.text


@pytest.mark.parametrize(("path", "status"), [
    ("/", 200), ("/entity/mecobalamin", 200), ("/entity/ldh:peld", 200),
    ("/entity/no-such-thing", 404), ("/citation/16", 200), ("/citation/99", 404),
    ("/browse/Treatment", 200), ("/statistics", 200), ("/ask", 200), ("/search", 200),
    ("/sparql-editor", 200),
])
def test_every_view_has_a_permalink(client: TestClient, path: str, status: int) -> None:
    r = client.get(path)
    assert r.status_code == status and r.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/static/app.js">' in r.text


def test_the_page_data_routes(client: TestClient) -> None:
    vocab = client.get("/api/vocabulary").json()
    assert vocab["ldho:addresses"]["label_zh"] == "针对……治疗"
    assert vocab["ldho:Drug"]["kind"] == "class" and "ldho:Treatment" in vocab["ldho:Drug"]["parents"]
    overview = client.get("/api/overview").json()
    cells = {(c["treatment"], c["target"]): c for c in overview["cells"]}
    cell = cells[("ldh:mecobalamin", "ldh:nerve-root-inflammation")]
    assert cell["kind"] == "mechanism" and not cell["inferred"] and cell["claims"] >= 1
    assert any(c["inferred"] for c in overview["cells"])
    assert overview["labels"]["ldh:mecobalamin"] == {"label_en": "mecobalamin", "label_zh": "甲钴胺"}


def test_api_docs_load_their_assets_from_here(client: TestClient) -> None:
    html = client.get("/docs").text
    assert "/static/vendor/swagger-ui-bundle.js" in html and "/static/vendor/swagger-ui.css" in html
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html
    assert client.get("/redoc").status_code == 404  # it would load from a CDN
    r = client.get("/static/vendor/swagger-ui.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")


def test_entity_relations_carry_the_whole_evidence(client: TestClient) -> None:
    e = client.get("/api/entities/ldh:peld").json()
    rel = next(r for r in e["relations"] if r["predicate"] == "ldho:outperforms")
    assert rel["other"] == "ldh:open-surgery" and rel["other_label_zh"] == "传统开放手术"
    ev = rel["evidence"][0]
    assert (ev["study_design"], ev["n"], ev["citations"]) == ("ldho:retrospective-analysis", 72, [34])
    assert "ldh:elderly-patients" in ev["populations"]
    assert any(f["kind"] == "citation-topic-mismatch" and f["on"] == "ldh:ref-34"
               for f in ev["audit_flags"])
    inferred = [r for r in e["relations"] if r["inferred"]]
    assert inferred and all(r["explanation"] and r["evidence"] for r in inferred)
    elderly = client.get("/api/entities/ldh:elderly-patients").json()
    assert any(r["direction"] == "qualifier" and r["predicate"] == "ldho:population"
               for r in elderly["relations"])
