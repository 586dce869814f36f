"""The ``ldhkg`` console script: the core's commands plus ``serve`` and ``load``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

import kg.cli_ask
import kg.cli_export
import kg.cli_load  # noqa: F401
from kg.cli import cli
from kg.paths import DEFAULT_BUILD_DIR
from kg.pipeline import BuildError, build


@cli.command("serve", help="Serve the graph over HTTP; builds first if there is no build.")
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
def serve_cmd(host: str, port: int, store_path: Path | None, endpoint: str | None) -> None:
    import uvicorn

    from service.app import create_app
    from service.settings import Settings

    if endpoint:
        uvicorn.run(create_app(Settings(store=f"sparql:{endpoint}")), host=host, port=port)
        return
    path = store_path or DEFAULT_BUILD_DIR / "store"
    if store_path is None and not (path / "CURRENT").exists():
        click.echo(f"no build at {DEFAULT_BUILD_DIR}; building first")
        try:
            build(DEFAULT_BUILD_DIR)
        except BuildError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
    app = create_app(Settings(store=f"oxigraph:{path}"))
    uvicorn.run(app, host=host, port=port)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
