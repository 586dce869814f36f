"""The mechanics of the HTTP benchmarks: start a server and wait for it, drive it with ``wrk``.

Kept apart from ``http_bench.py``, which decides what is measured and writes the tables.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CONCURRENCY = (1, 32)


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx/3xx answers plus socket errors, wrk's per-request timeouts included


@dataclass(frozen=True)
class Target:
    name: str
    kind: str  # bare | sparql | rest
    path: str  # for sparql: "?query=..."; otherwise the path on the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(
    cmd: list[str], probe: str, env: dict[str, str] | None = None, limit_s: float = 180
) -> Iterator[float]:
    """Run ``cmd``; yield its start-up time (s) to the first 200 on ``probe``; stop it after.

    stderr goes to a temporary file, so a server that dies says why without a pipe that could
    fill up and block it.
    """
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.DEVNULL,
            stderr=log,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
        )
        try:
            while True:
                try:
                    if httpx.get(probe, timeout=5).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.05)
                if proc.poll() is not None or time.perf_counter() - t0 > limit_s:
                    log.seek(0)
                    tail = log.read().decode(errors="replace")[-2000:]
                    raise RuntimeError(f"server did not start: {' '.join(cmd)}\n{tail}")
            yield time.perf_counter() - t0
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _ms(text: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    if not m:
        return float("nan")
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def _found(pattern: str, text: str) -> str:
    m = re.search(pattern, text, re.M)
    return m.group(1) if m else "nan"


def wrk(
    url: str, connections: int, duration: int, *, accept: str | None = None, timeout_s: int = 10
) -> Result:
    """One wrk cell. An answer slower than ``timeout_s`` counts as an error (wrk leaves it out
    of the latency distribution), so a slow peer costs at most the cell's duration."""
    cmd = ["wrk", f"-t{1 if connections == 1 else 2}", f"-c{connections}", f"-d{duration}s"]
    cmd += ["--latency", f"--timeout={timeout_s}s", url]
    if accept:
        cmd += ["-H", f"Accept: {accept}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    # the distribution lines only ("87.50%" in the stats table must not match "50%")
    p50, p99 = _ms(_found(r"^\s+50%\s+(\S+)", out)), _ms(_found(r"^\s+99%\s+(\S+)", out))
    errs = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    n_err = (int(errs.group(1)) if errs else 0) + (sum(map(int, sock.groups())) if sock else 0)
    return Result(float(_found(r"Requests/sec:\s+([\d.]+)", out)), p50, p99, n_err)


def settle(url: str, accept: str | None = None) -> None:
    """Wait for one answer: a server that works requests off one at a time still has a backlog
    from the last cell when wrk stops, and the next cell must not pay for it."""
    with suppress(httpx.HTTPError):
        httpx.get(url, headers={"accept": accept or "*/*"}, timeout=300)


def sparql_rows(url: str, accept: str) -> int | None:
    """Rows in a SPARQL JSON answer (1 for ASK); None when the answer is not one."""
    try:
        r = httpx.get(url, headers={"accept": accept}, timeout=300)
        body = r.json()
    except (httpx.HTTPError, ValueError):
        return None
    if r.status_code != 200 or not isinstance(body, dict):
        return None
    if "boolean" in body:
        return 1
    return len(body.get("results", {}).get("bindings", []))
