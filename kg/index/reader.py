"""Reading the build's index: full-text search (``TextIndex``) and the read side's keyed
lookups and pages (``Index``), over one SQLite connection.

Every method is bounded by its arguments: the rows of given ids, the edges at given nodes, a
page of a listing (with its total), the names equal to, starting with or containing a text
(the ``trigram`` FTS5 index finds substrings of three characters or more; shorter ones are
read from the names table, which is small beside the store).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.index.database import SCHEMA, claim_from, edge_from, entity_from, write_tables
from kg.index.fulltext import SCHEMA_VERSION, EntityDoc, TextIndex, write_index
from kg.index.memo import Memo
from kg.index.tables import ClaimRow, EdgeRow, EntityRow, Tables
from kg.namespaces import LDH

CHUNK = 5_000  # ids per IN (...) list, well under SQLite's limit on bound parameters
_ENTITY = "e.ord, e.iri, e.id, e.label_en, e.label_zh, e.types, e.inferred_types, " \
          "e.synonyms, e.degree"
_EDGE = "source, target, predicate, inferred, rule, claims, citations"


class StaleIndex(RuntimeError):
    """An index file written by another version of the builder (rebuild to refresh it)."""


@dataclass(frozen=True, slots=True)
class NameRow:
    """A label or synonym of an entity, as search matches it."""

    iri: str
    field: str
    text: str
    folded: str
    squashed: str


@dataclass(frozen=True, slots=True)
class LexRow:
    """A name form the question answerer matches (``variant`` 1: without its qualifier)."""

    rowid: int
    iri: str
    field: str
    text: str
    folded: str
    variant: int


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def _marks(items: Sequence[Any]) -> str:
    return ",".join("?" * len(items))


ENGLISH_PREFIXES = 4_096  # three-letter prefixes whose English name pools are kept
MEMO = 200_000  # rows kept per memoised table (degrees, claim ends)


class Index(TextIndex):
    """The read side's lookups over the index database (shared by threads, one lock)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        version = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        if version is None or version[0] != SCHEMA_VERSION:
            raise StaleIndex(f"index version {version[0] if version else None!r}, "
                             f"this code reads {SCHEMA_VERSION!r}: rebuild (ldhkg build)")
        super().__init__(db)
        self._closure: dict[str, frozenset[str]] | None = None
        self._english: Memo[tuple[str, int, int, int]] = Memo(ENGLISH_PREFIXES)
        self._degrees: Memo[str] = Memo(MEMO)
        self._ends: Memo[str] = Memo(MEMO)

    @classmethod
    def build(cls, claims: dict[str, list[str]], entities: dict[str, EntityDoc],
              vocabulary: list[str], tables: Tables,
              path: Path | str = ":memory:") -> Index:
        """A new index (in memory, or a file at ``path``) from documents and tables."""
        db = sqlite3.connect(str(path), check_same_thread=False)
        write_index(db, claims, entities, vocabulary)
        write_tables(db, tables)
        return cls(db)

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def counts(self) -> dict[str, int]:
        """Entities, claims, edges, references and statistics in the index."""
        row = self._rows("SELECT value FROM meta WHERE key = 'counts'")
        return dict(json.loads(row[0][0])) if row else {}

    # -- entities ------------------------------------------------------------------------------
    def entities_by_iri(self, iris: Iterable[str]) -> dict[str, EntityRow]:
        """The entities among ``iris`` (IRIs), by IRI; others are left out."""
        wanted = list(dict.fromkeys(iris))
        out: dict[str, EntityRow] = {}
        for part in _chunks(wanted):
            for r in self._rows(f"SELECT {_ENTITY} FROM entity e WHERE e.iri IN ({_marks(part)})",
                                part):
                out[r[1]] = entity_from(r)
        return out

    def degrees(self, iris: Iterable[str]) -> dict[str, int]:
        """How many claims each of ``iris`` is in (IRIs; others left out): the one number
        ranking needs, without decoding whole entity rows."""
        def fetch(wanted: list[str]) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for part in _chunks(wanted):
                out.update(self._rows(
                    f"SELECT iri, degree FROM entity WHERE iri IN ({_marks(part)})", part))
            return out

        return self._degrees.many(iris, fetch)

    def entity(self, iri: str) -> EntityRow | None:
        return self.entities_by_iri([iri]).get(iri)

    def entity_page(self, cls: str | None, needle: str | None, limit: int, offset: int
                    ) -> tuple[int, list[EntityRow]]:
        """Entities (by id) that are of ``cls`` (subclasses and inferred types included) and
        have ``needle`` inside a squashed label or synonym: (total, the page)."""
        where: list[str] = []
        args: list[Any] = []
        if cls is not None:
            where.append("e.ord IN (SELECT ord FROM entity_class WHERE class = ?)")
            args.append(cls)
        if needle:
            where.append(f"e.ord IN (SELECT ord FROM name WHERE {self._containing(needle)})")
            args.append(needle)
        sql = " WHERE " + " AND ".join(where) if where else ""
        total = self._rows(f"SELECT COUNT(*) FROM entity e{sql}", args)[0][0]
        rows = self._rows(f"SELECT {_ENTITY} FROM entity e{sql} ORDER BY e.ord LIMIT ? OFFSET ?",
                          [*args, limit, offset])
        return int(total), [entity_from(r) for r in rows]

    def all_entities(self) -> Iterator[EntityRow]:
        """Every entity by id (a whole-graph export's nodes)."""
        with self._lock:
            rows = self._db.execute(f"SELECT {_ENTITY} FROM entity e ORDER BY e.ord").fetchall()
        return (entity_from(r) for r in rows)

    def closure(self) -> dict[str, frozenset[str]]:
        """Each ontology class -> itself and its subclasses (the ontology's size, kept)."""
        if self._closure is None:
            out: dict[str, set[str]] = {}
            for c, s in self._rows("SELECT class, sub FROM class_closure ORDER BY class, sub"):
                out.setdefault(c, set()).add(s)
            self._closure = {k: frozenset(v) for k, v in out.items()}
        return self._closure

    # -- names ---------------------------------------------------------------------------------
    @staticmethod
    def _containing(needle: str, name: str = "name") -> str:
        """A condition on the names table ``name``: its squashed text contains the bound
        parameter (through the trigram index from three characters)."""
        if len(needle) >= 3:
            return f"{name}.rowid IN (SELECT rowid FROM name_trigram WHERE name_trigram " \
                   "MATCH '\"' || replace(?, '\"', '\"\"') || '\"')"
        return f"instr({name}.squashed, ?) > 0"

    def names_containing(self, squashed: str, limit: int) -> list[NameRow]:
        """Names whose squashed text contains ``squashed``, shortest first (exact and prefix
        matches included), at most ``limit``."""
        sql = (f"SELECT e.iri, n.field, n.text, n.folded, n.squashed FROM name n "
               f"JOIN entity e ON e.ord = n.ord WHERE {self._containing(squashed, 'n')} "
               f"ORDER BY length(n.squashed), n.rowid LIMIT ?")
        return [NameRow(*r) for r in self._rows(sql, [squashed, limit])]

    def names_similar(self, squashed: str, limit: int) -> list[NameRow]:
        """Names sharing three-character runs with ``squashed`` (most relevant first, by
        BM25): the candidates a fuzzy comparison then scores."""
        grams = list(dict.fromkeys(squashed[i : i + 3] for i in range(len(squashed) - 2)))
        if not grams:
            return []
        match = " OR ".join(_phrase(g) for g in grams)
        sql = ("SELECT e.iri, n.field, n.text, n.folded, n.squashed FROM name n "
               "JOIN entity e ON e.ord = n.ord WHERE n.rowid IN (SELECT rowid FROM name_trigram "
               "WHERE name_trigram MATCH ? ORDER BY rank LIMIT ?) ORDER BY n.rowid")
        return [NameRow(*r) for r in self._rows(sql, [match, limit])]

    def lex_terms(self, keys: Iterable[str]) -> list[LexRow]:
        """Name forms whose squashed key is one of ``keys``, in index order."""
        wanted = sorted(set(keys))
        rows: list[tuple[Any, ...]] = []
        for part in _chunks(wanted):
            rows += self._rows(
                "SELECT t.rowid, e.iri, t.field, t.text, t.folded, t.variant FROM lex_term t "
                f"JOIN entity e ON e.ord = t.ord WHERE t.key IN ({_marks(part)})", part)
        return [LexRow(*r) for r in sorted(rows)]

    def lex_english(self, prefixes: Iterable[str], min_tokens: int, max_tokens: int,
                    limit: int) -> list[LexRow]:
        """English name forms of ``min_tokens``-``max_tokens`` words with a word starting
        with one of ``prefixes`` (three letters), best-connected entities first, at most
        ``limit``, returned in index order."""
        wanted = sorted(set(prefixes))
        if not wanted:
            return []
        rows: dict[int, tuple[Any, ...]] = {}
        for prefix in wanted:  # the best of the union is among the best of each prefix
            for r in self._english_for(prefix, min_tokens, max_tokens, limit):
                rows[r[1]] = r
        best = sorted(rows.values())[:limit]  # (-degree, rowid, ...)
        return [LexRow(*r) for r in sorted(r[1:] for r in best)]

    def _english_for(self, prefix: str, min_tokens: int, max_tokens: int,
                     limit: int) -> list[tuple[Any, ...]]:
        """(-degree, rowid, iri, field, text, folded, variant) of the best-connected English
        forms with a word starting ``prefix``: a question's words share prefixes with earlier
        questions' ("pai", "res"), so each is read once per process."""
        def fetch() -> list[tuple[Any, ...]]:
            return [(-r[0], *r[1:]) for r in self._rows(
                "SELECT e.degree, t.rowid, e.iri, t.field, t.text, t.folded, t.variant "
                "FROM lex_prefix p JOIN lex_term t ON t.rowid = p.term JOIN entity e "
                "ON e.ord = t.ord WHERE p.prefix = ? AND t.english AND t.ntok BETWEEN ? AND ? "
                "ORDER BY e.degree DESC, t.rowid LIMIT ?",
                [prefix, min_tokens, max_tokens, limit])]

        found: list[tuple[Any, ...]] = self._english.one(
            (prefix, min_tokens, max_tokens, limit), fetch)
        return found

    def longest_key(self) -> int:
        return int(self._rows("SELECT COALESCE(MAX(length(key)), 0) FROM lex_term")[0][0])

    # -- claims and edges ------------------------------------------------------------------
    def claims_by_id(self, ids: Iterable[str]) -> dict[str, ClaimRow]:
        """The claims among ``ids`` (CURIEs), by id."""
        wanted = list(dict.fromkeys(ids))
        out: dict[str, ClaimRow] = {}
        for part in _chunks(wanted):
            for r in self._rows(
                    "SELECT id, subject, predicate, object, direction, quote, section, "
                    f"citations FROM claim WHERE id IN ({_marks(part)})", part):
                out[r[0]] = claim_from(r)
        return out

    def claim_ends(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """(subject, object) of the claims among ``ids`` (CURIEs): what pre-ranking needs,
        without reading quotes and citations."""
        def fetch(wanted: list[str]) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for part in _chunks(wanted):
                for cid, subject, obj in self._rows(
                        f"SELECT id, subject, object FROM claim WHERE id IN ({_marks(part)})",
                        part):
                    out[cid] = (subject, obj)
            return out

        return self._ends.many(ids, fetch)

    def claims_about_class(self, cls: str, limit: int) -> list[str]:
        """Ids of the claims whose subject or object is of class ``cls`` (a CURIE; subclasses
        and inferred types included), by id, at most ``limit``."""
        members = ("SELECT e.id FROM entity_class c JOIN entity e ON e.ord = c.ord "
                   "WHERE c.class = ?")
        return [r[0] for r in self._rows(
            f"SELECT id FROM claim WHERE subject IN ({members}) UNION "
            f"SELECT id FROM claim WHERE object IN ({members}) ORDER BY id LIMIT ?",
            [cls, cls, limit])]

    def edges_at(self, nodes: Iterable[str]) -> list[EdgeRow]:
        """Edges (asserted and inferred) that start or end at one of ``nodes`` (CURIEs), in
        index order (source, target, predicate)."""
        wanted = sorted(set(nodes))
        rows: set[tuple[Any, ...]] = set()
        for part in _chunks(wanted):
            marks = _marks(part)
            rows.update(self._rows(
                f"SELECT rowid, {_EDGE} FROM edge WHERE source IN ({marks}) "
                f"UNION SELECT rowid, {_EDGE} FROM edge WHERE target IN ({marks})",
                [*part, *part]))
        return [edge_from(r[1:]) for r in sorted(rows)]

    def all_edges(self) -> Iterator[EdgeRow]:
        """Every edge (a whole-graph export)."""
        with self._lock:
            rows = self._db.execute(f"SELECT {_EDGE} FROM edge ORDER BY rowid").fetchall()
        return (edge_from(r) for r in rows)

    # -- references, flags, statistics, overview -----------------------------------------------
    def references(self, numbers: Iterable[int]) -> dict[int, dict[str, Any]]:
        """The reference each of ``numbers`` names: the review's own [n], else the first by
        IRI (a number beyond SQLite's integers names none). Keyed lookups: the own ones by
        IRI, any other through the (n, own, iri) index, so other sources' references under
        the same numbers cost nothing."""
        wanted = sorted({n for n in numbers if 0 <= n < 1 << 63})
        own = {f"{LDH}ref-{n}": n for n in wanted}
        out: dict[int, dict[str, Any]] = {}
        iris = list(own)
        for part in _chunks(iris):
            for iri, rec in self._rows(
                    f"SELECT iri, record FROM reference WHERE iri IN ({_marks(part)})", part):
                out[own[iri]] = json.loads(rec)
        for n in wanted:
            if n not in out:
                row = self._rows("SELECT record FROM reference WHERE n = ? "
                                 "ORDER BY own DESC, iri LIMIT 1", [n])
                if row:
                    out[n] = json.loads(row[0][0])
        return dict(sorted(out.items()))

    def reference_page(self, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        total = self._rows("SELECT COUNT(*) FROM reference")[0][0]
        rows = self._rows("SELECT record FROM reference ORDER BY n, own DESC, iri LIMIT ? OFFSET ?",
                          [limit, offset])
        return int(total), [json.loads(r[0]) for r in rows]

    def flags_on(self, target: str) -> list[dict[str, Any]]:
        """Audit flags on a node (CURIE), by kind."""
        return [json.loads(r[0]) for r in
                self._rows("SELECT record FROM flag WHERE target = ? ORDER BY rowid", [target])]

    def statistics(self, about: str | None, citation: int | None, duration: str | None,
                   limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        """Statistics (by id) about an entity, citing a reference, at a duration key:
        (total, the page)."""
        where: list[str] = []
        args: list[Any] = []
        if about is not None:
            where.append("about = ?")
            args.append(about)
        if citation is not None:
            where.append("id IN (SELECT id FROM statistic_citation WHERE n = ?)")
            args.append(citation)
        if duration is not None:
            where.append("duration = ?")
            args.append(duration)
        sql = " WHERE " + " AND ".join(where) if where else ""
        total = self._rows(f"SELECT COUNT(*) FROM statistic{sql}", args)[0][0]
        rows = self._rows(f"SELECT record FROM statistic{sql} ORDER BY id LIMIT ? OFFSET ?",
                          [*args, limit, offset])
        return int(total), [json.loads(r[0]) for r in rows]

    def overview(self, treatments: int, targets: int
                 ) -> tuple[dict[str, int], list[dict[str, Any]]]:
        """The overview's cells among the ``treatments`` treatments and ``targets`` targets
        with the most claims (ties by id), and how many of each there are in all."""
        top_t = [r[0] for r in self._rows(
            "SELECT treatment FROM overview GROUP BY treatment "
            "ORDER BY SUM(claims) DESC, treatment LIMIT ?", [treatments])]
        top_x = [r[0] for r in self._rows(
            "SELECT target FROM overview GROUP BY target "
            "ORDER BY SUM(claims) DESC, target LIMIT ?", [targets])]
        totals = self._rows("SELECT COUNT(DISTINCT treatment), COUNT(DISTINCT target) "
                            "FROM overview")[0]
        cells = self._rows(
            "SELECT treatment, target, kind, claims FROM overview "
            f"WHERE treatment IN ({_marks(top_t)}) AND target IN ({_marks(top_x)}) "
            "ORDER BY rowid", [*top_t, *top_x]) if top_t and top_x else []
        return ({"treatments": int(totals[0]), "targets": int(totals[1])},
                [{"treatment": t, "target": x, "kind": k, "inferred": c == 0, "claims": c}
                 for t, x, k, c in cells])


__all__ = ["SCHEMA", "Index", "LexRow", "NameRow", "StaleIndex"]
