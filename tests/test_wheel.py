"""The package carries what it needs: a wheel installed into a fresh virtualenv builds the
graph, answers a question and serves the page from a directory outside the checkout.

Found the hard way: the CLI imported httpx, a dev dependency, and the ontology was read from
the checkout, so ``pip install .`` then ``ldhkg build`` elsewhere failed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "service" / "http" / "static" / "vendor"
pytestmark = pytest.mark.slow


def _run(*cmd: str | Path, cwd: Path, timeout: float = 600) -> str:
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def test_the_installed_wheel_builds_answers_and_serves_outside_the_checkout(
    tmp_path: Path,
) -> None:
    if not (VENDOR / "cytoscape.min.js").exists():
        pytest.skip("the page's assets are not copied yet (make install does it)")
    # built from a copy of the tree: setuptools writes build/lib into the source directory,
    # which is where `ldhkg build` keeps its artifacts
    src = tmp_path / "src"
    listed = _run("git", "ls-files", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    vendor = [p.relative_to(ROOT).as_posix() for p in VENDOR.iterdir()]
    for rel in [*listed.splitlines(), *vendor]:
        if (ROOT / rel).is_file():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, src / rel)
    wheels = tmp_path / "wheels"
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", wheels, src,
         cwd=tmp_path)
    (wheel,) = wheels.glob("ldhkg-*.whl")
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    bin_dir = venv / "bin"
    _run(bin_dir / "pip", "install", "--quiet", "-c", ROOT / "constraints.txt", wheel,
         cwd=tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = _run(bin_dir / "ldhkg", "build", "--out", "graph", "--quiet", cwd=elsewhere)
    assert "0 uncovered" in out and (elsewhere / "graph" / "store").is_dir()
    answer = _run(bin_dir / "ldhkg", "ask", "甲钴胺能降低同型半胱氨酸吗？", "--store",
                  "oxigraph:graph/store", cwd=elsewhere)
    assert "ldh:lowering-homocysteine" in answer and answer.count("是。") == 1 and "[29]" in answer
    port = free_port()
    server = subprocess.Popen([str(bin_dir / "ldhkg"), "serve", "--port", str(port), "--store",
                               "graph/store"], cwd=elsewhere, stdout=subprocess.DEVNULL,
                              stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"{base}/health", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "serve died"
                time.sleep(0.2)
        assert health.status_code == 200 and health.json()["status"] == "ok"
        page = httpx.get(f"{base}/", timeout=10)
        assert page.status_code == 200 and "<html" in page.text.lower()
        asset = httpx.get(f"{base}/static/vendor/cytoscape.min.js", timeout=10)
        assert asset.status_code == 200 and len(asset.content) > 100_000
        examples = httpx.get(f"{base}/api/examples", timeout=10).json()
        assert {e["name"] for e in examples} >= {"tcm_view", "risk_factors"}
    finally:
        server.terminate()
        server.wait(timeout=20)
