"""Run protocol queries under a time limit that really stops them, and cap their results.

Embedded stores: each query runs in one of a few worker processes (``kg.store.worker``) that
open the store read-only. A query past its deadline gets its worker killed and replaced, so a
runaway query gives back its CPU at once and other queries keep their own workers. pyoxigraph
0.5 has no query cancellation; a thread cannot be stopped; a process can.

Remote stores: the query is an HTTP request; the deadline is the client's timeout, and the
server should stop its own work (``oxigraph serve --timeout-s``, Virtuoso's
``MaxQueryExecutionTime``, Fuseki's ``arq:queryTimeout``; see README "Scaling out").
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from kg.store.base import (
    NotAcceptable,
    QueryOptions,
    QuerySyntaxError,
    QueryTimeout,
    Store,
    StoreError,
)
from kg.store.embedded import OxigraphStore
from kg.store.result_cap import Outcome, capped
from kg.store.worker import Job


class Busy(QueryTimeout):
    """No worker came free before the deadline (HTTP 503)."""


_ERRORS: dict[str, type[StoreError]] = {
    "QuerySyntaxError": QuerySyntaxError,
    "NotAcceptable": NotAcceptable,
    "StoreError": StoreError,
}


@dataclass(frozen=True, slots=True)
class Limits:
    timeout: float  # seconds of evaluation, already capped by the server maximum
    cap: int  # rows or triples kept
    queue: float = 10.0  # seconds a query may wait for a free worker before its evaluation


class QueryRunner(Protocol):
    def run(self, query: str, results_type: str | None, graph_type: str | None,
            options: QueryOptions, limits: Limits) -> Outcome: ...

    def close(self) -> None: ...


def _count_until(start: float, timeout: float) -> float:
    """Counting the rows past a cap may use up to 80 % of the time limit, not more."""
    return start + 0.8 * timeout


class _Worker:
    """One ``python -m kg.store.worker`` process and its end of a socket pair."""

    def __init__(self, descriptor: str, union_default: bool) -> None:
        ours, theirs = socket.socketpair()
        with theirs:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "kg.store.worker", str(theirs.fileno()),
                 str(os.getpid()), descriptor, "1" if union_default else "0"],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
            )
        self.conn = Connection(ours.detach())
        self.ready = False

    def death(self) -> str:
        """How the process ended, e.g. ``killed by SIGSEGV`` (a crash in the query engine)."""
        try:
            code = self.proc.wait(2)
        except subprocess.TimeoutExpired:
            return "still running"
        if code < 0:
            return f"killed by {signal.Signals(-code).name}"
        return f"exit status {code}"

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(5)
        self.conn.close()

    def reply(self, deadline: float) -> tuple[object, ...] | None:
        """The next message, or None when the deadline passes first."""
        if not self.conn.poll(max(0.0, deadline - time.monotonic())):
            return None
        msg: tuple[object, ...] = self.conn.recv()
        return msg

    def started(self, deadline: float) -> bool:
        """Has the worker opened its store (waiting for it until ``deadline``)?"""
        if not self.ready:
            msg = self.reply(deadline)
            if msg is None:
                return False
            if msg[0] != "ready":
                raise StoreError(str(msg[-1]))
            self.ready = True
        return True


class WorkerPool:
    """Up to ``size`` worker processes, started on demand and reused; killed on timeout."""

    def __init__(self, descriptor: str, *, union_default: bool = True, size: int = 4,
                 cleanup: Callable[[], None] | None = None) -> None:
        self._descriptor, self._union_default, self.size = descriptor, union_default, size
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()  # idle and busy: all are killed on close
        self._live = 0
        self._cond = threading.Condition()
        self._cleanup = cleanup
        self.kills = 0  # workers killed at a deadline (for /metrics and tests)
        self.closed = False

    def prestart(self) -> None:
        """Start every worker now, so queries never wait for a process to start."""
        with self._cond:
            n, self._live = self.size - self._live, self.size
            self._idle.extend(self._spawn() for _ in range(n))

    def _spawn(self) -> _Worker:
        worker = _Worker(self._descriptor, self._union_default)
        with self._cond:  # reentrant: callers may hold it already
            self._all.add(worker)
        return worker

    def pids(self) -> list[int]:
        """Process ids of the live workers (tests check that a killed one is gone)."""
        with self._cond:  # a spawn may add to the set from another thread
            return [w.proc.pid for w in list(self._all)]

    def _acquire(self, deadline: float) -> _Worker:
        with self._cond:
            while not self._idle and self._live >= self.size:
                if self.closed:
                    raise Busy("the query service is shutting down")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Busy(f"all {self.size} query workers stayed busy until the deadline")
                self._cond.wait(left)
            if self._idle:
                # a worker that has opened its store first; the newest replacement last
                ready = [w for w in self._idle if w.ready or w.conn.poll(0)]
                worker = ready[-1] if ready else self._idle[0]
                self._idle.remove(worker)
                return worker
            self._live += 1
        try:
            return self._spawn()
        except Exception:
            with self._cond:
                self._live -= 1
                self._cond.notify()
            raise

    def _release(self, worker: _Worker, healthy: bool) -> None:
        """Back to the idle list; or killed (timed out, failed) and replaced at once, so the
        next query finds a started worker rather than paying for a process start."""
        with self._cond:
            if healthy and not self.closed:
                self._idle.append(worker)
            else:
                self._kill(worker)
                if self.closed:
                    self._live -= 1
                else:
                    self._idle.append(self._spawn())
            self._cond.notify()

    def _kill(self, worker: _Worker) -> None:
        self._all.discard(worker)
        worker.kill()

    def run(self, query: str, results_type: str | None, graph_type: str | None,
            options: QueryOptions, limits: Limits) -> Outcome:
        queued = time.monotonic() + limits.queue
        worker = self._acquire(queued)
        healthy = False
        try:
            if not worker.started(queued):
                raise Busy(f"no query worker was ready within {limits.queue:g} s")
            start = time.monotonic()
            deadline = start + limits.timeout
            worker.conn.send(Job(query, results_type, graph_type, options, limits.cap,
                                 _count_until(start, limits.timeout)))
            msg = worker.reply(deadline)
            if msg is None:
                self.kills += 1  # the worker is killed on release, before the answer goes out
                raise QueryTimeout(
                    f"query stopped after {limits.timeout:g} s (its time limit); it was "
                    "cancelled, not left running"
                )
            healthy = True
        except (EOFError, OSError) as exc:
            if self.closed:
                raise Busy("the query service is shutting down") from exc
            raise StoreError(f"the query crashed its worker process ({worker.death()}); "
                             "the worker was replaced") from exc
        finally:
            self._release(worker, healthy)
        if msg[0] == "ok":
            assert isinstance(msg[1], Outcome)
            return msg[1]
        raise _ERRORS.get(str(msg[1]), StoreError)(str(msg[2]))

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._idle = []
            workers, self._all = list(self._all), set()
            self._cond.notify_all()
        for worker in workers:  # busy ones too: their requests end with 503 at once
            worker.kill()
        if self._cleanup:
            self._cleanup()


class InlineRunner:
    """A remote store: one HTTP request, bounded by the request's time limit. The store is
    asked for SPARQL JSON or N-Triples (lossless, and what every store writes); the answer is
    capped and written in the negotiated format here, so the contract is the same on every
    backend."""

    FETCH = ("application/sparql-results+json", "application/n-triples")

    def __init__(self, store: Store) -> None:
        self.store = store

    def run(self, query: str, results_type: str | None, graph_type: str | None,
            options: QueryOptions, limits: Limits) -> Outcome:
        start = time.monotonic()
        body, media = self.store.serialize(query, *self.FETCH,
                                           replace(options, timeout=limits.timeout))
        return recap(body, media, results_type, graph_type, limits.cap,
                     _count_until(start, limits.timeout))

    def close(self) -> None:
        pass


def recap(body: bytes, media: str, results_type: str | None, graph_type: str | None,
          cap: int, count_until: float) -> Outcome:
    """An answer serialised as ``media`` (by a remote store), capped at ``cap`` rows and
    written as ``results_type`` / ``graph_type``; untouched when it already is both."""
    from kg.store.base import RDF_FORMATS, RESULT_FORMATS

    def parsed() -> ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]:
        if media in RESULT_FORMATS:
            return ox.parse_query_results(body, format=RESULT_FORMATS[media])
        return (q.triple if isinstance(q, ox.Quad) else q
                for q in ox.parse(body, format=RDF_FORMATS[media]))

    res = parsed()
    if media in (results_type, graph_type) and not isinstance(res, ox.QueryBoolean):
        n = sum(1 for _ in islice(res, cap + 1))
        if n <= cap:  # the common case: the store's own bytes
            return Outcome(body, media, n, total=n)
        res = parsed()
    return capped(res, results_type, graph_type, cap=cap, count_until=count_until)


def runner_for(store: Store, *, workers: int = 4) -> QueryRunner:
    """Worker processes for an embedded store (dumped to a temporary file when it lives only
    in this process's memory); the HTTP request itself for a remote one."""
    if not isinstance(store, OxigraphStore):
        return InlineRunner(store)
    descriptor, cleanup = store.descriptor, None
    if descriptor in ("memory:", "memory"):
        fd, name = tempfile.mkstemp(prefix="ldhkg-", suffix=".nq")
        os.close(fd)
        store.dump(Path(name))
        descriptor = f"memory:{name}"

        def cleanup() -> None:
            Path(name).unlink(missing_ok=True)

    return WorkerPool(descriptor, union_default=store.union_default, size=workers,
                      cleanup=cleanup)
