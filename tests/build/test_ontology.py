"""The ontology: every class and property labelled and defined in English and Chinese."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.build.reasoning import load_ontology
from kg.namespaces import LDHO
from kg.paths import ONTOLOGY_FILE


def _langs(g: object, s: URIRef, p: URIRef) -> set[str]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal) and o.language}  # type: ignore[attr-defined]


def test_every_term_has_bilingual_labels_and_definitions() -> None:
    g = load_ontology(ONTOLOGY_FILE)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)
    terms = {s for k in kinds for s in g.subjects(RDF.type, k)
             if isinstance(s, URIRef) and str(s).startswith(str(LDHO))}
    assert len(terms) > 120
    for t in terms:
        assert _langs(g, t, RDFS.label) >= {"en", "zh"}, t
        assert _langs(g, t, SKOS.definition) >= {"en", "zh"}, t


def test_key_classes_and_relations_exist() -> None:
    g = load_ontology(ONTOLOGY_FILE)
    for name in ("InflammatoryResidualPain", "CompressiveResidualSymptom", "Claim", "Statistic",
                 "Study", "Reference", "Quote", "AuditFlag", "Erratum", "Inference",
                 "EmergingTechnology", "Population", "TCMPattern", "RiskFactor"):
        assert (LDHO[name], RDF.type, OWL.Class) in g, name
    for name in ("targets", "relieves", "causes", "detects", "distinguishes", "raisesRiskOf",
                 "suitableFor", "cautionFor", "cites", "addresses"):
        assert (LDHO[name], RDF.type, OWL.ObjectProperty) in g, name
    assert (None, OWL.propertyChainAxiom, None) in g
