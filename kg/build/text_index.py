"""Write the full-text index (``build/text.sqlite``) from the built store.

The documents are read back from the store with two named queries, not from the curation, so
data added to the store from other sources is indexed the same way.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyoxigraph as ox

from kg import queries
from kg.text_index import documents, write_index


def _rows(store: ox.Store, name: str) -> list[dict[str, str]]:
    res = store.query(queries.load(name), use_default_graph_as_union=True)
    assert isinstance(res, ox.QuerySolutions)
    names = [v.value for v in res.variables]
    return [{n: sol[n].value for n in names if sol[n] is not None} for sol in res]


def write_text_index(store: ox.Store, path: Path) -> dict[str, int]:
    """Index every claim and entity of ``store`` into a new SQLite file at ``path``."""
    claims, entities, vocabulary = documents(lambda name: _rows(store, name))
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        write_index(db, claims, entities, vocabulary)
    finally:
        db.close()
    return {"claims": len(claims), "entities": len(entities), "vocabulary": len(vocabulary)}
