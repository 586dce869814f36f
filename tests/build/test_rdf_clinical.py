"""The asserted layer: a refuting claim is kept as a claim but makes no direct edge."""

from __future__ import annotations

from rdflib import Graph, Literal

from kg.build.anchors import anchor
from kg.build.checks import CheckedClaim
from kg.build.rdf_clinical import _add_claim, claim_iri
from kg.build.records import ClaimRecord, Qualifiers, Where
from kg.build.source_text import load_document
from kg.namespaces import LDH, LDHO

QUOTE = "虽然手术可以切除突出髓核，释放神经根，但并非所有患者术后症状都能完全缓解[11]。"


def _claim(direction: str) -> CheckedClaim:
    rec = ClaimRecord("lumbar-discectomy", "relieves", "postoperative-residual-symptoms",
                      direction, QUOTE, (11,), False, False, Qualifiers(), (),
                      "knowledge_assertion", None, Where("test.yaml", 1))
    return CheckedClaim(rec, anchor(load_document(), QUOTE))


def test_refuting_claim_has_no_direct_edge() -> None:
    g = Graph()
    c = _claim("refutes")
    _add_claim(g, c)
    edge = (LDH["lumbar-discectomy"], LDHO.relieves, LDH["postoperative-residual-symptoms"])
    assert edge not in g
    assert (claim_iri(c), LDHO.direction, Literal("refutes")) in g


def test_supporting_and_caution_claims_make_the_edge() -> None:
    for direction in ("supports", "caution"):
        g = Graph()
        _add_claim(g, _claim(direction))
        assert (LDH["lumbar-discectomy"], LDHO.relieves,
                LDH["postoperative-residual-symptoms"]) in g
