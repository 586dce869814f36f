"""The clinical entities of a store as one table, and the entity list (filter, page).

Search, listing and graph navigation all need every entity's labels and types; one query
per store fills this table, cached against the store object (the built store is read-only,
so it never goes stale). Text folding for matching lives here too, so listing and search
agree on what "the same text" means.

>>> fold("ＩＬ－6  Receptor")
'il 6 receptor'
>>> squash("sEMG-biofeedback")
'semgbiofeedback'
"""

from __future__ import annotations

import re
import threading
import unicodedata
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import TypeVar

import pyoxigraph as ox

from kg import queries
from kg.namespaces import LDHO, compact
from kg.store import Store

T = TypeVar("T")

LDHO_NS = str(LDHO)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_/·・]+")


def fold(text: str) -> str:
    """NFKC (full-width -> half-width), case-folded, hyphens and spaces as one space."""
    return _SEPARATORS.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def squash(text: str) -> str:
    """``fold`` without separators, so ``IL-6``, ``il 6`` and ``IL6`` compare equal."""
    return fold(text).replace(" ", "")


def per_store(build: Callable[[Store], T]) -> Callable[[Store], T]:
    """Cache ``build(store)`` per store object (weakly, so a closed store frees its cache)."""
    cache: weakref.WeakKeyDictionary[Store, T] = weakref.WeakKeyDictionary()
    lock = threading.Lock()

    @wraps(build)
    def get(store: Store) -> T:
        with lock:
            try:
                return cache[store]
            except KeyError:
                value = build(store)
            except TypeError:  # a store that cannot be weakly referenced: no cache
                return build(store)
            cache[store] = value
            return value

    return get


class UnknownClass(ValueError):
    """A ``type`` filter that names no class of the ontology."""


@dataclass(slots=True)
class EntityRef:
    """How an entity is shown wherever it is mentioned: id, both labels, asserted types."""

    id: str
    label_en: str | None = None
    label_zh: str | None = None
    types: list[str] = field(default_factory=list)


@dataclass(slots=True)
class EntityRow:
    iri: str
    ref: EntityRef
    synonyms: list[str] = field(default_factory=list)
    inferred_types: list[str] = field(default_factory=list)

    def texts(self) -> list[tuple[str, str]]:
        """(field, text) pairs to match against: labels first, then synonyms."""
        out = [("label_en", self.ref.label_en), ("label_zh", self.ref.label_zh)]
        return [(f, t) for f, t in out if t] + [("synonym", s) for s in self.synonyms]


@dataclass(slots=True)
class EntityPage:
    total: int
    limit: int
    offset: int
    items: list[EntityRef]


@per_store
def entity_table(store: Store) -> dict[str, EntityRow]:
    """Every clinical entity by IRI (sorted by id)."""
    rows: dict[str, EntityRow] = {}
    for r in store.select(queries.load("entity_table")).rows:
        iri, kind, value = r["entity"].value, r["field"].value, r["value"]
        row = rows.setdefault(iri, EntityRow(iri, EntityRef(compact(iri))))
        lang = value.language if isinstance(value, ox.Literal) else None
        if kind == "label" and lang == "en":
            row.ref.label_en = value.value
        elif kind == "label" and lang == "zh":
            row.ref.label_zh = value.value
        elif kind == "synonym" and value.value not in row.synonyms:
            row.synonyms.append(value.value)
        elif kind == "type" and value.value.startswith(LDHO_NS):
            row.ref.types.append(compact(value.value))
        elif kind == "inferred_type" and value.value.startswith(LDHO_NS):
            row.inferred_types.append(compact(value.value))
    return dict(sorted(rows.items(), key=lambda kv: kv[1].ref.id))


def entity_ref(store: Store, iri: str) -> EntityRef:
    """The entity's reference (shared: read, do not modify), or a bare one (id only) for a
    node outside the table."""
    row = entity_table(store).get(iri)
    return row.ref if row else EntityRef(compact(iri))


@per_store
def class_closure(store: Store) -> dict[str, frozenset[str]]:
    """Each ontology class (CURIE) -> itself and all its subclasses (CURIEs)."""
    out: dict[str, set[str]] = {}
    for r in store.select(queries.load("class_closure")).rows:
        out.setdefault(compact(r["class"].value), set()).add(compact(r["sub"].value))
    return {k: frozenset(v) for k, v in out.items()}


def resolve_class(store: Store, name: str) -> str:
    """``Drug``, ``ldho:Drug``, ``drug`` or the full IRI -> ``ldho:Drug``."""
    closure = class_closure(store)
    text = name.strip()
    curie = compact(text) if text.startswith(("http://", "https://")) else text
    if ":" not in curie:
        curie = f"ldho:{curie}"
    if curie in closure:
        return curie
    by_fold = {k.casefold(): k for k in closure}
    if curie.casefold() in by_fold:
        return by_fold[curie.casefold()]
    raise UnknownClass(f"no class {name!r} in the ontology (e.g. Drug, Symptom, Mechanism)")


def list_entities(
    store: Store,
    of_type: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> EntityPage:
    """Clinical entities, optionally of a class (its subclasses and inferred memberships
    included) and with ``q`` inside a label or synonym (folded), paged, sorted by id.

    Filtering runs over the cached table rather than in SPARQL: paging values would otherwise
    have to be written into the query text, and 154 rows filter in microseconds.
    """
    rows = list(entity_table(store).values())
    if of_type:
        wanted = class_closure(store)[resolve_class(store, of_type)]
        rows = [r for r in rows if wanted.intersection(r.ref.types + r.inferred_types)]
    if q and fold(q):
        needle = squash(q)
        rows = [r for r in rows if any(needle in squash(t) for _, t in r.texts())]
    page = rows[offset : offset + limit]
    return EntityPage(len(rows), limit, offset, [r.ref for r in page])
