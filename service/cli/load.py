"""``ldhkg load``: push a build into an existing SPARQL 1.1 store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.paths import DEFAULT_BUILD_DIR
from kg.store.load import LoadError, load_build


@click.command(
    "load",
    help="Push a build into a SPARQL 1.1 store (named graphs kept; a reload "
    "replaces, never duplicates).",
)
@click.option(
    "--build",
    "build_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_BUILD_DIR,
    show_default=True,
)
@click.option("--endpoint", required=True, help="The store's SPARQL query URL (checked after).")
@click.option("--update-endpoint", default=None, help="SPARQL Update URL.")
@click.option("--store-endpoint", default=None, help="Graph Store Protocol URL (preferred).")
@click.option("--batch", default=500, show_default=True, help="Triples per INSERT DATA request.")
def load_cmd(
    build_dir: Path,
    endpoint: str,
    update_endpoint: str | None,
    store_endpoint: str | None,
    batch: int,
) -> None:
    from kg.store import StoreError, open_store

    try:
        report = load_build(
            build_dir, update_url=update_endpoint, store_url=store_endpoint, batch=batch
        )
        sizes = open_store(f"sparql:{endpoint}").graph_sizes()
    except (LoadError, StoreError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for graph, n in sorted(report.graphs.items()):
        got = sizes.get(graph, 0)
        mark = "" if got == n else f"  (the endpoint reports {got})"
        click.echo(f"{graph}: {n} triples{mark}")
    click.echo(f"loaded by {report.method}")
