"""Write the build's index (``build/text.sqlite``: full text and the read side's tables) from
the built store.

Everything is read back from the store with named queries, not from the curation, so data
added to the store from other sources (``ldhkg build --add``) is indexed the same way.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg import queries
from kg.index import make_index
from kg.index.tables import Row


def _rows(store: ox.Store, name: str) -> list[Row]:
    res = store.query(queries.load(name), use_default_graph_as_union=True)
    assert isinstance(res, ox.QuerySolutions)
    names = [v.value for v in res.variables]
    return [{n: sol[n] for n in names if sol[n] is not None} for sol in res]


def write_text_index(store: ox.Store, path: Path) -> dict[str, int]:
    """Index every claim and entity of ``store`` into a new SQLite file at ``path``."""
    path.unlink(missing_ok=True)
    index = make_index(lambda name: _rows(store, name), path)
    try:
        return index.counts()
    finally:
        index.close()


def index_store(store: Path, path: Path) -> dict[str, int]:
    """``write_text_index`` for the store at ``store``, opened read-only: what the build runs
    in a second process while it writes the other artifacts."""
    return write_text_index(ox.Store.read_only(str(store)), path)
