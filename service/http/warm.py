"""Ready the service before it takes its first request: open the build's index, read the
class labels and load what a first question needs (OpenCC, jieba with the index's words and
its part-of-speech tags, wordfreq's lists).
Everything per store is a keyed lookup in the index, so this costs the same whatever the
store holds (about a second), and no route pays it on its first request."""

from __future__ import annotations

from kg.store import Store

# entity-anchored, so its work is bounded by one entity's claims at any size (1.1 s at 10 M
# triples, most of it jieba loading its dictionary); English names are recognised too
QUESTION = "甲钴胺是什么？"
ENGLISH = "What does PELD treat?"


def warm(store: Store) -> None:
    """Open the index, read the lexicon and answer one question."""
    from kg.ask import ask
    from kg.ask.lexicon import lexicon
    from kg.read.search import search
    from kg.read.text_index import index_for
    from kg.text import everyday, phrasing

    index = index_for(store)
    phrasing("还要", index.vocabulary)  # jieba's part-of-speech tags: 0.4 s, once
    everyday("comes")  # wordfreq's English and Chinese word lists: 0.1 s each
    everyday("比例")
    lexicon(store)
    search(store, "PELD")
    lexicon(store).recognise(ENGLISH)
    ask(store, QUESTION)
