"""What the ontology declares: clinical classes, relations and study designs.

The curation checker validates every ``type``, ``predicate`` and ``study_design`` against
this, so the ontology file is the single place where the vocabulary is defined.

>>> terms = load_terms()
>>> "targets" in terms.relations and "Drug" in terms.clinical_classes
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.namespaces import LDHO
from kg.paths import ONTOLOGY_FILE


@dataclass(frozen=True, slots=True)
class Terms:
    clinical_classes: frozenset[str]
    relations: frozenset[str]
    study_designs: frozenset[str]
    graph: Graph


def _local(iri: URIRef) -> str:
    return str(iri)[len(str(LDHO)) :]


@cache
def load_terms(path: Path = ONTOLOGY_FILE) -> Terms:
    g = Graph().parse(path, format="turtle")
    root = LDHO["ClinicalEntity"]
    clinical = {
        _local(c)
        for c in g.transitive_subjects(RDFS.subClassOf, root)
        if isinstance(c, URIRef) and str(c).startswith(str(LDHO))
    }
    evidence_props = {
        "subject",
        "object",
        "comparator",
        "population",
        "indication",
        "anatomicalContext",
        "outcomeMeasure",
        "denotes",
        "cites",
        "hasQuote",
        "inSentence",
        "inSection",
        "hasStatistic",
        "about",
        "studyDesign",
        "describesStudy",
        "reportedIn",
        "flags",
        "erratumIn",
        "derivedFrom",
        "inferredSubject",
        "inferredObject",
        "viaEntity",
        "hasContributor",
    }
    relations = {
        _local(p)
        for p in g.subjects(RDF.type, OWL.ObjectProperty)
        if isinstance(p, URIRef) and str(p).startswith(str(LDHO))
    } - evidence_props
    designs = {
        _local(d)
        for d in g.subjects(RDF.type, LDHO["StudyDesign"])
        if isinstance(d, URIRef) and str(d).startswith(str(LDHO))
    }
    return Terms(frozenset(clinical), frozenset(relations), frozenset(designs), g)
