"""``ldhkg export``: write the clinical graph, or a subgraph of it, in a tool's format."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.exports import FORMATS, BadQuery, BadSelection, ExportUnavailable, Selection, export
from kg.paths import DEFAULT_BUILD_DIR
from kg.read.records import UnknownEntity
from kg.store import StoreError, open_store


@click.command(
    "export",
    help="Export the clinical graph (or the neighbourhood of --root to --depth, the paths from "
    "--root to --to, or the result of a CONSTRUCT --query) as FORMAT into FILE "
    "('-' for standard output).",
)
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), required=True,
              help="Export format.")
@click.option("--root", default=None, help="Centre of the neighbourhood / start of the paths.")
@click.option("--depth", type=int, default=None,
              help="Hops around --root (1-3, default 1); with --to, longest path (1-5, default 3).")
@click.option("--to", "to", default=None, help="End of the directed paths from --root.")
@click.option("--query", default=None, help="A SPARQL CONSTRUCT query selecting the subgraph.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
              required=True, help="Output file ('-' for standard output).")
@click.option("--store", "descriptor", default=None,
              help="Store descriptor (default: oxigraph:build/store).")
def export_cmd(
    fmt: str,
    root: str | None,
    depth: int | None,
    to: str | None,
    query: str | None,
    output: Path,
    descriptor: str | None,
) -> None:
    try:
        store = open_store(descriptor or f"oxigraph:{DEFAULT_BUILD_DIR / 'store'}")
        out = export(store, fmt, Selection(root=root, depth=depth, to=to, query=query))
    except (BadSelection, BadQuery, UnknownEntity) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except (ExportUnavailable, StoreError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if str(output) == "-":
        sys.stdout.buffer.write(out.body)
        return
    output.write_bytes(out.body)
    click.echo(f"wrote {output} ({FORMATS[fmt].description}, {len(out.body)} bytes)", err=True)
