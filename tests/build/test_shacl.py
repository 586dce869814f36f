"""SHACL shapes hold on the build and catch a claim without its evidence."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from kg.build.pipeline import BuildResult
from kg.build.reasoning import load_ontology
from kg.build.validation import shacl_check
from kg.namespaces import LDH, LDHO
from kg.paths import ONTOLOGY_FILE, SHAPES_FILE


@pytest.mark.slow
def test_build_conforms(built: BuildResult) -> None:
    assert built.report["shacl"]["conforms"] is True


def test_claim_without_quote_or_citation_is_reported() -> None:
    onto = load_ontology(ONTOLOGY_FILE)
    g = Graph()
    c, e = LDH["claim-bad"], LDH["some-drug"]
    g.add((e, RDF.type, LDHO.Drug))
    g.add((e, LDHO.unused, Literal("x")))
    g.add((c, RDF.type, LDHO.Claim))
    g.add((c, LDHO.subject, e))
    g.add((c, LDHO.object, e))
    g.add((c, LDHO.direction, Literal("maybe")))
    result = shacl_check(g, onto, SHAPES_FILE)
    assert not result.conforms
    for expected in ("hasQuote", "direction", "knowledge_level", "English label",
                     "Chinese label", "xone"):
        assert expected.lower() in result.report.lower(), expected
