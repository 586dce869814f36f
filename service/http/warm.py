"""Ready the service ahead of its first request: open the build's index, read the class
labels and load what a first question needs (OpenCC, jieba and its dictionary of the
index's words). Everything per store is a keyed lookup in the index, so this costs the
same whatever the store holds; the store is read-only, so nothing goes stale."""

from __future__ import annotations

import threading

from kg.store import Store


def warm(store: Store) -> None:
    """Open the index and answer one question in each language (on a background thread)."""
    from kg.ask import ask
    from kg.ask.lexicon import lexicon
    from kg.read.search import search
    from kg.read.text_index import index_for

    index_for(store)
    lexicon(store)
    search(store, "warm")
    ask(store, "甲钴胺能降低同型半胱氨酸吗？ Which treatments address inflammatory residual pain?")


def warm_in_background(store: Store) -> threading.Thread:
    """Warm the caches on a daemon thread, so start-up is not delayed by them."""
    thread = threading.Thread(target=warm, args=(store,), name="ldhkg-warm", daemon=True)
    thread.start()
    return thread
