"""OWL 2 reasoning with HermiT (owlready2, private World) and justification of each inference.

The reasoner sees the ontology plus the asserted clinical layer. It must find them
consistent; otherwise the build fails with the individuals and axioms involved. What HermiT
entails beyond the input (object-property values from sub-properties, inverses, symmetry,
transitivity and the ``addresses`` chain; memberships of defined classes) is materialised
into its own named graph, and every inferred triple gets a record of the rule and the
asserted edges (hence claims) it follows from.
"""

from __future__ import annotations

import io
import tempfile
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import owlready2
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from kg.namespaces import LDH, LDHO

Edge = tuple[URIRef, URIRef, URIRef]


class InconsistentOntologyError(RuntimeError):
    """HermiT found ontology + data inconsistent; the message says what clashes."""


@dataclass(frozen=True, slots=True)
class Inference:
    triple: Edge
    rule: str
    rule_iri: URIRef
    via: tuple[URIRef, ...]
    from_edges: tuple[Edge, ...]
    explained: bool = True


@dataclass(slots=True)
class Axioms:
    """The property and class axioms the justifier understands, read from the ontology."""

    super_props: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    inverse: dict[URIRef, URIRef] = field(default_factory=dict)
    symmetric: set[URIRef] = field(default_factory=set)
    transitive: set[URIRef] = field(default_factory=set)
    chains: dict[URIRef, tuple[URIRef, URIRef]] = field(default_factory=dict)
    defined: dict[URIRef, list[tuple[URIRef, URIRef]]] = field(default_factory=dict)
    sub_classes: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    inverse_side: set[URIRef] = field(default_factory=set)  # properties declared as inverses

    def sub_props_of(self, p: URIRef) -> set[URIRef]:
        return {q for q, sups in self.super_props.items() if p in sups} | {p}


def read_axioms(onto: Graph) -> Axioms:
    ax = Axioms()
    props = {p for p in onto.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)}
    for p in props:
        ax.super_props[p] = {
            s for s in onto.transitive_objects(p, RDFS.subPropertyOf) if isinstance(s, URIRef)
        }
        for inv in onto.objects(p, OWL.inverseOf):
            if isinstance(inv, URIRef):
                ax.inverse[p], ax.inverse[inv] = inv, p
                ax.inverse_side.add(p)
        for chain in onto.objects(p, OWL.propertyChainAxiom):
            links = [x for x in Collection(onto, chain) if isinstance(x, URIRef)]
            if len(links) == 2:
                ax.chains[p] = (links[0], links[1])
    ax.symmetric = {
        p for p in onto.subjects(RDF.type, OWL.SymmetricProperty) if isinstance(p, URIRef)
    }
    ax.transitive = {
        p for p in onto.subjects(RDF.type, OWL.TransitiveProperty) if isinstance(p, URIRef)
    }
    for cls in onto.subjects(RDF.type, OWL.Class):
        if not isinstance(cls, URIRef):
            continue
        ax.sub_classes[cls] = {
            c for c in onto.transitive_subjects(RDFS.subClassOf, cls) if isinstance(c, URIRef)
        }
        for eq in onto.objects(cls, OWL.equivalentClass):
            restrictions = []
            for part in onto.objects(eq, OWL.intersectionOf):
                for member in Collection(onto, part):
                    prop = onto.value(member, OWL.onProperty)
                    filler = onto.value(member, OWL.someValuesFrom)
                    if isinstance(prop, URIRef) and isinstance(filler, URIRef):
                        restrictions.append((prop, filler))
                    elif isinstance(prop, URIRef) and filler is not None:
                        for union in onto.objects(filler, OWL.unionOf):
                            restrictions.extend(
                                (prop, u) for u in Collection(onto, union) if isinstance(u, URIRef)
                            )
            if restrictions:
                ax.defined[cls] = restrictions
    return ax


def _reasoner_input(onto: Graph, asserted: Graph) -> Graph:
    """Ontology + the asserted object-level triples (types, object properties, labels).

    Literal values of datatype properties play no part in the axioms and some (xsd:duration)
    are outside the OWL 2 datatype map HermiT supports, so they stay out.
    """
    declared = set(onto.subjects(RDF.type, OWL.ObjectProperty)) | {RDF.type, RDFS.label}
    g = Graph()
    for t in onto:
        g.add(t)
    for s, p, o in asserted:
        if p in declared:
            g.add((s, p, o))
    return g


def run_hermit(onto: Graph, asserted: Graph) -> Graph:
    """All triples HermiT entails for our individuals, minus the input (``types`` and values)."""
    data = _reasoner_input(onto, asserted)
    world = owlready2.World()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.nt"
        data.serialize(path, format="nt", encoding="utf-8")
        ontology = world.get_ontology(path.as_uri()).load()
        try:
            with ontology:
                owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            raise InconsistentOntologyError(_explain(data, world)) from exc
    out = Graph()
    ldh, ldho = str(LDH), str(LDHO)
    for individual in ontology.individuals():
        s = URIRef(individual.iri)
        if not s.startswith(ldh):
            continue
        for cls in individual.is_a:
            iri = getattr(cls, "iri", None)
            if iri and iri.startswith(ldho):
                out.add((s, RDF.type, URIRef(iri)))
        for prop in individual.get_properties():
            if not isinstance(prop, owlready2.ObjectPropertyClass) or not prop.iri.startswith(ldho):
                continue
            for value in prop[individual]:
                iri = getattr(value, "iri", None)
                if iri and iri.startswith(ldh):
                    out.add((s, URIRef(prop.iri), URIRef(iri)))
    return out - data


def _explain(data: Graph, world: owlready2.World) -> str:
    """Name the individuals typed with disjoint classes (the usual cause of a clash)."""
    lines = ["HermiT: ontology + data are inconsistent."]
    disjoint_sets = []
    for node in data.subjects(RDF.type, OWL.AllDisjointClasses):
        members = data.value(node, OWL.members)
        if members is not None:
            disjoint_sets.append(set(Collection(data, members)))
    ax = read_axioms(data)
    for s in set(data.subjects(RDF.type, OWL.NamedIndividual)):
        types = {t for t in data.objects(s, RDF.type) if isinstance(t, URIRef)}
        closure = set(types)
        for t in types:
            closure |= {sup for sup, subs in ax.sub_classes.items() if t in subs}
        for p, _ in data.predicate_objects(s):
            closure |= {d for d in data.objects(p, RDFS.domain) if isinstance(d, URIRef)}
        for p in set(data.predicates(None, s)):
            closure |= {r for r in data.objects(p, RDFS.range) if isinstance(r, URIRef)}
        for dset in disjoint_sets:
            clash = closure & dset
            if len(clash) > 1:
                names = ", ".join(sorted(c.split("/")[-1] for c in clash))
                lines.append(
                    f"  {s}: would be an instance of disjoint classes {names} "
                    "(from its types and the domains/ranges of the relations it takes part in)"
                )
    if len(lines) == 1:
        lines.append(
            "  no disjointness clash found by the diagnostic; run HermiT with explanations"
        )
    return "\n".join(lines)


class Justifier:
    """Derive each inferred triple from asserted edges with the ontology's axiom patterns."""

    def __init__(self, axioms: Axioms, asserted: Graph) -> None:
        self.ax = axioms
        self.edges: set[Edge] = {
            (s, p, o)
            for s, p, o in asserted
            if isinstance(s, URIRef)
            and isinstance(p, URIRef)
            and isinstance(o, URIRef)
            and p in axioms.super_props
            and s.startswith(str(LDH))
            and o.startswith(str(LDH))
        }
        self.types: dict[URIRef, set[URIRef]] = {}
        for s, o in asserted.subject_objects(RDF.type):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                self.types.setdefault(s, set()).add(o)

    def _direct(self, s: URIRef, p: URIRef, o: URIRef) -> Edge | None:
        for q in sorted(self.ax.sub_props_of(p)):
            if (s, q, o) in self.edges:
                return (s, q, o)
        if p in self.ax.inverse:
            for q in sorted(self.ax.sub_props_of(self.ax.inverse[p])):
                if (o, q, s) in self.edges:
                    return (o, q, s)
        if p in self.ax.symmetric:
            for q in sorted(self.ax.sub_props_of(p)):
                if (o, q, s) in self.edges:
                    return (o, q, s)
        return None

    def path(self, s: URIRef, p: URIRef, o: URIRef) -> list[Edge] | None:
        """Shortest chain of asserted edges s -> ... -> o under (transitive) property p."""
        step = self._direct(s, p, o)
        if step is not None:
            return [step]
        if p not in self.ax.transitive:
            return None
        subs = self.ax.sub_props_of(p)
        prev: dict[URIRef, Edge] = {}
        queue, seen = deque([s]), {s}
        while queue:
            x = queue.popleft()
            for e in sorted(e for e in self.edges if e[0] == x and e[1] in subs):
                if e[2] in seen:
                    continue
                prev[e[2]] = e
                if e[2] == o:
                    out, node = [], o
                    while node != s:
                        out.append(prev[node])
                        node = prev[node][0]
                    return out[::-1]
                seen.add(e[2])
                queue.append(e[2])
        return None

    def _chain(self, s: URIRef, p: URIRef, o: URIRef) -> Inference | None:
        if p not in self.ax.chains:
            return None
        first, second = self.ax.chains[p]
        best: Inference | None = None
        for a, q, m in sorted(self.edges):
            if a != s or q not in self.ax.sub_props_of(first):
                continue
            rest = self.path(m, second, o)
            if rest is not None and (best is None or len(rest) + 1 < len(best.from_edges)):
                via = (m, *(e[2] for e in rest[:-1]))
                best = Inference((s, p, o), "property chain", p, via, ((a, q, m), *rest))
        return best

    def justify(self, triple: Edge) -> Inference:
        s, p, o = triple
        if p == RDF.type:
            for prop, filler in self.ax.defined.get(o, []):
                for x in sorted({e[0] for e in self.edges} | {e[2] for e in self.edges}):
                    if not self._is_a(x, filler):
                        continue
                    if prop in self.ax.inverse:
                        start, forward, end = x, self.ax.inverse[prop], s
                    else:
                        start, forward, end = s, prop, x
                    chain = self.path(start, forward, end)
                    if chain is None:  # the edge itself may come from a property chain
                        via_chain = self._chain(start, forward, end)
                        chain = list(via_chain.from_edges) if via_chain else None
                    if chain is not None:
                        return Inference(triple, "defined class", o, (x,), tuple(chain))
            return Inference(triple, "class axiom (HermiT)", o, (), (), explained=False)
        via_chain = self._chain(s, p, o)
        if via_chain is not None:
            return via_chain
        edges = self.path(s, p, o)
        if edges is not None:
            rule = (
                "transitive property"
                if len(edges) > 1
                else "symmetric property"
                if edges[0][0] == o and p in self.ax.symmetric
                else "inverse property"
                if edges[0][0] == o
                else "sub-property"
            )
            via = tuple(e[2] for e in edges[:-1])
            return Inference(triple, rule, p, via, tuple(edges))
        return Inference(triple, "entailed by HermiT", p, (), (), explained=False)

    def _is_a(self, x: URIRef, cls: URIRef) -> bool:
        return any(
            t == cls or t in self.ax.sub_classes.get(cls, set()) for t in self.types.get(x, set())
        )


def property_closure(axioms: Axioms, edges: set[Edge]) -> set[Edge]:
    """Edges entailed by rdfs:subPropertyOf (rdfs7) and owl:SymmetricProperty (prp-symp).

    HermiT's command line (``-Y``, used by owlready2) lists a property's instances without
    those entailed only through a sub-property, so this closure completes its output. It is
    a fixed point because the hierarchy is acyclic and symmetry is applied once per property.
    """
    out: set[Edge] = set()
    for s, p, o in edges:
        for q in axioms.super_props.get(p, set()) | {p}:
            if q != p:
                out.add((s, q, o))
            if q in axioms.symmetric:
                out.add((o, q, s))
    return out - edges


def materialise(onto: Graph, asserted: Graph) -> tuple[Graph, list[Inference]]:
    """Run HermiT; keep new types of defined classes and new object-property values."""
    axioms = read_axioms(onto)
    entailed = run_hermit(onto, asserted)
    ldh = str(LDH)
    known: set[Edge] = {
        (s, p, o)
        for s, p, o in (*asserted, *entailed)
        if isinstance(s, URIRef)
        and isinstance(p, URIRef)
        and isinstance(o, URIRef)
        and p in axioms.super_props
        and s.startswith(ldh)
        and o.startswith(ldh)
    }
    for edge in property_closure(axioms, known):
        if edge not in asserted:
            entailed.add(edge)
    justifier = Justifier(axioms, asserted)
    inferred = Graph()
    records: list[Inference] = []
    for s, p, o in sorted(entailed):
        assert isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, URIRef)
        if p == RDF.type and o not in axioms.defined:
            continue  # a super-class of an asserted type: RDFS-trivial, not materialised
        if p in axioms.inverse_side:
            continue  # e.g. hasContributor: restates the forward edge backwards
        inferred.add((s, p, o))
        records.append(justifier.justify((s, p, o)))
    return inferred, records


def load_ontology(path: Path) -> Graph:
    return Graph().parse(io.BytesIO(path.read_bytes()), format="turtle")
