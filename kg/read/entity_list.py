"""How entities are shown wherever they are mentioned, and the entity list (filter, page).

Labels and types come from the build's index (``kg.index``), one keyed lookup per entity or
batch; the list is a page of the index's entity table in id order, filtered by class (with
subclasses and inferred memberships) and by text inside a label or synonym, with its total.
``per_store`` caches what is the ontology's size, not the data's (class closures, property
labels), per store object.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from typing import TypeVar

from kg.index import EntityRow
from kg.namespaces import compact
from kg.read.text_index import index_for
from kg.store import Store
from kg.text import fold, squash

T = TypeVar("T")


def per_store(build: Callable[[Store], T]) -> Callable[[Store], T]:
    """Cache ``build(store)`` per store object (weakly, so a closed store frees its cache).
    For values the size of the ontology, never the size of the data."""
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
class EntityPage:
    total: int
    limit: int
    offset: int
    items: list[EntityRef]


def ref_of(row: EntityRow) -> EntityRef:
    return EntityRef(row.id, row.label_en, row.label_zh, list(row.types))


def entity_ref(store: Store, iri: str) -> EntityRef:
    """The entity's reference, or a bare one (id only) for a node that is not an entity."""
    row = index_for(store).entity(iri)
    return ref_of(row) if row else EntityRef(compact(iri))


def entity_refs(store: Store, iris: Iterable[str]) -> dict[str, EntityRef]:
    """``entity_ref`` for many IRIs in one lookup, by IRI."""
    wanted = list(dict.fromkeys(iris))
    found = index_for(store).entities_by_iri(wanted)
    return {i: ref_of(found[i]) if i in found else EntityRef(compact(i)) for i in wanted}


def class_closure(store: Store) -> dict[str, frozenset[str]]:
    """Each ontology class (CURIE) -> itself and all its subclasses (CURIEs)."""
    return index_for(store).closure()


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
    included) and with ``q`` inside a label or synonym (folded), paged, sorted by id."""
    cls = resolve_class(store, of_type) if of_type else None
    needle = squash(q) if q and fold(q) else None
    total, rows = index_for(store).entity_page(cls, needle, limit, offset)
    return EntityPage(total, limit, offset, [ref_of(r) for r in rows])


__all__ = ["EntityPage", "EntityRef", "UnknownClass", "class_closure", "entity_ref",
           "entity_refs", "list_entities", "per_store", "ref_of", "resolve_class"]
