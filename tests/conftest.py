"""Shared fixtures: one real build of the whole graph per test session."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.build.pipeline import BuildResult, build
from kg.paths import CURATION_DIR
from kg.store import Store, open_store


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real build (parse, check, RDF, HermiT, SHACL, write) into a temporary directory."""
    return build(tmp_path_factory.mktemp("build") / "build", progress=False)


@pytest.fixture(scope="session")
def store(built: BuildResult) -> Store:
    """The built on-disk pyoxigraph store, opened read-only as the service does."""
    return open_store(f"oxigraph:{built.out / 'store'}")


@pytest.fixture()
def curation_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the curation, for tests that break it on purpose."""
    dst = tmp_path / "curation"
    shutil.copytree(CURATION_DIR, dst)
    yield dst


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Served:
    base: str  # http://127.0.0.1:PORT
    proc: subprocess.Popen[bytes]
    log: Path  # the server's stdout and stderr (a file: a pipe nobody reads would fill up)


@contextmanager
def serve(store: Path, env: dict[str, str] | None = None, *args: str) -> Iterator[Served]:
    """Run the real `ldhkg serve` (uvicorn) on a free loopback port."""
    import os
    import sys
    import tempfile
    import time

    import httpx

    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "server.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "service.cli", "serve", "--port", str(port),
                 "--store", str(store), *args],
                stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        served = Served(f"http://127.0.0.1:{port}", proc, log)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{served.base}/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"ldhkg serve did not start:\n{log.read_text()}")
                time.sleep(0.1)
            yield served
        finally:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=20)


@pytest.fixture(scope="session")
def live_server(built: BuildResult) -> Iterator[str]:
    """The real `ldhkg serve` (uvicorn) on a free loopback port, over the built store."""
    with serve(built.out / "store") as served:
        yield served.base


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server (PyPI ``oxigraph``) on a free loopback port, in memory.

    Started with ``--union-default-graph`` like the embedded store's default. Yields its base URL.
    """
    import shutil
    import subprocess
    import sys
    import time
    from pathlib import Path

    import httpx

    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(exe).exists():
        pytest.skip("the Oxigraph server (PyPI package oxigraph) is not installed")
    port = _free_port()
    proc = subprocess.Popen([exe, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("oxigraph serve did not start") from None
                time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
