"""The built graph says what the review says, with its evidence (checked by content)."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest

from kg.build.pipeline import BuildResult
from kg.build.source_text import load_document
from kg.store import Store

pytestmark = pytest.mark.slow

P = """PREFIX ldho: <https://w3id.org/ldhkg/ontology/>
PREFIX ldh: <https://w3id.org/ldhkg/id/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX biolink: <https://w3id.org/biolink/vocab/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


def rows(store: Store, body: str) -> list[dict[str, str]]:
    res = store.select(P + body)
    return [{k: v.value for k, v in r.items()} for r in res.rows]


def test_the_1192_patient_study(store: Store) -> None:
    """[8]: 32.8% and 26.4% residual back pain at 6 and 24 months; 20.3%/16.7% leg pain.

    The curation says P24M; Oxigraph stores xsd:duration canonically, so it reads back as P2Y.
    """
    got = rows(store, """
        SELECT ?about ?value ?tp ?n ?design WHERE {
          ?claim ldho:cites ldh:ref-8 ; ldho:hasStatistic ?s ; ldho:studyDesign ?design .
          ?s ldho:quantityKind "prevalence" ; ldho:value ?value ; ldho:about ?about ;
             ldho:timepoint ?tp ; ldho:sampleSize ?n ; ldho:unit "percent" .
        } ORDER BY ?about ?tp""")
    assert {(r["about"].rsplit("/", 1)[1], Decimal(r["value"]), r["tp"], r["n"]) for r in got} == {
        ("residual-low-back-pain", Decimal("32.8"), "P6M", "1192"),
        ("residual-low-back-pain", Decimal("26.4"), "P2Y", "1192"),
        ("residual-leg-pain", Decimal("20.3"), "P6M", "1192"),
        ("residual-leg-pain", Decimal("16.7"), "P2Y", "1192"),
    }
    assert {r["design"] for r in got} == {"https://w3id.org/ldhkg/ontology/multicentre-study"}


def test_every_prevalence_of_the_review(store: Store) -> None:
    got = rows(store, """
        SELECT DISTINCT ?stated ?ref WHERE {
          ?claim ldho:hasStatistic ?s ; ldho:cites/ldho:referenceNumber ?ref .
          ?s ldho:quantityKind "prevalence" ; ldho:statedAs ?stated . }""")
    assert {(r["stated"], int(r["ref"])) for r in got} == {
        ("29.2", 4), ("23.1", 4), ("15.2", 5), ("32.8", 8), ("26.4", 8), ("20.3", 8),
        ("16.7", 8), ("30.1", 9), ("17.8", 9), ("13.0", 9), ("12.5", 13), ("28.3", 19),
        ("20.2", 19), ("4.9", 22)}


def test_risk_factor_thresholds(store: Store) -> None:
    got = rows(store, """
        SELECT ?rf ?cmp ?value ?unit WHERE {
          ?claim ldho:subject ?rf ; ldho:assertedPredicate ldho:raisesRiskOf ;
                 ldho:object ldh:residual-low-back-pain ; ldho:hasStatistic ?s ; ldho:cites ldh:ref-6 .
          ?s ldho:quantityKind "threshold" ; ldho:comparison ?cmp ; ldho:value ?value ; ldho:unit ?unit }""")
    assert {(r["rf"].rsplit("/", 1)[1], r["cmp"], Decimal(r["value"]), r["unit"]) for r in got} == {
        ("older-age", ">=", Decimal(50), "years"), ("obesity", ">=", Decimal(25), "kg/m2"),
        ("long-disease-duration", ">", Decimal(6), "months")}
    factors = rows(store, "SELECT ?rf WHERE { ?rf ldho:raisesRiskOf ldh:residual-low-back-pain }")
    assert {r["rf"].rsplit("/", 1)[1] for r in factors} == {
        "older-age", "female-sex", "obesity", "smoking", "long-disease-duration"}


def test_all_42_references_with_fields(store: Store) -> None:
    got = rows(store, """
        SELECT ?n ?title ?year ?journal WHERE {
          ?r a ldho:Reference ; ldho:referenceNumber ?n ; <http://purl.org/dc/terms/title> ?title ;
             <http://purl.org/dc/terms/issued> ?year ; ldho:journal ?journal } ORDER BY ?n""")
    assert [int(r["n"]) for r in got] == list(range(1, 43))
    assert got[28]["title"].startswith("Mecobalamin Promotes the Recovery of Injured Sciatic Nerve")
    assert got[15]["journal"] == "中国临床药理学杂志" and got[15]["year"] == "2020"


def test_every_quote_is_exact_text_of_the_source(store: Store) -> None:
    doc = load_document()
    got = rows(store, """
        SELECT ?exact ?start ?end ?sentence WHERE {
          ?q a ldho:Quote ; oa:exact ?exact ; oa:start ?start ; oa:end ?end ;
             ldho:inSentence/ldho:text ?sentence }""")
    assert len(got) > 100
    by_text = {x.text: x for x in doc.sentences}
    for r in got:
        start, end = int(r["start"]), int(r["end"])
        assert r["exact"] in r["sentence"]
        # a quote may span a page break (and the page furniture printed there): its text is the
        # sentence's own spans, clipped to the quote's range
        spans = by_text[r["sentence"]].spans
        text = "".join(doc.raw[max(sp.start, start):min(sp.end, end)] for sp in spans)
        crosses = sum(sp.start < end and start < sp.end for sp in spans) > 1
        assert text == r["exact"] or (crosses and "".join(text.split()) == "".join(r["exact"].split())), (start, end)


def test_claims_carry_quote_citations_and_biolink_levels(store: Store) -> None:
    got = rows(store, """
        SELECT ?quote ?level ?agent ?section WHERE {
          ?c ldho:subject ldh:mecobalamin ; ldho:assertedPredicate ldho:targets ;
             ldho:object ldh:nerve-root-inflammation ; ldho:cites ldh:ref-16 ;
             biolink:knowledge_level ?level ; biolink:agent_type ?agent ;
             ldho:hasQuote [ oa:exact ?quote ; ldho:inSection/ldho:sectionNumber ?section ] }""")
    assert got == [{"quote": "徐刚等[16]的 Meta 分析也证实，甲钴胺可通过降低同型半胱氨酸和炎性因子水平，"
                             "减轻神经根炎症，从而改善 LDH 术后疼痛和功能障碍。",
                    "level": "knowledge_assertion", "agent": "manual_agent", "section": "3"}]


def test_direct_edges_are_queryable(store: Store) -> None:
    assert store.ask(P + "ASK { ldh:mecobalamin ldho:targets ldh:nerve-root-inflammation }")
    assert store.ask(P + "ASK { ldh:sedative-drugs ldho:cautionFor ldh:young-manual-workers }")
    assert store.ask(P + "ASK { ldh:needle-electromyography ldho:distinguishes ldh:new-nerve-root-injury }")
    assert store.ask(P + "ASK { ldh:activating-blood-resolving-stasis ldho:targets ldh:qi-blood-stasis }")
    # a caution keeps its direct edge and says so on the claim
    assert store.ask(P + """ASK { ?c ldho:subject ldh:lumbar-discectomy ; ldho:direction "caution" ;
                            ldho:assertedPredicate ldho:treats ; ldho:object ldh:lumbar-disc-herniation ;
                            ldho:cites ldh:ref-11 }""")
    # the general LDH manifestation is not the postoperative residual symptom
    assert store.ask(P + "ASK { ldh:lumbar-disc-herniation ldho:manifestsAs ldh:low-back-pain }")
    assert not store.ask(P + "ASK { GRAPH <https://w3id.org/ldhkg/graph/asserted> "
                             "{ ldh:lumbar-disc-herniation ldho:manifestsAs ldh:residual-low-back-pain } }")


def test_needle_emg_distinguishes_with_comparator_and_study(store: Store) -> None:
    got = rows(store, """
        SELECT ?cmp ?n ?design WHERE {
          ?c ldho:subject ldh:needle-electromyography ; ldho:assertedPredicate ldho:distinguishes ;
             ldho:comparator ?cmp ; ldho:sampleSize ?n ; ldho:studyDesign ?design }""")
    assert got == [{"cmp": "https://w3id.org/ldhkg/id/postoperative-residual-symptoms", "n": "102",
                    "design": "https://w3id.org/ldhkg/ontology/retrospective-analysis"}]


def test_inflammatory_residual_pain_is_inferred_with_provenance(store: Store) -> None:
    q = "ASK { GRAPH <https://w3id.org/ldhkg/graph/%s> { ldh:postoperative-pain a ldho:InflammatoryResidualPain } }"
    assert store.ask(P + q % "inferred") and not store.ask(P + q % "asserted")
    got = rows(store, """
        SELECT ?via ?quote WHERE {
          ?i a ldho:Inference ; ldho:inferredSubject ldh:postoperative-pain ;
             ldho:inferredObject ldho:InflammatoryResidualPain ; ldho:viaEntity ?via ;
             ldho:derivedFrom/ldho:hasQuote/oa:exact ?quote }""")
    assert {r["via"].rsplit("/", 1)[1] for r in got} == {"nerve-root-inflammation"}
    assert all("减轻神经根炎症" in r["quote"] for r in got)


def test_chain_inference_treatment_addresses(store: Store) -> None:
    """targets ∘ contributesTo -> addresses: stated in the ontology, traced to claims
    (活血化瘀 targets qi-blood stasis, which the TCM view says causes LDH [17])."""
    got = rows(store, """
        SELECT ?via ?rule WHERE {
          GRAPH <https://w3id.org/ldhkg/graph/inferred> {
            ldh:activating-blood-resolving-stasis ldho:addresses ldh:lumbar-disc-herniation }
          ?i ldho:inferredSubject ldh:activating-blood-resolving-stasis ;
             ldho:inferredObject ldh:lumbar-disc-herniation ; ldho:viaEntity ?via ;
             ldho:inferenceRule ?rule }""")
    assert got == [{"via": "https://w3id.org/ldhkg/id/qi-blood-stasis",
                    "rule": "https://w3id.org/ldhkg/ontology/addresses"}]


def test_every_inferred_triple_has_a_record(store: Store, built: BuildResult) -> None:
    n = rows(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/ldhkg/graph/inferred> { ?s ?p ?o } }")
    m = rows(store, "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a ldho:Inference ; ldho:derivedFrom ?c }")
    assert int(n[0]["n"]) == int(m[0]["n"]) == built.report["reasoning"]["inferred_triples"] > 50
    assert built.report["reasoning"]["unexplained"] == 0


def test_entities_have_both_labels(store: Store) -> None:
    missing = rows(store, """
        SELECT ?e WHERE { GRAPH <https://w3id.org/ldhkg/graph/asserted> { ?e a owl:NamedIndividual }
          FILTER(NOT EXISTS { ?e rdfs:label ?en FILTER(lang(?en) = "en") }
                 || NOT EXISTS { ?e rdfs:label ?zh FILTER(lang(?zh) = "zh") }) }""")
    assert missing == []
    zh = rows(store, 'SELECT ?l WHERE { ldh:pregabalin rdfs:label ?l FILTER(lang(?l) = "zh") }')
    assert zh == [{"l": "普瑞巴林"}]


def test_outside_identifiers_from_the_mapping_table(store: Store) -> None:
    assert store.ask(P + "ASK { ldh:residual-low-back-pain <http://www.w3.org/2004/02/skos/core#broadMatch> "
                         "<http://purl.obolibrary.org/obo/HP_0003419> }")


def test_errata_recorded_and_quotes_kept_exact(store: Store) -> None:
    got = rows(store, """
        SELECT ?printed ?intended ?n WHERE { ?e a ldho:Erratum ; ldho:erroneousText ?printed ;
          ldho:intendedText ?intended ; ldho:occurrences ?n }""")
    found = {(r["printed"], r["intended"]) for r in got}
    assert ("临幊", "临床") in found and ("髓管减压术", "骶管减压术") in found
    assert all(int(r["n"]) >= 1 for r in got)


def test_every_entity_is_grounded_in_the_text(built: BuildResult) -> None:
    """Used by a claim, or (named in passing, stating nothing) denoted by a concept mention."""
    assert built.report["counts"]["entities_without_claim_or_mention"] == []
    assert len(built.report["counts"]["entities_without_claims"]) <= 5


def test_literal_types(store: Store) -> None:
    res = store.select(P + "SELECT ?v WHERE { ?s ldho:timepoint ?v } LIMIT 1")
    value = res.rows[0]["v"]
    assert isinstance(value, ox.Literal)
    assert value.datatype == ox.NamedNode("http://www.w3.org/2001/XMLSchema#duration")
