"""One contract, every backend: embedded on disk, in memory, and a remote SPARQL endpoint
(a real Oxigraph server loaded with `ldhkg load`)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from kg import queries
from kg.build.pipeline import BuildResult
from kg.store import QueryDataset, QueryOptions, QuerySyntaxError, Store, open_store
from service.http.app import create_app
from service.http.settings import Settings

pytestmark = pytest.mark.slow
GRAPHS = {f"https://w3id.org/ldhkg/graph/{n}" for n in ("ontology", "asserted", "inferred", "provenance")}
MECO = ox.NamedNode("https://w3id.org/ldhkg/id/mecobalamin")


def _load(built: BuildResult, server: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", "load", "--build", str(built.out),
         "--endpoint", f"{server}/query", "--store-endpoint", f"{server}/store"],
        capture_output=True, text=True, check=True)


@pytest.fixture(scope="module")
def remote(built: BuildResult, oxigraph_server: str) -> str:
    _load(built, oxigraph_server)
    return f"sparql:{oxigraph_server}/query"


@pytest.fixture(params=["oxigraph", "memory", "sparql"])
def backend(request: pytest.FixtureRequest, built: BuildResult) -> Iterator[Store]:
    if request.param == "oxigraph":
        yield open_store(f"oxigraph:{built.out / 'store'}")
    elif request.param == "memory":
        yield open_store(f"memory:{built.out / 'ldhkg.nq'}")
    else:
        yield open_store(request.getfixturevalue("remote"))


def test_same_graphs_and_sizes(backend: Store, built: BuildResult) -> None:
    sizes = backend.graph_sizes()
    assert set(sizes) == GRAPHS
    assert sizes == {f"https://w3id.org/ldhkg/graph/{k}": v
                     for k, v in built.report["counts"]["triples"].items()}


def test_select_with_bound_values(backend: Store) -> None:
    res = backend.select(queries.load("entity"), {"entity": MECO})
    labels = {r["o"].value for r in res.rows if r["p"].value.endswith("#label")}
    assert labels == {"mecobalamin", "甲钴胺"}


def test_ask_and_construct(backend: Store) -> None:
    assert backend.ask("ASK { <https://w3id.org/ldhkg/id/mecobalamin> "
                       "<https://w3id.org/ldhkg/ontology/targets> ?m }")
    triples = backend.construct(
        "CONSTRUCT { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { "
        "?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } VALUES ?s { <https://w3id.org/ldhkg/id/pregabalin> }")
    assert {t.object.value for t in triples} == {"pregabalin", "普瑞巴林"}


def test_protocol_serialisation_and_dataset(backend: Store) -> None:
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/ldhkg/ontology/Claim> }"
    body, media = backend.serialize(q, "text/csv", None)
    assert media == "text/csv" and int(body.split()[-1]) > 200
    inferred = QueryOptions(QueryDataset(("https://w3id.org/ldhkg/graph/inferred",)))
    body, _ = backend.serialize(q, "text/csv", None, inferred)
    assert int(body.split()[-1]) == 0
    base = QueryOptions(base_iri="https://w3id.org/ldhkg/id/")
    body, _ = backend.serialize("ASK { <mecobalamin> ?p ?o }", "application/sparql-results+json",
                                None, base)
    assert b"true" in body


def test_a_querys_own_from_is_honoured(backend: Store, built: BuildResult) -> None:
    """The Oxigraph server with --union-default-graph ignores FROM; the remote backend passes
    the query's dataset as protocol parameters, so every backend counts the same."""
    sizes = backend.graph_sizes()
    for graph in ("asserted", "provenance"):
        iri = f"https://w3id.org/ldhkg/graph/{graph}"
        q = f"SELECT (COUNT(*) AS ?n) FROM <{iri}> WHERE {{ ?s ?p ?o }}"
        assert int(backend.select(q).rows[0]["n"].value) == sizes[iri]
    q = ("SELECT (COUNT(*) AS ?n) FROM NAMED <https://w3id.org/ldhkg/graph/inferred> "
         "WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(backend.select(q).rows[0]["n"].value) == sizes["https://w3id.org/ldhkg/graph/inferred"]


def test_syntax_error_is_reported(backend: Store) -> None:
    with pytest.raises(QuerySyntaxError):
        backend.serialize("SELECT ?x WHERE {", "application/sparql-results+json", None)


def test_reload_replaces_never_duplicates(built: BuildResult, oxigraph_server: str, remote: str) -> None:
    before = open_store(remote).graph_sizes()
    out = _load(built, oxigraph_server).stdout
    assert "loaded by graph store protocol" in out and "reports" not in out
    assert open_store(remote).graph_sizes() == before


@pytest.mark.parametrize("with_index", [True, False], ids=["build-index", "indexed-from-endpoint"])
def test_rest_routes_answer_the_same_on_every_backend(store: Store, remote: str,
                                                      built: BuildResult, with_index: bool) -> None:
    """The endpoint serves the same answers with the build's index attached (``--index``) and
    with the index it makes from the endpoint itself."""
    paths = ["/api/entities/ldh:mecobalamin", "/api/search?q=PELD",
             "/api/treatments?addresses=postoperative-pain",
             "/api/statistics?symptom=residual-low-back-pain", "/api/citations/13",
             "/api/neighbors/ldh:pregabalin", "/health", "/api/citations?limit=5&offset=10",
             "/api/statistics?limit=7", "/api/overview", "/api/entities?type=ldho:Drug",
             "/api/paths?from=ldh:mecobalamin&to=ldh:postoperative-pain",
             "/api/ask?q=Which%20treatments%20address%20inflammatory%20residual%20pain%3F",
             "/api/ask?q=甲钴胺能降低同型半胱氨酸吗？"]
    settings = Settings(warm_caches=False, response_cache_entries=0)
    remote_settings = Settings(warm_caches=False, response_cache_entries=0,
                               index=str(built.out / "text.sqlite") if with_index else None)
    with TestClient(create_app(settings, store=store)) as embedded, \
            TestClient(create_app(remote_settings, store=open_store(remote))) as served:
        for path in paths:
            a, b = embedded.get(path), served.get(path)
            assert a.status_code == b.status_code == 200, path
            if path == "/health":
                counts = json.loads((built.out / "report.json").read_text())["counts"]
                assert a.json()["claims"] == b.json()["claims"] == counts["claims"]
            else:
                assert a.json() == b.json(), path
                assert a.headers.get("x-total-count") == b.headers.get("x-total-count"), path


def test_sparql_limits_are_the_same_on_every_backend(store: Store, remote: str) -> None:
    """Caps, truncation headers and refusals do not depend on where the triples live."""
    settings = Settings(warm_caches=False, response_cache_entries=0, max_results=50)
    queries_ = [("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) } "
                 "ORDER BY ?s ?p ?o", "text/csv"),
                ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/n-triples"),
                ("ASK { ?s ?p ?o }", "application/sparql-results+json"),
                ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
                 "application/sparql-results+json")]
    with TestClient(create_app(settings, store=store)) as embedded, \
            TestClient(create_app(settings, store=open_store(remote))) as served:
        for q, accept in queries_:
            a = embedded.get("/sparql", params={"query": q}, headers={"accept": accept})
            b = served.get("/sparql", params={"query": q}, headers={"accept": accept})
            assert a.status_code == b.status_code, q
            keys = ("ldhkg-truncated", "ldhkg-rows", "ldhkg-total")
            assert [a.headers.get(k) for k in keys] == [b.headers.get(k) for k in keys], q
            if q.startswith("SELECT ?s"):
                assert a.headers["ldhkg-truncated"] == "true" and a.text == b.text
