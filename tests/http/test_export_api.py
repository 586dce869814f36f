"""The export faces: ``GET /api/export/{format}`` (media types, download names, 404 / 422 /
400 / 503) and ``ldhkg export``."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from kg.build.pipeline import BuildResult
from kg.exports import FORMATS
from kg.exports.dot import graphviz_available
from kg.store import Store
from service.http.app import create_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store=store)) as c:
        yield c


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_downloads_with_media_type_and_filename(
    client: TestClient, fmt: str
) -> None:
    if fmt == "svg" and not graphviz_available():
        pytest.skip("Graphviz `dot` is not installed (apt-get install graphviz)")
    r = client.get(f"/api/export/{fmt}", params={"root": "ldh:mecobalamin", "depth": 1})
    assert r.status_code == 200, r.text
    spec = FORMATS[fmt]
    assert r.headers["content-type"].split(";")[0] == spec.media_type.split(";")[0]
    assert r.headers["content-disposition"] == (
        f'attachment; filename="ldhkg-mecobalamin-depth1.{spec.extension}"')
    if spec.media_type == "application/zip":
        assert zipfile.ZipFile(io.BytesIO(r.content)).testzip() is None
    else:
        assert "10.12677/jcpm.2025.41131" in r.text


def test_whole_graph_paths_and_construct(client: TestClient, built: BuildResult) -> None:
    whole = nx.read_graphml(io.BytesIO(client.get("/api/export/graphml").content))
    assert whole.number_of_nodes() == built.report["counts"]["entities"]
    r = client.get("/api/export/node-link", params={"root": "mecobalamin", "to": "postoperative pain"})
    assert r.status_code == 200 and 'filename="ldhkg-paths-mecobalamin-postoperative-pain.json"' in r.headers["content-disposition"]
    q = ("PREFIX ldho: <https://w3id.org/ldhkg/ontology/> "
         "CONSTRUCT { ?s ldho:targets ?o } WHERE { ?s ldho:targets ?o }")
    g = nx.node_link_graph(client.get("/api/export/node-link", params={"query": q}).json(),
                           edges="edges")
    assert g.has_edge("ldh:mecobalamin", "ldh:nerve-root-inflammation")


@pytest.mark.parametrize(
    ("params", "status", "needle"),
    [
        ({"root": "ldh:no-such-entity"}, 404, "no-such-entity"),
        ({"root": "mecobalamin", "to": "ldh:no-such-entity"}, 404, "no-such-entity"),
        ({"root": "mecobalamin", "depth": 0}, 422, "depth"),
        ({"root": "mecobalamin", "depth": 4}, 422, "between 1 and 3"),
        ({"depth": 2}, 422, "'depth' needs 'root'"),
        ({"to": "mecobalamin"}, 422, "'to' needs 'root'"),
        ({"query": "CONSTRUCT {} WHERE {}", "root": "mecobalamin"}, 422, "cannot be combined"),
        ({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}, 400, "only a CONSTRUCT"),
        ({"query": "DESCRIBE <https://w3id.org/ldhkg/id/mecobalamin>"}, 400, "only a CONSTRUCT"),
        ({"query": "CONSTRUCT { ?s ?p } WHERE { ?s ?p ?o }"}, 400, "does not parse"),
    ],
)
def test_bad_requests(client: TestClient, params: dict[str, object], status: int,
                      needle: str) -> None:
    r = client.get("/api/export/gexf", params=params)
    assert r.status_code == status, r.text
    assert needle in r.text


def test_unknown_format_is_422(client: TestClient) -> None:
    assert client.get("/api/export/xlsx").status_code == 422


def test_svg_without_graphviz_is_503(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.exports.dot as dot

    monkeypatch.setattr(dot.shutil, "which", lambda _name: None)
    r = client.get("/api/export/svg", params={"root": "ldh:homocysteine"})
    assert r.status_code == 503 and "graphviz" in r.text


def test_openapi_lists_the_formats(client: TestClient) -> None:
    op = client.get("/openapi.json").json()["paths"]["/api/export/{fmt}"]["get"]
    schema = next(p for p in op["parameters"] if p["name"] == "fmt")["schema"]
    assert set(schema["enum"]) == set(FORMATS)


def ldhkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "service.cli", *args], capture_output=True,
                          text=True, check=False)


def test_cli_export(built: BuildResult, tmp_path: Path) -> None:
    out = tmp_path / "meco.gexf"
    store = f"oxigraph:{built.out / 'store'}"
    done = ldhkg("export", "--format", "gexf", "--root", "ldh:mecobalamin", "--depth", "1",
                 "-o", str(out), "--store", store)
    assert done.returncode == 0, done.stderr
    g = nx.read_gexf(out, version="1.3")
    assert g.nodes["ldh:homocysteine"]["label_zh"] == "同型半胱氨酸"
    zipped = tmp_path / "all.zip"
    assert ldhkg("export", "--format", "neo4j", "-o", str(zipped), "--store", store).returncode == 0
    assert "nodes.csv" in zipfile.ZipFile(zipped).namelist()
    bad = ldhkg("export", "--format", "dot", "--query", "ASK {}", "-o", str(tmp_path / "x"),
                "--store", store)
    assert bad.returncode == 2 and "only a CONSTRUCT" in bad.stderr
    assert "export" in ldhkg("--help").stdout
