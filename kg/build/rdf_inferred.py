"""Inference records: every materialised triple traceable to its rule and claims."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg import ids
from kg.build.checks import CheckedCuration
from kg.namespaces import LDH, LDHO, compact
from kg.build.rdf_clinical import DIRECT_EDGE_DIRECTIONS, claim_iri
from kg.build.reasoning import Inference


def build_inference_records(records: list[Inference], cur: CheckedCuration) -> Graph:
    claims_by_edge: dict[tuple[URIRef, URIRef, URIRef], list[URIRef]] = {}
    for c in cur.claims:
        r = c.record
        if r.direction in DIRECT_EDGE_DIRECTIONS:
            edge = (LDH[r.subject], LDHO[r.predicate], LDH[r.object])
            claims_by_edge.setdefault(edge, []).append(claim_iri(c))
    g = Graph()
    for inf in records:
        s, p, o = inf.triple
        node = LDH[ids.inference_local(str(s), str(p), str(o))]
        g.add((node, RDF.type, LDHO.Inference))
        g.add((node, LDHO.inferredSubject, s))
        g.add((node, LDHO.assertedPredicate, p))
        g.add((node, LDHO.inferredObject, o))
        g.add((node, LDHO.inferenceRule, inf.rule_iri))
        g.add((node, RDFS.label, Literal(f"{compact(str(s))} {compact(str(p))} {compact(str(o))}")))
        chain = " ; ".join(" ".join(compact(str(x)) for x in e) for e in inf.from_edges)
        g.add(
            (
                node,
                RDFS.comment,
                Literal(f"{inf.rule}: {chain or 'no pattern justification'}", lang="en"),
            )
        )
        for v in inf.via:
            g.add((node, LDHO.viaEntity, v))
        for e in inf.from_edges:
            for claim in claims_by_edge.get(e, []):
                g.add((node, LDHO.derivedFrom, claim))
    return g
