"""The full-text index of claims and entities: BM25 over SQLite FTS5, one file per build.

Written by the builder (``kg.build.text_index``) beside the store, read by the answerer
through ``kg.read.text_index``. Documents are token strings made by ``kg.text``; the
segmenter vocabulary is kept in the index so a query is tokenised as the documents were.

>>> idx = TextIndex.in_memory({"ldh:c1": ["甲钴胺 降低 同型半胱氨酸"]},
...                           {"ldh:mecobalamin": (["甲钴胺", "mecobalamin"], [])}, ["甲钴胺"])
>>> [c for c, _ in idx.claims("甲钴胺能降低同型半胱氨酸吗")]
['ldh:c1']
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Self

from kg.namespaces import compact
from kg.text import han_terms, query_tokens, tokens

COMMON_DOCS = 20_000  # a word in more claim documents than this is common (see claims)
SCHEMA_VERSION = "4"  # 2: the read side's tables (kg.index.database); 3: references by
# IRI; 4: claims by subject and object
SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE VIRTUAL TABLE claims USING fts5(claim UNINDEXED, body, tokenize='porter unicode61');
CREATE VIRTUAL TABLE entities USING fts5(entity UNINDEXED, names, body,
                                         tokenize='porter unicode61');
"""
EntityDoc = tuple[Sequence[str], Sequence[str]]  # (labels, synonyms, mentions), definitions


Rows = Callable[[str], list[dict[str, str]]]  # a named query's rows, as plain strings


def documents(rows_of: Rows) -> tuple[dict[str, list[str]], dict[str, EntityDoc], list[str]]:
    """(claim texts, entity (names, definitions), segmenter vocabulary) from the rows of the
    ``text_claims`` and ``text_entities`` queries, however the caller runs them."""
    claims: dict[str, list[str]] = defaultdict(list)
    for r in rows_of("text_claims"):
        claims[compact(r["claim"])].append(r["text"])
    names: dict[str, list[str]] = defaultdict(list)
    body: dict[str, list[str]] = defaultdict(list)
    for r in rows_of("text_entities"):
        e = compact(r["entity"])
        (names if r["field"] in ("label", "synonym", "mention") else body)[e].append(r["text"])
    vocabulary = han_terms(t for texts in names.values() for t in texts)
    return dict(claims), {e: (n, body.get(e, [])) for e, n in names.items()}, vocabulary


def _doc(texts: Iterable[str], vocabulary: Sequence[str]) -> str:
    return " ".join(tokens(" ".join(sorted(set(texts))), vocabulary))


def write_index(db: sqlite3.Connection, claims: Mapping[str, Sequence[str]],
                entities: Mapping[str, EntityDoc], vocabulary: Sequence[str]) -> None:
    """Fill an empty database with the schema and the documents."""
    vocabulary = tuple(vocabulary)
    db.executescript(SCHEMA)
    db.execute("INSERT INTO meta VALUES ('version', ?)", (SCHEMA_VERSION,))
    db.execute("INSERT INTO meta VALUES ('vocabulary', ?)",
               (json.dumps(list(vocabulary), ensure_ascii=False),))
    db.executemany("INSERT INTO claims VALUES (?, ?)",
                   [(c, _doc(t, vocabulary)) for c, t in sorted(claims.items())])
    db.executemany("INSERT INTO entities VALUES (?, ?, ?)",
                   [(e, _doc(n, vocabulary), _doc(b, vocabulary))
                    for e, (n, b) in sorted(entities.items())])
    db.commit()
    db.execute("INSERT INTO claims(claims) VALUES ('optimize')")
    db.execute("INSERT INTO entities(entities) VALUES ('optimize')")
    db.commit()


class TextIndex:
    """BM25 search over claims and entities; scores are positive, higher is better."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._lock = threading.Lock()
        row = db.execute("SELECT value FROM meta WHERE key = 'vocabulary'").fetchone()
        self.vocabulary: tuple[str, ...] = tuple(json.loads(row[0])) if row else ()

    @classmethod
    def open(cls, path: Path) -> Self:
        """The index file at ``path``, read-only."""
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        return cls(db)

    @classmethod
    def in_memory(cls, claims: Mapping[str, Sequence[str]], entities: Mapping[str, EntityDoc],
                  vocabulary: Sequence[str]) -> Self:
        db = sqlite3.connect(":memory:", check_same_thread=False)
        write_index(db, claims, entities, vocabulary)
        return cls(db)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def query_tokens(self, text: str) -> list[str]:
        return query_tokens(text, self.vocabulary)

    def _match(self, text: str) -> str | None:
        toks = self.query_tokens(text)
        return " OR ".join('"' + t.replace('"', '""') + '"' for t in toks) or None

    def _common(self, token: str) -> bool:
        """Is ``token`` in more than ``COMMON_DOCS`` claim documents? (Counted up to that.)"""
        q = '"' + token.replace('"', '""') + '"'
        with self._lock:
            n = self._db.execute("SELECT count(*) FROM (SELECT 1 FROM claims WHERE claims "
                                 "MATCH ? LIMIT ?)", (q, COMMON_DOCS + 1)).fetchone()[0]
        return bool(n > COMMON_DOCS)

    def claims(self, text: str, limit: int = 50) -> list[tuple[str, float]]:
        """Claims by BM25 relevance to ``text``. Words in more than ``COMMON_DOCS`` claims
        are left out when rarer ones remain (a document-frequency cutoff: their weight in
        BM25 is small, their posting lists are what a large store's query spends its time
        on); the review has 352 claims, so on it every word counts."""
        toks = self.query_tokens(text)
        rare = [t for t in toks if not self._common(t)] if toks else []
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in (rare or toks)) or None
        if match is None:
            return []
        with self._lock:
            rows = self._db.execute(
                "SELECT claim, -bm25(claims) FROM claims WHERE claims MATCH ? "
                "ORDER BY bm25(claims) LIMIT ?", (match, limit)).fetchall()
        return [(str(c), float(s)) for c, s in rows]

    def entities(self, text: str, limit: int = 20) -> list[tuple[str, float]]:
        """Entities by BM25 relevance to ``text`` (names weigh five times the definitions)."""
        match = self._match(text)
        if match is None:
            return []
        with self._lock:
            rows = self._db.execute(
                "SELECT entity, -bm25(entities, 0.0, 5.0, 1.0) FROM entities "
                "WHERE entities MATCH ? ORDER BY bm25(entities, 0.0, 5.0, 1.0) LIMIT ?",
                (match, limit)).fetchall()
        return [(str(e), float(s)) for e, s in rows]

    def known(self, token: str, prefix: bool = False) -> bool:
        """Does any claim or entity document contain ``token`` (with ``prefix``, a word that
        starts with it: "exam" for examination)?"""
        q = '"' + token.replace('"', '""') + '"' + ("*" if prefix else "")
        with self._lock:
            return bool(self._db.execute("SELECT 1 FROM claims WHERE claims MATCH ? LIMIT 1",
                                         (q,)).fetchone()
                        or self._db.execute("SELECT 1 FROM entities WHERE entities MATCH ? "
                                            "LIMIT 1", (q,)).fetchone())

    def known_or_begun(self, phrase: str) -> bool:
        """Is ``phrase`` known, or does the index have a word its (English, four letters or
        more) last word begins ("exam" for examination, "rehab" for rehabilitation)?"""
        last = phrase.rpartition(" ")[2]
        return self.known(phrase) or (last.isascii() and last.isalpha() and len(last) >= 4
                                      and self.known(phrase, prefix=True))

    def claim_has(self, claim: str, token: str) -> bool:
        """Does the document of ``claim`` (its quote and its entities' names) contain
        ``token``?"""
        q = '"' + token.replace('"', '""') + '"'
        with self._lock:
            return self._db.execute("SELECT 1 FROM claims WHERE claims MATCH ? AND claim = ?",
                                    (q, claim)).fetchone() is not None
