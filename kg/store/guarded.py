"""A read-only protocol query as every face runs it: screened (no update, SERVICE only to the
allowed prefixes, standard SPARQL and known graphs for a remote store), then run by the
runner under its time limit and row cap. The HTTP ``/sparql`` route and the MCP ``sparql``
tool call this one function, so the same limits hold on both.

>>> looks_like_update("PREFIX x: <urn:x> INSERT DATA { x:a x:b x:c }")
True
>>> looks_like_update("SELECT * WHERE { ?s ?p ?o }")
False
"""

from __future__ import annotations

import re

from kg.store.base import QueryDataset, QueryOptions, QuerySyntaxError, Store
from kg.store.embedded import OxigraphStore
from kg.store.guard import NO_DATASET, screen
from kg.store.pool import Limits, QueryRunner
from kg.store.result_cap import Outcome

READ_ONLY = "updates are not allowed: this SPARQL endpoint is read-only"
_PROLOGUE = re.compile(r"^\s*(?:(?:#[^\n]*\n)|(?:(?:PREFIX|BASE)\s+[^\n<]*<[^>]*>\s*))*", re.I)
_UPDATE = re.compile(r"^(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


def looks_like_update(text: str) -> bool:
    """Does ``text`` open (after its prologue) with a SPARQL Update keyword?"""
    return bool(_UPDATE.match(text[_PROLOGUE.match(text).end():].lstrip()))  # type: ignore[union-attr]


def run_read_only(store: Store, runner: QueryRunner, query: str, results_type: str | None,
                  graph_type: str | None, limits: Limits, *, allow: tuple[str, ...],
                  dataset: QueryDataset = NO_DATASET, base: str | None = None,
                  graphs: frozenset[str] = frozenset()) -> Outcome:
    """Screen and run ``query``; raises ``QueryRefused`` (guard), ``QuerySyntaxError`` (an
    update, or a parse error),
    ``QueryTimeout`` or ``StoreError`` with a message for the user."""
    if looks_like_update(query):  # malformed as a query (HTTP 400), said plainly
        raise QuerySyntaxError(f"an update is not a query; {READ_ONLY}")
    strict = not isinstance(store, OxigraphStore)
    screen(query, allow=allow, strict=strict, graphs=graphs if strict else frozenset(),
           dataset=dataset, base=base)
    return runner.run(query, results_type, graph_type, QueryOptions(dataset, base), limits)


__all__ = ["READ_ONLY", "looks_like_update", "run_read_only"]
