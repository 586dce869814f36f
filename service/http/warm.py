"""Build the per-store caches (entity table, claims, clinical graph, statistics, search index,
question lexicon, the answerer's text index and segmenter) ahead of the first request. The
store is read-only, so they never go stale."""

from __future__ import annotations

import threading

from kg.store import Store


def warm(store: Store) -> None:
    """Build every per-store cache now (about 0.5 s for the review, on a background thread)."""
    from kg.ask import ask
    from kg.ask.lexicon import lexicon
    from kg.read.citations import claims_by_id, list_citations
    from kg.read.entity_list import class_closure, entity_table
    from kg.read.graph import clinical_graph
    from kg.read.search import search
    from kg.read.statistics import all_statistics

    entity_table(store)
    class_closure(store)
    claims_by_id(store)
    list_citations(store)
    clinical_graph(store)
    all_statistics(store)
    search(store, "warm")
    lexicon(store)
    # the answerer's own: full-text index, segmenter, word frequencies, property closure
    ask(store, "甲钴胺能降低同型半胱氨酸吗？ Which treatments address inflammatory residual pain?")


def warm_in_background(store: Store) -> threading.Thread:
    """Warm the caches on a daemon thread, so start-up is not delayed by them."""
    thread = threading.Thread(target=warm, args=(store,), name="ldhkg-warm", daemon=True)
    thread.start()
    return thread
