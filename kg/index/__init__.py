"""The build's index (``text.sqlite`` beside the store): what a route needs looked up by key
rather than computed from the whole store at request time.

- ``kg.index.fulltext``: BM25 (SQLite FTS5) over claims and entities, bilingual.
- ``kg.index.tables``: the read side's tables, computed once from a whole store by named
  queries (entities, claims, clinical edges, references, flags, statistics, overview).
- ``kg.index.database``: their schema and how they are written, with the name indexes.
- ``kg.index.reader``: ``Index``, the keyed lookups and pages over one database.

``make_index`` runs the whole of it over a store, however the caller reaches it: the builder
with pyoxigraph over the store it has just written (the review and every ``--add`` file), the
read side over a ``Store`` that came without an index (a test store, an endpoint with no
build beside it).
"""

from __future__ import annotations

from pathlib import Path

from kg.index.durations import BadDuration, duration_key, duration_text
from kg.index.fulltext import TextIndex, documents
from kg.index.reader import Index, LexRow, NameRow, StaleIndex
from kg.index.tables import ClaimRow, EdgeRow, EntityRow, Rows, Tables, tables


def make_index(rows_of: Rows, path: Path | str = ":memory:") -> Index:
    """Compute the documents and tables from the named queries' rows and write them into a
    new index at ``path`` (a file, or in memory)."""
    cache: dict[str, list[dict[str, str]]] = {}

    def text_rows(name: str) -> list[dict[str, str]]:
        if name not in cache:
            cache[name] = [{k: v.value for k, v in r.items()} for r in rows_of(name)]
        return cache[name]

    claims, entities, vocabulary = documents(text_rows)
    return Index.build(claims, entities, vocabulary, tables(rows_of), path)


__all__ = ["BadDuration", "ClaimRow", "EdgeRow", "EntityRow", "Index", "LexRow", "NameRow",
           "Rows", "StaleIndex", "Tables", "TextIndex", "duration_key", "duration_text",
           "make_index", "tables"]
