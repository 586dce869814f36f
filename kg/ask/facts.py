"""What the answerer reads from the store, each piece by a bounded named query: the claims that
use an entity, one claim's full record, the inferred edges at an entity, an entity's labels
and types. Every run is recorded (template and bindings) so the answer shows its queries;
results are cached per store, which is read-only.

A claim's record holds everything it says besides its edge: modality, knowledge level,
populations, indications, anatomy, outcome measures, comparator, study design and size, the
study it describes and its statistics.

>>> from kg.store import open_store
>>> Facts(open_store("memory:")).claims_of("ldh:mecobalamin")
[]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg import queries
from kg.ask.model import QueryRun
from kg.namespaces import compact, expand
from kg.read.entity_list import class_closure, per_store
from kg.store import Store

# the review's setting: named in a question, these narrow nothing when anything else is named
CONTEXT = frozenset({"ldh:lumbar-disc-herniation", "ldh:lumbar-discectomy",
                     "ldh:post-ldh-surgery-patients", "ldh:postoperative-residual-symptoms"})
TCM = "ldho:TCMConcept"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DEFINITION = "http://www.w3.org/2004/02/skos/core#definition"


@per_store
def property_roots(store: Store) -> dict[str, frozenset[str]]:
    """Each property (CURIE) -> itself and its super-properties."""
    out: dict[str, set[str]] = {}
    for r in store.select(queries.load("ask_property_closure")).rows:
        out.setdefault(compact(r["property"].value), set()).add(compact(r["root"].value))
    return {k: frozenset(v) for k, v in out.items()}


@dataclass(slots=True)
class ClaimFacts:
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
class StatFacts:
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
class EntityFacts:
    id: str
    label_en: str | None = None
    label_zh: str | None = None
    definition_en: str | None = None
    definition_zh: str | None = None
    types: list[str] = field(default_factory=list)  # asserted and inferred
    classes: frozenset[str] = frozenset()  # the types with every super-class


_LISTS = {"population": "populations", "indication": "indications",
          "anatomical_context": "anatomy", "outcome": "outcomes", "statistic": "statistics"}
_IRIS = {"subject", "object", "predicate", "comparator", "design", "study"}


@dataclass(slots=True)
class _Cache:
    claims_of: dict[str, list[str]] = field(default_factory=dict)
    claim: dict[str, ClaimFacts] = field(default_factory=dict)
    inferred_of: dict[str, list[InferredEdge]] = field(default_factory=dict)
    entity: dict[str, EntityFacts | None] = field(default_factory=dict)
    statistic: dict[str, StatFacts] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    flags: dict[str, list[str]] = field(default_factory=dict)


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


class Facts:
    """Bounded lookups for one question, recorded as they run."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.runs: list[QueryRun] = []
        self._cache = _cache(store)

    def _select(self, name: str, var: str, curie: str) -> list[dict[str, ox.NamedNode |
                                                                  ox.BlankNode | ox.Literal]]:
        text = queries.load(name)
        if not any(r.template == name and r.bindings == {var: curie} for r in self.runs):
            self.runs.append(QueryRun(name, {var: curie}, text))
        return list(self.store.select(text, {var: ox.NamedNode(expand(curie))}).rows)

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

    def claims_of_class(self, cls: str) -> list[str]:
        """Ids of the claims whose subject or object is a member of ``cls``."""
        key = f"class:{cls}"
        found = self._cache.claims_of.get(key)
        if found is None:
            found = sorted({compact(r["claim"].value)
                            for r in self._select("ask_claims_of_class", "class", cls)})
            self._cache.claims_of[key] = found
        else:
            self._note("ask_claims_of_class", "class", cls)
        return found

    def claim(self, cid: str) -> ClaimFacts:
        found = self._cache.claim.get(cid)
        if found is not None:
            self._note("ask_claim", "claim", cid)
            return found
        f = ClaimFacts(cid)
        for r in self._select("ask_claim", "claim", cid):
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
        self._cache.claim[cid] = f
        return f

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

    def flags(self, target: str) -> list[str]:
        """Audit flags on a claim, reference or statistic, as "kind: reason"."""
        found = self._cache.flags.get(target)
        if found is None:
            found = [f"{r['kind'].value}: {r['reason'].value}"
                     for r in self._select("ask_flags_of", "target", target)]
            self._cache.flags[target] = found
        else:
            self._note("ask_flags_of", "target", target)
        return found

    def statistic(self, sid: str) -> StatFacts:
        found = self._cache.statistic.get(sid)
        if found is not None:
            self._note("ask_statistic", "stat", sid)
            return found
        st = StatFacts(sid)
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

    def entity(self, curie: str) -> EntityFacts | None:
        if curie in self._cache.entity:
            self._note("entity", "entity", curie)
            return self._cache.entity[curie]
        rows = self._select("entity", "entity", curie)
        if not rows:
            self._cache.entity[curie] = None
            return None
        e = EntityFacts(curie)
        for r in rows:
            p, o = r["p"].value, r["o"]
            lang = o.language if isinstance(o, ox.Literal) else None
            if p == RDF_TYPE and o.value.startswith(expand("ldho:")):
                e.types.append(compact(o.value))
            elif p == LABEL and lang in ("en", "zh"):
                setattr(e, f"label_{lang}", o.value)
            elif p == DEFINITION and lang in ("en", "zh"):
                setattr(e, f"definition_{lang}", o.value)
        for r in self._select("ask_inferred_types", "entity", curie):
            t = compact(r["type"].value)
            if t not in e.types:
                e.types.append(t)
        sup = _super_classes(self.store)
        e.types.sort()
        e.classes = frozenset(c for t in e.types for c in sup.get(t, {t}))
        self._cache.entity[curie] = e
        return e

    def is_a(self, curie: str, *classes: str) -> bool:
        e = self.entity(curie)
        return e is not None and bool(e.classes.intersection(classes))

    def is_tcm(self, curie: str) -> bool:
        return self.is_a(curie, TCM)

    def _note(self, name: str, var: str, curie: str) -> None:
        """A cached lookup is still a query this answer rests on: show it."""
        if not any(r.template == name and r.bindings == {var: curie} for r in self.runs):
            self.runs.append(QueryRun(name, {var: curie}, queries.load(name)))

