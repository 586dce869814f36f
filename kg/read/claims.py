"""Bounded lookups around one entity or one claim, each by a named query with bound values,
so they cost the same however large the store: the claims that use an entity (in any role),
one claim's full record, the inferred edges at an entity, an entity's labels and types, a
statistic, the audit flags on a target, the members of a class. Results are cached per store
(read-only) in bounded caches. The entity page and the question answerer both read through
here; the answerer records each query it runs (``on_query``) to show it.

A claim's record holds everything it says besides its edge: modality, knowledge level,
populations, indications, anatomy, outcome measures, comparator, study design and size, the
study it describes and its statistics.

>>> from kg.store import open_store
>>> Lookups(open_store("memory:")).claims_of("ldh:mecobalamin")
[]
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import pyoxigraph as ox

from kg import queries
from kg.namespaces import compact, expand
from kg.read.entity_list import class_closure, per_store
from kg.read.text_index import index_for
from kg.store import Store

TCM = "ldho:TCMConcept"
K = TypeVar("K")
V = TypeVar("V")
Observer = Callable[[str, dict[str, str]], None]  # (query name, bindings) of each lookup
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@per_store
def property_roots(store: Store) -> dict[str, frozenset[str]]:
    """Each property (CURIE) -> itself and its super-properties."""
    out: dict[str, set[str]] = {}
    for r in store.select(queries.load("ask_property_closure")).rows:
        out.setdefault(compact(r["property"].value), set()).add(compact(r["root"].value))
    return {k: frozenset(v) for k, v in out.items()}


@dataclass(slots=True)
class ClaimRecord:
    id: str
    subject: str = ""
    predicate: str = ""
    object: str = ""
    direction: str = "supports"
    quote: str = ""
    section: str = ""
    citations: list[int] = field(default_factory=list)
    modality: str = "stated"
    knowledge_level: str = "knowledge_assertion"
    populations: list[str] = field(default_factory=list)
    indications: list[str] = field(default_factory=list)
    anatomy: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    comparator: str | None = None
    design: str | None = None
    n: int | None = None
    study_count: int | None = None
    timepoint: str | None = None
    follow_up: str | None = None
    study: str | None = None
    statistics: list[str] = field(default_factory=list)

    def qualifier_entities(self) -> list[str]:
        out = [*self.populations, *self.indications, *self.anatomy, *self.outcomes]
        return out + ([self.comparator] if self.comparator else [])

    def entities(self) -> list[str]:
        """Every entity the claim uses: subject, object, then its qualifiers."""
        return list(dict.fromkeys([self.subject, self.object, *self.qualifier_entities()]))


@dataclass(slots=True)
class InferredEdge:
    subject: str
    predicate: str
    object: str
    claims: list[str] = field(default_factory=list)
    explanation: str | None = None


@dataclass(slots=True)
class StatRecord:
    id: str
    quantity: str = ""
    value: float = 0.0
    stated_as: str | None = None
    unit: str | None = None
    timepoint: str | None = None
    n: int | None = None
    comparison: str | None = None
    about: str | None = None



@dataclass(slots=True)
class EntityBrief:
    id: str
    label_en: str | None = None
    label_zh: str | None = None
    types: list[str] = field(default_factory=list)  # asserted and inferred
    classes: frozenset[str] = frozenset()  # the types with every super-class


_LISTS = {"population": "populations", "indication": "indications",
          "anatomical_context": "anatomy", "outcome": "outcomes", "statistic": "statistics"}
_IRIS = {"subject", "object", "predicate", "comparator", "design", "study"}


class Bounded(Generic[K, V]):
    """A dict that forgets its least recently used entries beyond ``size``: a big store does
    not grow the service's memory without end."""

    def __init__(self, size: int = 20_000) -> None:
        self._data: OrderedDict[K, V] = OrderedDict()
        self._size = size

    def get(self, key: K) -> V | None:
        if key in self._data:
            self._data.move_to_end(key)
            return self._data[key]
        return None

    def __contains__(self, key: K) -> bool:
        return key in self._data

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __setitem__(self, key: K, value: V) -> None:
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self._size:
            self._data.popitem(last=False)


@dataclass(slots=True)
class _Cache:
    claims_of: Bounded[str, list[str]] = field(default_factory=Bounded)
    claim: Bounded[str, ClaimRecord] = field(default_factory=Bounded)
    inferred_of: Bounded[str, list[InferredEdge]] = field(default_factory=Bounded)
    # an entity's brief, and whether the index had it (what a cached lookup records)
    entity: Bounded[str, tuple[EntityBrief | None, bool]] = field(default_factory=Bounded)
    statistic: Bounded[str, StatRecord] = field(default_factory=Bounded)
    members: Bounded[str, list[str]] = field(default_factory=Bounded)
    flags: Bounded[str, list[tuple[str, str, str]]] = field(default_factory=Bounded)


@per_store
def _cache(store: Store) -> _Cache:
    return _Cache()


@per_store
def _super_classes(store: Store) -> dict[str, frozenset[str]]:
    """class -> itself and every super-class (from the ontology's class closure)."""
    out: dict[str, set[str]] = {}
    for sup, subs in class_closure(store).items():
        for sub in subs:
            out.setdefault(sub, set()).add(sup)
    return {k: frozenset(v) for k, v in out.items()}


CLAIM_BATCH = 100  # claims read by one query


def _with_values(query: str, var: str, terms: str) -> str:
    """``query`` with ``VALUES ?var { terms }`` first in its WHERE clause (the terms written
    by pyoxigraph from IRIs, never from user text)."""
    head, sep, body = query.partition("WHERE {")
    if not sep:
        raise ValueError("the query has no WHERE clause")
    return f"{head}WHERE {{\n  VALUES ?{var} {{ {terms} }}{body}"


def _claim_record(cid: str, rows: Iterable[dict[str, ox.NamedNode | ox.BlankNode |
                                                ox.Literal]]) -> ClaimRecord:
    """A claim from its ``ask_claim`` rows (field, value)."""
    f = ClaimRecord(cid)
    for r in rows:
        name, term = r["field"].value, r["value"]
        value = compact(term.value) if isinstance(term, ox.NamedNode) else term.value
        if name in _LISTS:
            getattr(f, _LISTS[name]).append(value)
        elif name in ("n", "study_count"):
            setattr(f, name, int(value))
        elif name == "citation":
            if int(value) not in f.citations:
                f.citations.append(int(value))
        else:
            setattr(f, name, value)
    f.citations.sort()
    for lst in (f.populations, f.indications, f.anatomy, f.outcomes, f.statistics):
        lst.sort()
    return f


class Lookups:
    """The bounded lookups over one store; ``on_query`` hears of every one (cached or not)."""

    def __init__(self, store: Store, on_query: Observer | None = None) -> None:
        self.store = store
        self._on_query = on_query
        self._cache = _cache(store)
        # the entities this caller (one question, one page) has looked up: scoring asks
        # about the same few hundred entities thousands of times
        self._mine: dict[str, EntityBrief | None] = {}

    def _select(self, name: str, var: str, curie: str) -> list[dict[str, ox.NamedNode |
                                                                  ox.BlankNode | ox.Literal]]:
        self._note(name, var, curie)
        return list(self.store.select(queries.load(name),
                                      {var: ox.NamedNode(expand(curie))}).rows)

    def claims_of(self, entity: str) -> list[str]:
        """Ids of the claims that use ``entity`` in any role."""
        found = self._cache.claims_of.get(entity)
        if found is None:
            found = sorted({compact(r["claim"].value)
                            for r in self._select("ask_claims_of", "entity", entity)})
            self._cache.claims_of[entity] = found
        else:
            self._note("ask_claims_of", "entity", entity)
        return found

    def claims_of_class(self, cls: str, limit: int) -> list[str]:
        """Ids of the claims whose subject or object is a member of ``cls`` (subclasses and
        inferred types included), by id, at most ``limit``: from the build's index, where the
        members' claims are a keyed lookup (the SPARQL form reads every member's claims)."""
        self._note("index:claims_of_class", "class", cls)
        return index_for(self.store).claims_about_class(cls, limit)

    def claim(self, cid: str) -> ClaimRecord:
        found = self._cache.claim.get(cid)
        if found is not None:
            self._note("ask_claim", "claim", cid)
            return found
        f = _claim_record(cid, self._select("ask_claim", "claim", cid))
        self._cache.claim[cid] = f
        return f

    def read_claims(self, ids: Iterable[str]) -> None:
        """Read the claims among ``ids`` not yet read, ``CLAIM_BATCH`` to a query (the same
        rows as ``ask_claim``, one query for many): a question that reads 250 candidate claims
        makes 3 queries, not 250. Each is still shown as its ``ask_claim`` when used."""
        missing = [c for c in dict.fromkeys(ids) if self._cache.claim.get(c) is None]
        for i in range(0, len(missing), CLAIM_BATCH):
            chunk = missing[i:i + CLAIM_BATCH]
            terms = " ".join(str(ox.NamedNode(expand(c))) for c in chunk)
            text = _with_values(queries.load("ask_claim"), "claim", terms)
            rows: dict[str, list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]] = {}
            for r in self.store.select(text).rows:
                rows.setdefault(compact(r["claim"].value), []).append(r)
            for cid in chunk:
                self._cache.claim[cid] = _claim_record(cid, rows.get(cid, []))

    def inferred_of(self, entity: str) -> list[InferredEdge]:
        """Inferred edges (object properties only) that start or end at ``entity``."""
        found = self._cache.inferred_of.get(entity)
        if found is not None:
            self._note("ask_inferred_of", "entity", entity)
            return found
        edges: dict[str, InferredEdge] = {}
        for r in self._select("ask_inferred_of", "entity", entity):
            p = compact(r["p"].value)
            if p.startswith("rdf:"):
                continue
            e = edges.setdefault(r["inference"].value, InferredEdge(
                compact(r["s"].value), p, compact(r["o"].value)))
            if "claim" in r and compact(r["claim"].value) not in e.claims:
                e.claims.append(compact(r["claim"].value))
            if "explanation" in r and e.explanation is None:
                e.explanation = r["explanation"].value
        for e in edges.values():
            e.claims.sort()  # the same order from every backend
        found = [edges[k] for k in sorted(edges)]
        self._cache.inferred_of[entity] = found
        return found

    def members(self, cls: str) -> list[str]:
        """Entities of class ``cls`` (subclasses and inferred types included)."""
        found = self._cache.members.get(cls)
        if found is None:
            found = sorted({compact(r["entity"].value)
                            for r in self._select("ask_members", "class", cls)})
            self._cache.members[cls] = found
        else:
            self._note("ask_members", "class", cls)
        return found

    def flags(self, target: str) -> list[tuple[str, str, str]]:
        """Audit flags on a claim, reference or statistic: (kind, severity, reason)."""
        found = self._cache.flags.get(target)
        if found is None:
            found = [(r["kind"].value, r["severity"].value if "severity" in r else "",
                      r["reason"].value) for r in self._select("ask_flags_of", "target", target)]
            self._cache.flags[target] = found
        else:
            self._note("ask_flags_of", "target", target)
        return found

    def statistic(self, sid: str) -> StatRecord:
        found = self._cache.statistic.get(sid)
        if found is not None:
            self._note("ask_statistic", "stat", sid)
            return found
        st = StatRecord(sid)
        for r in self._select("ask_statistic", "stat", sid):
            name, term = r["field"].value, r["value"]
            if name == "value":
                st.value = float(term.value)
            elif name == "n":
                st.n = int(term.value)
            elif name == "about":
                st.about = compact(term.value)
            else:
                setattr(st, name, term.value)
        self._cache.statistic[sid] = st
        return st

    def entity(self, curie: str) -> EntityBrief | None:
        """A node's labels and types (asserted and inferred): a clinical entity from the
        build's index (a keyed lookup), any other node of the asserted graph by SPARQL."""
        if curie in self._mine:  # asked before by this caller, its lookups already heard
            return self._mine[curie]
        self._mine[curie] = found = self._entity(curie)
        return found

    def _entity(self, curie: str) -> EntityBrief | None:
        if curie in self._cache.entity:
            found, indexed = self._cache.entity[curie]
            if indexed:  # record what the uncached lookup ran
                self._note("index:entity", "entity", curie)
            else:
                self._note("entity", "entity", curie)
                if found is not None:
                    self._note("ask_inferred_types", "entity", curie)
            return found
        row = index_for(self.store).entity(expand(curie))
        e: EntityBrief | None
        if row is not None:
            self._note("index:entity", "entity", curie)
            e = EntityBrief(curie, row.label_en, row.label_zh,
                            sorted(set(row.types) | set(row.inferred_types)))
        else:
            e = self._entity_by_sparql(curie)
        if e is not None:
            sup = _super_classes(self.store)
            e.classes = frozenset(c for t in e.types for c in sup.get(t, {t}))
        self._cache.entity[curie] = (e, row is not None)
        return e

    def _entity_by_sparql(self, curie: str) -> EntityBrief | None:
        rows = self._select("entity", "entity", curie)
        if not rows:
            return None
        e = EntityBrief(curie)
        for r in rows:
            p, o = r["p"].value, r["o"]
            lang = o.language if isinstance(o, ox.Literal) else None
            if p == RDF_TYPE and o.value.startswith(expand("ldho:")):
                e.types.append(compact(o.value))
            elif p == LABEL and lang in ("en", "zh"):
                setattr(e, f"label_{lang}", o.value)
        for r in self._select("ask_inferred_types", "entity", curie):
            t = compact(r["type"].value)
            if t not in e.types:
                e.types.append(t)
        e.types.sort()
        return e

    def is_a(self, curie: str, *classes: str) -> bool:
        e = self.entity(curie)
        return e is not None and bool(e.classes.intersection(classes))

    def is_tcm(self, curie: str) -> bool:
        return self.is_a(curie, TCM)

    def _note(self, name: str, var: str, curie: str) -> None:
        if self._on_query is not None:
            self._on_query(name, {var: curie})


__all__ = ["ClaimRecord", "EntityBrief", "InferredEdge", "Lookups", "StatRecord",
           "property_roots"]
