"""Integration with Virtuoso open source (Debian package virtuoso-opensource), when installed.

A private Virtuoso instance is started in a temporary directory on free loopback ports, the
SPARQL user is granted update rights, the build is pushed with `ldhkg load --update-endpoint`,
and the service is checked against it route by route. Skipped, with the reason, where Virtuoso
is not installed (CI does not install it; README "Scaling out" says how to run it).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from kg.build.pipeline import BuildResult
from kg.store import Store, open_store
from service.http.app import create_app
from service.http.settings import Settings

pytestmark = pytest.mark.slow
VIRTUOSO, ISQL = shutil.which("virtuoso-t"), shutil.which("isql-vt")
TEMPLATE = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
if not (VIRTUOSO and ISQL and TEMPLATE.exists()):
    pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)",
                allow_module_level=True)


def _port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, built: BuildResult) -> Iterator[str]:
    d = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = _port(), _port()
    ini = TEMPLATE.read_text(encoding="utf-8")
    db, tmp = ini.split("[TempDatabase]", 1)
    db = re.sub(r"(?m)^(DatabaseFile|ErrorLogFile|LockFile|TransactionFile|xa_persistent_file)\s*=\s*\S*(\.\w+)$",
                lambda m: f"{m.group(1)} = {d}/virtuoso{m.group(2)}", db)
    tmp = re.sub(r"(?m)^(DatabaseFile|TransactionFile)\s*=\s*\S*(\.\w+)$",
                 lambda m: f"{m.group(1)} = {d}/virtuoso-temp{m.group(2)}", tmp)
    ini = re.sub(r"(?m)^ServerPort\s*=\s*1111", f"ServerPort = {sql_port}", db + "[TempDatabase]" + tmp)
    ini = re.sub(r"(?m)^ServerPort\s*=\s*8890", f"ServerPort = {http_port}", ini)
    (d / "virtuoso.ini").write_text(ini, encoding="utf-8")
    proc = subprocess.Popen([str(VIRTUOSO), "-f", "-c", str(d / "virtuoso.ini")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=d)
    endpoint = f"http://127.0.0.1:{http_port}/sparql"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(endpoint, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("Virtuoso did not start")
            time.sleep(0.5)
        subprocess.run([str(ISQL), str(sql_port), "dba", "dba",
                        'exec=GRANT SPARQL_UPDATE TO "SPARQL";'], check=True, capture_output=True)
        load = subprocess.run([sys.executable, "-m", "service.cli", "load", "--build", str(built.out),
                               "--endpoint", endpoint, "--update-endpoint", endpoint],
                              capture_output=True, text=True, check=True)
        assert "reports" not in load.stdout, load.stdout
        yield endpoint
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_graphs_arrive_whole(virtuoso: str, built: BuildResult) -> None:
    sizes = open_store(f"sparql:{virtuoso}").graph_sizes()
    for name, n in built.report["counts"]["triples"].items():
        assert sizes[f"https://w3id.org/ldhkg/graph/{name}"] == n


def test_rest_answers_match_the_embedded_store(virtuoso: str, store: Store) -> None:
    settings = Settings(warm_caches=False, response_cache_entries=0)
    with TestClient(create_app(settings, store=store)) as a, \
            TestClient(create_app(settings, store=open_store(f"sparql:{virtuoso}"))) as b:
        for path in ("/api/entities/ldh:mecobalamin", "/api/search?q=PELD",
                     "/api/treatments?addresses=postoperative-pain", "/api/citations/13",
                     "/api/neighbors/ldh:pregabalin"):
            assert a.get(path).json() == b.get(path).json(), path
        # Known deviation: Virtuoso 7.2 does not keep xsd:duration values (P6M reads back as 6),
        # so statistics agree in everything but their time points.
        x = a.get("/api/statistics?symptom=residual-low-back-pain").json()
        y = b.get("/api/statistics?symptom=residual-low-back-pain").json()
        strip = lambda d: [{k: v for k, v in s.items() if k != "timepoint"} for s in d["statistics"]]  # noqa: E731
        assert strip(x) == strip(y)
        assert {s["timepoint"] for s in x["statistics"]} != {s["timepoint"] for s in y["statistics"]}
