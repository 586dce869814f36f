"""The index of a store (``kg.index``): the build's ``text.sqlite`` beside an on-disk store or
attached to a store (``ldhkg serve --endpoint URL --index build/text.sqlite``), or else one
made in memory from the store itself (test stores, an endpoint with no build beside it: a
whole-store read, once, which is why a large remote store should be served with its build's
index).

>>> from kg.store import open_store
>>> index_for(open_store("memory:")).claims("anything")
[]
"""

from __future__ import annotations

import logging
import threading
import weakref
from pathlib import Path

from kg import queries
from kg.index import Index, StaleIndex, make_index
from kg.index.tables import Row
from kg.paths import TEXT_INDEX
from kg.store import Store

log = logging.getLogger("ldhkg")
_ATTACHED: weakref.WeakKeyDictionary[Store, Index] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def attach(store: Store, path: Path) -> Index:
    """Use the index file at ``path`` for ``store``. Raises ``StaleIndex`` for an index
    written by another version, ``OSError``/``sqlite3.Error`` for a file that is not one."""
    index = Index.open(path)
    with _LOCK:
        _ATTACHED[store] = index
    return index


def _beside(store: Store) -> Path | None:
    scheme, _, arg = store.descriptor.partition(":")
    if scheme in ("oxigraph", "memory") and arg:
        return Path(arg).parent / TEXT_INDEX
    return None


def _from_store(store: Store) -> Index:
    def rows(name: str) -> list[Row]:
        return list(store.select(queries.load(name)).rows)

    return make_index(rows)


def index_for(store: Store) -> Index:
    """The store's index: attached, else the file beside it, else made from the store."""
    with _LOCK:
        found = _ATTACHED.get(store)
        if found is not None:
            return found
        path = _beside(store)
        index = None
        if path is not None and path.exists():
            try:
                index = Index.open(path)
            except StaleIndex as exc:
                log.warning("%s: %s; indexing the store in memory instead", path, exc)
        if index is None:
            index = _from_store(store)
        _ATTACHED[store] = index
        return index
