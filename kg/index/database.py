"""The build's index database (``text.sqlite``): the read side's tables (``kg.index.tables``)
and the name indexes search and the question answerer look names up in, beside the full-text
index (``kg.index.fulltext``).

Every lookup is by key through a B-tree or an FTS5 index (``trigram`` for substrings of
names), and every listing is a page in a stable order with its total, so a route costs the
same whatever the store holds. JSON columns keep lists and records whole, read back as they
were written.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from kg.index.durations import duration_text
from kg.index.tables import ClaimRow, EdgeRow, EntityRow, Tables
from kg.namespaces import LDH
from kg.text import fold, fold_simplified, squash, without_qualifier

_CJK = re.compile(r"[\u3400-\u9fff]")

SCHEMA = """
CREATE TABLE entity(ord INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, id TEXT NOT NULL UNIQUE,
                    label_en TEXT, label_zh TEXT, types TEXT NOT NULL,
                    inferred_types TEXT NOT NULL, synonyms TEXT NOT NULL,
                    degree INTEGER NOT NULL);
CREATE TABLE entity_class(class TEXT NOT NULL, ord INTEGER NOT NULL,
                          PRIMARY KEY(class, ord)) WITHOUT ROWID;
CREATE TABLE class_closure(class TEXT NOT NULL, sub TEXT NOT NULL,
                           PRIMARY KEY(class, sub)) WITHOUT ROWID;
CREATE TABLE name(rowid INTEGER PRIMARY KEY, ord INTEGER NOT NULL, pos INTEGER NOT NULL,
                  field TEXT NOT NULL, text TEXT NOT NULL, folded TEXT NOT NULL,
                  squashed TEXT NOT NULL);
CREATE INDEX name_squashed ON name(squashed);
CREATE VIRTUAL TABLE name_trigram USING fts5(squashed, content='name', content_rowid='rowid',
                                             tokenize='trigram');
CREATE TABLE lex_term(rowid INTEGER PRIMARY KEY, ord INTEGER NOT NULL, pos INTEGER NOT NULL,
                      variant INTEGER NOT NULL, field TEXT NOT NULL, text TEXT NOT NULL,
                      folded TEXT NOT NULL, key TEXT NOT NULL, ntok INTEGER NOT NULL,
                      english INTEGER NOT NULL);
CREATE INDEX lex_term_key ON lex_term(key);
CREATE TABLE lex_prefix(prefix TEXT NOT NULL, term INTEGER NOT NULL,
                        PRIMARY KEY(prefix, term)) WITHOUT ROWID;
CREATE TABLE claim(id TEXT PRIMARY KEY, subject TEXT NOT NULL, predicate TEXT NOT NULL,
                   object TEXT NOT NULL, direction TEXT NOT NULL, quote TEXT NOT NULL,
                   section TEXT NOT NULL, citations TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX claim_subject ON claim(subject);
CREATE INDEX claim_object ON claim(object);
CREATE TABLE edge(rowid INTEGER PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL,
                  predicate TEXT NOT NULL, inferred INTEGER NOT NULL, rule TEXT,
                  claims TEXT NOT NULL, citations TEXT NOT NULL);
CREATE INDEX edge_source ON edge(source);
CREATE INDEX edge_target ON edge(target);
CREATE TABLE reference(iri TEXT PRIMARY KEY, n INTEGER NOT NULL, own INTEGER NOT NULL,
                       record TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX reference_n ON reference(n, own DESC, iri);
CREATE TABLE flag(rowid INTEGER PRIMARY KEY, target TEXT NOT NULL, record TEXT NOT NULL);
CREATE INDEX flag_target ON flag(target);
CREATE TABLE statistic(id TEXT PRIMARY KEY, about TEXT, duration TEXT,
                       record TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX statistic_about ON statistic(about);
CREATE INDEX statistic_duration ON statistic(duration);
CREATE TABLE statistic_citation(n INTEGER NOT NULL, id TEXT NOT NULL,
                                PRIMARY KEY(n, id)) WITHOUT ROWID;
CREATE TABLE overview(rowid INTEGER PRIMARY KEY, treatment TEXT NOT NULL, target TEXT NOT NULL,
                      kind TEXT NOT NULL, claims INTEGER NOT NULL);
"""


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _name_rows(entities: Sequence[EntityRow]) -> Iterable[tuple[Any, ...]]:
    for ord_, e in enumerate(entities):
        for pos, (fieldname, text) in enumerate(e.texts()):
            if squash(text):
                yield ord_, pos, fieldname, text, fold(text), squash(text)


def _spoken(form: str) -> list[str]:
    """How a Chinese drug class is said aloud: 镇静类药物 as 镇静类药 and 镇静类的药 (药物
    shortened to 药, 的 after 类)."""
    if not (form.endswith("药物") and len(form) >= 4 and _CJK.search(form[-3])):
        return []
    short = form[:-1]
    return [short, short[:-2] + "类的药"] if short.endswith("类药") else [short]


def _lex_rows(entities: Sequence[EntityRow]) -> Iterable[tuple[Any, ...]]:
    """The question answerer's name forms: each name simplified and folded, again without
    a bracketed qualifier (长病程（>6 个月） is also 长病程), and a drug class as it is said
    (``_spoken``)."""
    for ord_, e in enumerate(entities):
        for pos, (fieldname, text) in enumerate(e.texts()):
            folded = fold_simplified(text)
            forms = [folded]
            bare = fold_simplified(without_qualifier(text))
            if bare != folded and len(bare) >= 2:
                forms.append(bare)
            forms += [f for f in _spoken(folded) if f not in forms]
            for variant, form in enumerate(forms):
                yield (ord_, pos, variant, fieldname, text, form, form.replace(" ", ""),
                       len(form.split(" ")), int(not _CJK.search(form) and len(form) >= 5))


def write_tables(db: sqlite3.Connection, t: Tables) -> None:
    """Create the read side's tables in ``db`` and fill them from ``t``."""
    db.executescript(SCHEMA)
    db.executemany("INSERT INTO entity VALUES (?,?,?,?,?,?,?,?,?)", [
        (i, e.iri, e.id, e.label_en, e.label_zh, _json(e.types), _json(e.inferred_types),
         _json(e.synonyms), e.degree) for i, e in enumerate(t.entities)])
    supers: dict[str, set[str]] = {}
    for sup, subs in t.closure.items():
        for sub in subs:
            supers.setdefault(sub, set()).add(sup)
    db.executemany("INSERT INTO class_closure VALUES (?,?)",
                   [(c, s) for c, subs in t.closure.items() for s in subs])
    db.executemany("INSERT OR IGNORE INTO entity_class VALUES (?,?)", [
        (c, i) for i, e in enumerate(t.entities) for ty in e.types + e.inferred_types
        for c in supers.get(ty, ())])
    db.executemany("INSERT INTO name(ord,pos,field,text,folded,squashed) VALUES (?,?,?,?,?,?)",
                   _name_rows(t.entities))
    db.execute("INSERT INTO name_trigram(name_trigram) VALUES ('rebuild')")
    lex = list(_lex_rows(t.entities))
    db.executemany("INSERT INTO lex_term(rowid,ord,pos,variant,field,text,folded,key,ntok,"
                   "english) VALUES (?,?,?,?,?,?,?,?,?,?)",
                   [(i, *row) for i, row in enumerate(lex, 1)])
    db.executemany("INSERT OR IGNORE INTO lex_prefix VALUES (?,?)", [
        (token[:3], i) for i, row in enumerate(lex, 1) if row[-1]
        for token in set(row[5].split(" "))])
    db.executemany("INSERT INTO claim VALUES (?,?,?,?,?,?,?,?)", [
        (c.id, c.subject, c.predicate, c.object, c.direction, c.quote, c.section,
         _json(c.citations)) for c in t.claims.values()])
    db.executemany("INSERT INTO edge(source,target,predicate,inferred,rule,claims,citations) "
                   "VALUES (?,?,?,?,?,?,?)", [
                       (e.source, e.target, e.predicate, int(e.inferred), e.rule,
                        _json(e.claims), _json(e.citations)) for e in t.edges])
    db.executemany("INSERT INTO reference VALUES (?,?,?,?)",
                   [(iri, r["n"], int(iri == f"{LDH}ref-{r['n']}"), _json(r))
                    for iri, r in t.references])
    db.executemany("INSERT INTO flag(target, record) VALUES (?,?)",
                   [(target, _json(f)) for target, fs in t.flags.items() for f in fs])
    db.executemany("INSERT INTO statistic VALUES (?,?,?,?)",
                   [(s["id"], s["about"], duration_text(s["timepoint"]), _json(s))
                    for s in t.statistics])
    db.executemany("INSERT OR IGNORE INTO statistic_citation VALUES (?,?)",
                   [(n, s["id"]) for s in t.statistics for n in s["citations"]])
    db.executemany("INSERT INTO overview(treatment,target,kind,claims) VALUES (?,?,?,?)",
                   [(c["treatment"], c["target"], c["kind"], c["claims"]) for c in t.overview])
    db.execute("INSERT INTO meta VALUES ('counts', ?)", (_json({
        "entities": len(t.entities), "claims": len(t.claims), "edges": len(t.edges),
        "references": len(t.references), "statistics": len(t.statistics)}),))
    db.commit()


def entity_from(row: Sequence[Any]) -> EntityRow:
    """An ``entity`` row (ord, iri, id, labels, types, inferred types, synonyms, degree)."""
    return EntityRow(row[1], row[2], row[3], row[4], json.loads(row[5]), json.loads(row[6]),
                     json.loads(row[7]), row[8])


def claim_from(row: Sequence[Any]) -> ClaimRow:
    return ClaimRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                    json.loads(row[7]))


def edge_from(row: Sequence[Any]) -> EdgeRow:
    """An ``edge`` row without its rowid."""
    return EdgeRow(row[0], row[1], row[2], bool(row[3]), row[4], json.loads(row[5]),
                   json.loads(row[6]))
