"""``ldhkg serve``: the HTTP face on the built store or an existing SPARQL endpoint."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from types import FrameType

import click

from kg.build.pipeline import BuildError, build
from kg.paths import DEFAULT_BUILD_DIR


@click.command("serve", help="Serve the graph over HTTP; builds first if there is no build.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path),
    default=None,
    help="On-disk store directory (default: build/store).",
)
@click.option(
    "--endpoint", default=None, help="Serve from an existing SPARQL 1.1 endpoint (its query URL)."
)
@click.option(
    "--index", "index_path", type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None, help="The build's index (build/text.sqlite) for --endpoint: routes read it "
    "instead of indexing the whole endpoint at start-up.",
)
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64),
    help="uvicorn processes (one per core lifts the GIL's limit on REST and protocol work).",
)
def serve_cmd(
    host: str, port: int, store_path: Path | None, endpoint: str | None,
    index_path: Path | None, workers: int
) -> None:
    import uvicorn

    from kg.index import StaleIndex
    from kg.read.text_index import attach
    from kg.store import StoreError, open_store
    from service.http.app import create_app
    from service.http.settings import Settings

    if endpoint:
        settings = Settings(store=f"sparql:{endpoint}",
                            index=str(index_path) if index_path else None)
    else:
        path = store_path or DEFAULT_BUILD_DIR / "store"
        if store_path is None and not (path / "CURRENT").exists():
            click.echo(f"no build at {DEFAULT_BUILD_DIR}; building first")
            try:
                build(DEFAULT_BUILD_DIR)
            except BuildError as exc:
                click.echo(f"error: {exc}", err=True)
                sys.exit(1)
        settings = Settings(store=f"oxigraph:{path}")
    try:  # a missing or corrupt store is a message and exit 2, before the server starts
        store = open_store(settings.store, union_default=settings.default_graph_union)
        store.ask("ASK {}")
        if settings.index:
            attach(store, Path(settings.index))
    except (StoreError, StaleIndex, sqlite3.Error) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if workers > 1:
        if settings.index:
            os.environ["LDHKG_INDEX"] = settings.index
        _serve_processes(settings.store, host, port, workers)
        return
    app = create_app(settings, store=store)

    class Server(uvicorn.Server):
        """On SIGTERM/SIGINT, kill the query workers at once: queries in flight end with a
        503 instead of holding the shutdown up; then uvicorn's graceful shutdown runs."""

        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            runner = getattr(app.state, "runner", None)
            if runner is not None:
                runner.close()
            super().handle_exit(sig, frame)

    Server(uvicorn.Config(app, host=host, port=port, timeout_graceful_shutdown=5)).run()


def _serve_processes(store: str, host: str, port: int, workers: int) -> None:
    """``workers`` uvicorn processes on one socket; each builds its own app (and query
    workers) from the environment.

    uvicorn binds that socket with protocol 0, so asyncio does not set TCP_NODELAY on the
    connections it accepts and every small response waits ~40 ms for a delayed ACK (measured:
    20 req/s at concurrency 1); the socket is handed on as TCP explicitly.
    """
    import socket

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    os.environ["LDHKG_STORE"] = store
    config = uvicorn.Config("service.http.app:create_app", factory=True, host=host, port=port,
                            workers=workers, timeout_graceful_shutdown=5)
    bound = config.bind_socket()
    sock = socket.socket(bound.family, bound.type, socket.IPPROTO_TCP, fileno=bound.detach())
    sock.set_inheritable(True)
    Multiprocess(config, sockets=[sock]).run()
