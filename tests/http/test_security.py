"""No server-side request forgery, no oversized requests, no stack traces, safe headers,
and a clear message when the store is missing or corrupt. Each point of SECURITY.md."""

from __future__ import annotations

import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from kg.build.pipeline import BuildResult
from kg.store import SelectResult, Store, open_store
from service.http.app import create_app
from service.http.settings import Settings

SETTINGS = Settings(warm_caches=False, response_cache_entries=0)


class Listener:
    """A loopback HTTP server that records every request: the SSRF canary."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def _record(self) -> None:
                hits.append(self.path)
                self.send_response(500)
                self.end_headers()

            do_GET = do_POST = _record

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/internal"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def canary() -> Iterator[Listener]:
    listener = Listener()
    yield listener
    listener.server.shutdown()


def _ssrf_queries(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ ?x ?y ?z OPTIONAL {{ service <{url}> {{ ?s ?p ?o }} }} }}",
        # SPARQL applies \\u escapes before parsing: \\u0053ERVICE is SERVICE
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
        f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


def test_embedded_pyoxigraph_would_fetch_a_service(canary: Listener) -> None:
    """Why the screen exists: pyoxigraph itself calls SERVICE IRIs over HTTP."""
    with pytest.raises(OSError):
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}"))
    assert canary.hits == ["/internal"]


def test_service_is_refused_and_nothing_is_fetched(store: Store, canary: Listener) -> None:
    with TestClient(create_app(SETTINGS, store=store)) as c:
        for q in _ssrf_queries(canary.url):
            for r in (c.get("/sparql", params={"query": q}), c.post("/sparql", data={"query": q})):
                assert r.status_code == 403, (q, r.text)
                assert "federation is off" in r.text
    assert canary.hits == []


def test_from_names_only_local_graphs(store: Store, canary: Listener) -> None:
    with TestClient(create_app(SETTINGS, store=store)) as c:
        r = c.get("/sparql", params={"query": f"SELECT * FROM <{canary.url}> WHERE {{ ?s ?p ?o }}"})
        r2 = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }",
                                      "default-graph-uri": canary.url})
    assert r.status_code == r2.status_code == 200
    assert r.json()["results"]["bindings"] == r2.json()["results"]["bindings"] == []
    assert canary.hits == []


def test_an_allow_listed_service_is_the_only_way_out(store: Store, canary: Listener) -> None:
    settings = Settings(warm_caches=False, response_cache_entries=0,
                        federation_allow=[canary.url])
    other = canary.url.replace("/internal", "/elsewhere")
    with TestClient(create_app(settings, store=store)) as c:
        refused = c.get("/sparql", params={
            "query": f"SELECT * WHERE {{ SERVICE <{other}> {{ ?s ?p ?o }} }}"})
        by_variable = c.get("/sparql", params={"query": _ssrf_queries(canary.url)[4]})
        allowed = c.get("/sparql", params={
            "query": f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}"})
    assert refused.status_code == 403 and "not in the allow-list" in refused.text
    assert by_variable.status_code == 403
    assert allowed.status_code == 400  # it was called (and answered 500)
    assert canary.hits == ["/internal"]


@pytest.fixture(scope="module")
def remote(built: BuildResult, oxigraph_server: str) -> str:
    subprocess.run([sys.executable, "-m", "service.cli", "load", "--build", str(built.out),
                    "--endpoint", f"{oxigraph_server}/query",
                    "--store-endpoint", f"{oxigraph_server}/store"], check=True,
                   capture_output=True)
    return f"sparql:{oxigraph_server}/query"


def test_in_front_of_a_remote_store_nothing_is_fetched_or_changed(
        remote: str, canary: Listener) -> None:
    """The Oxigraph server would call SERVICE and take a SPARQL Update: neither gets there."""
    backend = open_store(remote)
    before = backend.graph_sizes()
    graph = next(iter(before))
    refused = [
        *_ssrf_queries(canary.url),
        f"SELECT * FROM <{canary.url}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{canary.url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"LOAD <{canary.url}>",
        f"DROP GRAPH <{graph}>",
        f"DELETE WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
        "INSERT DATA { <urn:x> <urn:y> <urn:z> }",
        f'DEFINE get:soft "replace" SELECT * FROM <{canary.url}> WHERE {{ ?s ?p ?o }}',
    ]
    with TestClient(create_app(SETTINGS, store=backend)) as c:
        for q in refused:
            r = c.post("/sparql", data={"query": q})
            assert r.status_code in (400, 403), (q, r.status_code, r.text)
        r = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
                                     "default-graph-uri": canary.url})
        assert r.status_code == 403 and "not in this store" in r.text
        ok = c.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) FROM <{graph}> "
                                               "WHERE { ?s ?p ?o }"})
        assert ok.status_code == 200  # a graph the store holds is fine
        assert int(ok.json()["results"]["bindings"][0]["n"]["value"]) == before[graph]
    assert canary.hits == []
    assert backend.graph_sizes() == before


def test_oversized_requests_are_refused_before_they_are_read(store: Store) -> None:
    settings = Settings(warm_caches=False, response_cache_entries=0, max_body_bytes=4096,
                        max_query_chars=1000, max_url_chars=2048)
    pad = "# " + "x" * 5000 + "\nSELECT * WHERE { ?s ?p ?o } LIMIT 1"
    with TestClient(create_app(settings, store=store)) as c:
        body = c.post("/sparql", content=pad.encode(),
                      headers={"content-type": "application/sparql-query"})
        assert body.status_code == 413 and "limit is 4096" in body.text

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while it streams
            for _ in range(10):
                yield b"#" + b"x" * 1000 + b"\n"

        streamed = c.post("/sparql", content=chunks(),
                          headers={"content-type": "application/sparql-query"})
        assert streamed.status_code == 413
        query = c.post("/sparql", content=pad[3000:].encode(),
                       headers={"content-type": "application/sparql-query"})
        assert query.status_code == 413 and "limit is 1000" in query.text
        url = c.get("/sparql", params={"query": pad[:3000]})
        assert url.status_code == 414 and "by POST" in url.text
        assert c.get("/sparql", params={"query": "# short\n" + pad[-35:]}).status_code == 200


def test_security_headers_on_every_response(store: Store) -> None:
    with TestClient(create_app(SETTINGS, store=store)) as c:
        for path in ("/", "/api/search?q=PELD", "/sparql?query=ASK{}", "/api/entities/nope"):
            h = c.get(path).headers
            assert h["x-content-type-options"] == "nosniff", path
            assert h["x-frame-options"] == "DENY"
            assert h["referrer-policy"] == "no-referrer"
            assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert "content-security-policy" not in c.get("/docs").headers  # CDN-loaded UI


class BrokenStore:
    """A backend that fails in a way the code does not expect (a bug, a driver crash)."""

    descriptor = "broken:"

    def __init__(self, real: Store) -> None:
        self.real = real

    def select(self, query: str, bindings: object = None) -> SelectResult:
        raise RuntimeError("secret detail /etc/ldhkg/password at line 42")

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


def test_no_stack_trace_in_any_response(store: Store) -> None:
    app = create_app(SETTINGS, store=BrokenStore(store))  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/entities/ldh:mecobalamin")
    assert r.status_code == 500
    assert r.text == "internal error (logged on the server)"


def test_an_unreachable_remote_store_is_a_503_that_names_no_address() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    backend = open_store(f"sparql:http://127.0.0.1:{port}/query")
    with TestClient(create_app(SETTINGS, store=backend)) as c:
        r = c.get("/api/entities/ldh:mecobalamin")
    assert r.status_code == 503 and "unavailable" in r.text
    assert str(port) not in r.text and "Traceback" not in r.text


def _serve_fails(store: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "service.cli", "serve", "--port", "9",
                           "--store", str(store)], capture_output=True, text=True, timeout=60)


def test_a_missing_store_is_a_clear_start_up_error(tmp_path: Path) -> None:
    r = _serve_fails(tmp_path / "nothing")
    assert r.returncode == 2
    assert "no pyoxigraph store at" in r.stderr and "ldhkg build" in r.stderr
    assert "Traceback" not in r.stderr + r.stdout


@pytest.mark.parametrize("damage", ["manifest", "tables"])
def test_a_corrupt_store_is_a_clear_start_up_error(
        built: BuildResult, tmp_path: Path, damage: str) -> None:
    copy = tmp_path / "store"
    shutil.copytree(built.out / "store", copy)
    for f in copy.glob("MANIFEST-*" if damage == "manifest" else "*.sst"):
        f.write_bytes(b"not a rocksdb file")
    r = _serve_fails(copy)
    assert r.returncode == 2
    assert "cannot open the pyoxigraph store" in r.stderr and "Corruption" in r.stderr
    assert "Traceback" not in r.stderr + r.stdout


def test_no_write_of_any_kind(store: Store, canary: Listener) -> None:
    """SPARQL Update (LOAD, CLEAR, DROP, INSERT, DELETE) and Graph Store Protocol writes."""
    before = store.graph_sizes()
    graph = next(iter(before))
    updates = [f"LOAD <{canary.url}>", "CLEAR ALL", f"DROP GRAPH <{graph}>", "DROP ALL",
               "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE WHERE { ?s ?p ?o }",
               f"CREATE GRAPH <{canary.url}>", f"COPY <{graph}> TO DEFAULT"]
    with TestClient(create_app(SETTINGS, store=store)) as c:
        for u in updates:
            assert c.get("/sparql", params={"update": u}).status_code == 403
            assert c.post("/sparql", data={"update": u}).status_code == 403
            r = c.post("/sparql", content=u.encode(),
                       headers={"content-type": "application/sparql-update"})
            assert r.status_code == 403
            assert c.post("/sparql", data={"query": u}).status_code == 400  # not a query
        for method in ("PUT", "DELETE", "PATCH"):
            for path in ("/sparql", f"/store?graph={graph}", "/store?default", "/api/entities"):
                r = c.request(method, path, content=b"<urn:a> <urn:b> <urn:c> .",
                              headers={"content-type": "application/n-triples"})
                assert r.status_code in (404, 405), (method, path, r.status_code)
        r = c.post("/store?default", content=b"<urn:a> <urn:b> <urn:c> .",
                   headers={"content-type": "application/n-triples"})
        assert r.status_code in (404, 405)
    assert store.graph_sizes() == before
    assert canary.hits == []
