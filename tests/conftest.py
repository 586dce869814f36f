"""Shared fixtures: one real build of the whole graph per test session."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build.pipeline import BuildResult, build
from kg.paths import CURATION_DIR
from kg.store import Store, open_store
from tests.servers import free_port, serve


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
    import sys
    import time
    from pathlib import Path

    import httpx

    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(exe).exists():
        pytest.skip("the Oxigraph server (PyPI package oxigraph) is not installed")
    port = free_port()
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
