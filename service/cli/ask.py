"""``ldhkg ask "question" [--json]``: a question in English or Chinese, answered from the
built store with its evidence. Defined on the core group so the core CLI stays one face."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

import click

from kg.ask import ask
from kg.ask.text import render
from kg.paths import DEFAULT_BUILD_DIR
from kg.store import StoreError, open_store


@click.command("ask", help="Answer a question (English or Chinese) from the graph, with evidence.")
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="The full answer as JSON.")
@click.option("--sparql", "show_sparql", is_flag=True, help="Print the queries' text too.")
@click.option(
    "--store", "descriptor", default=None, help="Store descriptor (default: oxigraph:build/store)."
)
def ask_cmd(question: str, as_json: bool, show_sparql: bool, descriptor: str | None) -> None:
    try:
        store = open_store(descriptor or f"oxigraph:{DEFAULT_BUILD_DIR / 'store'}")
        answer = ask(store, question)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(asdict(answer), ensure_ascii=False, indent=2))
    else:
        click.echo(render(answer, show_sparql=show_sparql))
