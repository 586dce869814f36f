"""HermiT on a private World: consistent on the real graph, and a clash is explained."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from kg.build.pipeline import BuildResult
from kg.build.reasoning import InconsistentOntologyError, load_ontology, materialise, read_axioms
from kg.namespaces import LDH, LDHO
from kg.paths import ONTOLOGY_FILE

pytestmark = pytest.mark.slow


def test_real_graph_is_consistent(built: BuildResult) -> None:
    r = built.report["reasoning"]
    assert r["consistent"] and r["reasoner"].startswith("HermiT")
    assert set(r["by_rule"]) == {"defined class", "property chain", "sub-property",
                                 "symmetric property"}


def test_ontology_axioms_are_read() -> None:
    ax = read_axioms(load_ontology(ONTOLOGY_FILE))
    assert ax.chains[LDHO.addresses] == (LDHO.targets, LDHO.contributesTo)
    assert LDHO.causes in ax.sub_props_of(LDHO.contributesTo)
    assert LDHO.contributesTo not in ax.transitive
    assert (LDHO.hasContributor, LDHO.InflammatoryMechanism) in ax.defined[LDHO.InflammatoryResidualPain]


def _tiny() -> tuple[Graph, Graph]:
    onto = load_ontology(ONTOLOGY_FILE)
    g = Graph()
    for node, cls in ((LDH.x, LDHO.Drug), (LDH.m, LDHO.InflammatoryMechanism),
                      (LDH.p, LDHO.Pain)):
        g.add((node, RDF.type, OWL.NamedIndividual))
        g.add((node, RDF.type, cls))
    g.add((LDH.p, RDF.type, LDHO.ResidualSymptom))
    g.add((LDH.x, LDHO.targets, LDH.m))
    g.add((LDH.m, LDHO.contributesTo, LDH.p))
    return onto, g


def test_chain_and_defined_class_on_a_tiny_graph() -> None:
    onto, g = _tiny()
    inferred, records = materialise(onto, g)
    assert (LDH.x, LDHO.addresses, LDH.p) in inferred
    assert (LDH.p, RDF.type, LDHO.InflammatoryResidualPain) in inferred
    assert (LDH.x, RDF.type, LDHO.AntiInflammatoryTreatment) in inferred
    chain = next(r for r in records if r.triple == (LDH.x, LDHO.addresses, LDH.p))
    assert chain.rule == "property chain" and chain.via == (LDH.m,)
    assert chain.from_edges == ((LDH.x, LDHO.targets, LDH.m), (LDH.m, LDHO.contributesTo, LDH.p))


def test_sub_property_entailments_are_materialised() -> None:
    """relieves ⊑ addresses and reducesLevelOf ⊑ targets, even though HermiT's CLI omits them."""
    onto, g = _tiny()
    g.add((LDH.y, RDF.type, OWL.NamedIndividual))
    g.add((LDH.y, RDF.type, LDHO.Drug))
    g.add((LDH.h, RDF.type, OWL.NamedIndividual))
    g.add((LDH.h, RDF.type, LDHO.MolecularEntity))
    g.add((LDH.y, LDHO.relieves, LDH.p))
    g.add((LDH.y, LDHO.reducesLevelOf, LDH.h))
    inferred, records = materialise(onto, g)
    assert (LDH.y, LDHO.addresses, LDH.p) in inferred
    rec = next(r for r in records if r.triple == (LDH.y, LDHO.targets, LDH.h))
    assert rec.rule == "sub-property" and rec.from_edges == ((LDH.y, LDHO.reducesLevelOf, LDH.h),)


def test_inconsistency_fails_with_an_explanation() -> None:
    onto, g = _tiny()
    g.add((LDH.x, LDHO.relieves, LDH.x))  # a drug relieving itself: ranges make it a Symptom too
    g.add((LDH.q, RDF.type, OWL.NamedIndividual))
    g.add((LDH.q, RDF.type, LDHO.Drug))
    g.add((LDH.q, RDF.type, LDHO.Pain))  # Symptom and Treatment are disjoint
    with pytest.raises(InconsistentOntologyError) as info:
        materialise(onto, g)
    assert "inconsistent" in str(info.value)
    assert "https://w3id.org/ldhkg/id/q" in str(info.value) and "Symptom" in str(info.value)
