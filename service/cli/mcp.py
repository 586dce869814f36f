"""``ldhkg mcp``: the MCP server over stdio (what a desktop assistant launches), on the built
store or an existing SPARQL endpoint. Stdout carries the protocol; everything else goes to
stderr."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click

from kg.paths import DEFAULT_BUILD_DIR


@click.command("mcp", help="Serve the graph to an AI assistant over MCP (stdio).")
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=None,
              help="On-disk store directory (default: build/store).")
@click.option("--endpoint", default=None,
              help="Use an existing SPARQL 1.1 endpoint (its query URL) instead.")
@click.option("--index", "index_path", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              default=None, help="The build's index (build/text.sqlite) for --endpoint.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1, 60),
              help="Default time limit of the sparql tool, in seconds.")
def mcp_cmd(store_path: Path | None, endpoint: str | None, index_path: Path | None,
            timeout: float) -> None:
    from kg.index import StaleIndex
    from kg.read.text_index import attach
    from kg.store import StoreError, open_store
    from kg.store.pool import runner_for
    from service.mcp.server import build_server

    descriptor = f"sparql:{endpoint}" if endpoint else \
        f"oxigraph:{store_path or DEFAULT_BUILD_DIR / 'store'}"
    try:
        store = open_store(descriptor)
        store.ask("ASK {}")
        if index_path is not None:
            attach(store, index_path)
    except (StoreError, StaleIndex, sqlite3.Error) as exc:
        click.echo(f"error: {exc} (run `ldhkg build` first)", err=True)
        sys.exit(2)
    runner = runner_for(store, workers=2)
    try:
        build_server(lambda: store, lambda: runner, timeout=timeout).run("stdio")
    finally:
        runner.close()
