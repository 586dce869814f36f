"""The ``ldhkg`` command line: one module per command group, registered here explicitly.

>>> sorted(cli.commands)
['ask', 'build', 'check', 'export', 'load', 'mcp', 'query', 'serve']
"""

from __future__ import annotations

import click

from service.cli.ask import ask_cmd
from service.cli.build import build_cmd, check_cmd
from service.cli.export import export_cmd
from service.cli.load import load_cmd
from service.cli.mcp import mcp_cmd
from service.cli.query import query_cmd
from service.cli.serve import serve_cmd


@click.group(help="LDH residual-symptom knowledge graph: build, check, query, serve.")
@click.version_option(package_name="ldhkg")
def cli() -> None:
    pass


for command in (build_cmd, check_cmd, query_cmd, ask_cmd, export_cmd, load_cmd, serve_cmd,
                mcp_cmd):
    cli.add_command(command)


def main() -> None:
    cli()


__all__ = ["cli", "main"]
