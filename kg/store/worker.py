"""The body of one query worker process (see ``kg.store.pool``).

A worker opens its own read-only handle on the store, then answers jobs from its pipe until
the pipe closes. It is killed, not asked, when a query runs past its time: pyoxigraph 0.5 has
no way to interrupt a query, and a killed process gives back its CPU and memory at once.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

from kg.store import OxigraphStore, QueryOptions, StoreError, open_store
from kg.store.result_cap import Outcome, capped


@dataclass(frozen=True, slots=True)
class Job:
    query: str
    results_type: str | None
    graph_type: str | None
    options: QueryOptions
    cap: int
    count_until: float  # a time.monotonic() instant: stop counting rows past the cap then


def _exit_with_parent(parent: int) -> None:
    """Exit when the server process is gone, even mid-query (pyoxigraph releases the GIL
    while it evaluates, so this thread runs): a worker never outlives its server."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def run_job(store: OxigraphStore, job: Job) -> Outcome:
    res = store.run(job.query, job.options)
    return capped(res, job.results_type, job.graph_type, cap=job.cap,
                  count_until=job.count_until)


def serve(conn: Connection, descriptor: str, union_default: bool) -> None:
    """Answer jobs: reply ``("ok", Outcome)`` or ``("error", class name, message)``; the
    first message says ``("ready",)`` or why the store could not be opened."""
    try:
        store = open_store(descriptor, union_default=union_default)
        if not isinstance(store, OxigraphStore):
            raise StoreError(f"{descriptor!r} is not an embedded store")
    except StoreError as exc:
        conn.send(("error", "StoreError", str(exc)))
        return
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", run_job(store, job)))
        except StoreError as exc:
            conn.send(("error", type(exc).__name__, str(exc)))


def main(argv: list[str]) -> None:
    """``python -m kg.store.worker FD PARENT_PID DESCRIPTOR UNION``: a plain interpreter, so
    the server's ``__main__`` is never re-imported (as multiprocessing's spawn would)."""
    fd, parent, descriptor, union = argv
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    _exit_with_parent(int(parent))
    serve(Connection(int(fd)), descriptor, union == "1")


if __name__ == "__main__":
    main(sys.argv[1:])
