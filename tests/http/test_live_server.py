"""Standard clients against a running server: SPARQLWrapper, rdflib SPARQLStore, the examples."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from kg.build.pipeline import BuildResult
from kg.paths import PROJECT_DIR
from tests.servers import serve

pytestmark = pytest.mark.slow
EXAMPLES = PROJECT_DIR / "examples"


def test_sparqlwrapper(live_server: str) -> None:
    sw = SPARQLWrapper(f"{live_server}/sparql")
    sw.setQuery((EXAMPLES / "queries" / "risk_factors.rq").read_text(encoding="utf-8"))
    sw.setReturnFormat(JSON)
    rows = sw.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    thresholds = {b["factor"]["value"]: b["threshold"]["value"] for b in rows if "threshold" in b}
    assert thresholds == {"older age (50 years or over)": "50",
                          "obesity (BMI 25 kg/m2 or over)": "25",
                          "long disease duration (over 6 months)": "6"}


def test_rdflib_sparqlstore(live_server: str) -> None:
    g = Graph(store=SPARQLStore(f"{live_server}/sparql"))
    rows = list(g.query((EXAMPLES / "queries" / "tests_that_distinguish.rq").read_text(encoding="utf-8")))
    assert [(str(r.test), str(r.comparator)) for r in rows] == [  # type: ignore[union-attr]
        ("needle electromyography", "postoperative residual symptoms of LDH")]
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    labels = set(g.objects(URIRef("https://w3id.org/ldhkg/id/pregabalin"), label))
    assert {str(x) for x in labels} == {"pregabalin", "普瑞巴林"}


def test_example_client_script(live_server: str) -> None:
    proc = subprocess.run([sys.executable, str(EXAMPLES / "client.py"), live_server],
                          capture_output=True, text=True, check=True, timeout=60)
    assert "mecobalamin / 甲钴胺" in proc.stdout
    assert "test: needle electromyography tells" in proc.stdout


def test_every_example_query_answers(live_server: str) -> None:
    import httpx

    for path in sorted((EXAMPLES / "queries").glob("*.rq")):
        r = httpx.post(f"{live_server}/sparql", content=path.read_bytes(), timeout=30,
                       headers={"content-type": "application/sparql-query"})
        assert r.status_code == 200, (path.name, r.text)
        assert r.json()["results"]["bindings"], f"{path.name} returned nothing"


def test_examples_are_documented() -> None:
    assert Path(EXAMPLES / "README.md").exists()


def test_several_processes_serve_the_same_answers(built: BuildResult, live_server: str) -> None:
    """`ldhkg serve --workers 2`: two uvicorn processes on one socket, each with its own app
    and query workers, answer exactly like one."""
    import httpx


    paths = ["/api/entities/ldh:mecobalamin", "/api/search?q=PELD",
             "/sparql?query=SELECT%20%3Fs%20WHERE%20%7B%3Fs%20a%20%3Chttps%3A%2F%2Fw3id.org"
             "%2Fldhkg%2Fontology%2FClaim%3E%7D%20ORDER%20BY%20%3Fs%20LIMIT%2020"]
    with serve(built.out / "store", None, "--workers", "2") as served:
        for path in paths:
            for _ in range(4):  # connections land on either process
                a = httpx.get(served.base + path, timeout=30)
                b = httpx.get(live_server + path, timeout=30)
                assert a.status_code == b.status_code == 200, path
                assert a.content == b.content, path
        served.proc.terminate()
        assert served.proc.wait(timeout=30) in (0, -15)
    log = served.log.read_text() if served.log.exists() else ""
    assert "Traceback" not in log
