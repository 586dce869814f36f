"""Real servers for the tests: ``ldhkg serve`` as a subprocess on a free loopback port."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
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

    port = free_port()
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
