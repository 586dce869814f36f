"""``ldhkg query``: a SPARQL query against the built store, in any result format."""

from __future__ import annotations

import sys

import click

from kg.paths import DEFAULT_BUILD_DIR
from kg.store import MEDIA_TYPES, StoreError, open_store


@click.command("query", help="Run a SPARQL query against the built store.")
@click.argument("sparql")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(MEDIA_TYPES)),
    default=None,
    help="Result format (default: json for SELECT/ASK, turtle for CONSTRUCT/DESCRIBE).",
)
@click.option(
    "--store", "descriptor", default=None, help="Store descriptor (default: oxigraph:build/store)."
)
def query_cmd(sparql: str, fmt: str | None, descriptor: str | None) -> None:
    try:
        store = open_store(descriptor or f"oxigraph:{DEFAULT_BUILD_DIR / 'store'}")
        media = MEDIA_TYPES[fmt] if fmt else None
        out, _ = store.serialize(
            sparql, media or MEDIA_TYPES["json"], media or MEDIA_TYPES["turtle"]
        )
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    sys.stdout.buffer.write(out if out.endswith(b"\n") else out + b"\n")
