"""The full-text index of a store: the build's ``text.sqlite`` beside an on-disk store, or
one made in memory from the store itself when there is no file (test stores, a remote
endpoint without the build's index beside it).

>>> from kg.store import open_store
>>> index_for(open_store("memory:")).claims("anything")
[]
"""

from __future__ import annotations

import threading
import weakref
from pathlib import Path

from kg import queries
from kg.paths import TEXT_INDEX
from kg.store import Store
from kg.text_index import TextIndex, documents

_ATTACHED: weakref.WeakKeyDictionary[Store, TextIndex] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def attach(store: Store, path: Path) -> TextIndex:
    """Use the index file at ``path`` for ``store`` (``ldhkg serve --text-index``)."""
    index = TextIndex.open(path)
    with _LOCK:
        _ATTACHED[store] = index
    return index


def _beside(store: Store) -> Path | None:
    scheme, _, arg = store.descriptor.partition(":")
    if scheme == "oxigraph" and arg:
        return Path(arg).parent / TEXT_INDEX
    if scheme == "memory" and arg:
        return Path(arg).parent / TEXT_INDEX
    return None


def _from_store(store: Store) -> TextIndex:
    def rows(name: str) -> list[dict[str, str]]:
        return [{k: v.value for k, v in r.items()}
                for r in store.select(queries.load(name)).rows]

    return TextIndex.in_memory(*documents(rows))


def index_for(store: Store) -> TextIndex:
    """The store's index: attached, else the file beside it, else built from the store."""
    with _LOCK:
        found = _ATTACHED.get(store)
    if found is not None:
        return found
    path = _beside(store)
    index = TextIndex.open(path) if path is not None and path.exists() else _from_store(store)
    with _LOCK:
        _ATTACHED[store] = index
    return index
