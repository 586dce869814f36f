"""Ready the service before it takes its first request: open the build's index, read the
class labels and load what a first question needs (OpenCC, jieba with the index's words).
Everything per store is a keyed lookup in the index, so this costs the same whatever the
store holds (about a second), and no route pays it on its first request."""

from __future__ import annotations

from kg.store import Store

# entity-anchored in both languages: the segmenter, the converter, the lexicon and each
# reading path are loaded, and the work is bounded by two entities' claims at any size
QUESTIONS = ("甲钴胺是什么？", "What does PELD treat?")


def warm(store: Store) -> None:
    """Open the index, read the lexicon and answer one question in each language."""
    from kg.ask import ask
    from kg.ask.lexicon import lexicon
    from kg.read.search import search
    from kg.read.text_index import index_for

    index_for(store)
    lexicon(store)
    search(store, "PELD")
    for q in QUESTIONS:
        ask(store, q)
