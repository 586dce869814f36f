"""Search, the entity table, duration matching and the named queries, on a tiny in-memory
graph (fast) and on the real build (slow)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import queries
from kg.index import duration_key
from kg.read.entity_list import UnknownClass, list_entities
from kg.read.records import UnknownEntity
from kg.read.search import resolve_entity, search
from kg.read.statistics import BadDuration
from kg.store import Store, memory_store
from kg.text import fold, squash

LDH, LDHO = "https://w3id.org/ldhkg/id/", "https://w3id.org/ldhkg/ontology/"
G = "https://w3id.org/ldhkg/graph/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
OWL_CLASS = ox.NamedNode("http://www.w3.org/2002/07/owl#Class")

NEW_QUERIES = ("entity_table", "class_closure", "claims", "references", "reference_claims",
               "audit_flags", "statistics", "statistic_flags", "treatments_direct",
               "treatments_inferred", "clinical_edges", "inference_records")


def _q(s: str, p: ox.NamedNode, o: ox.NamedNode | ox.Literal, graph: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(s), p, o, ox.NamedNode(G + graph))


@pytest.fixture(scope="module")
def tiny() -> Store:
    """Three entities, two classes: enough to exercise folding, tiers and class filters."""
    quads = [
        _q(LDHO + c, RDF_TYPE, OWL_CLASS, "ontology") for c in ("ClinicalEntity", "Treatment", "Drug")
    ] + [
        _q(LDHO + "Treatment", SUBCLASS, ox.NamedNode(LDHO + "ClinicalEntity"), "ontology"),
        _q(LDHO + "Drug", SUBCLASS, ox.NamedNode(LDHO + "Treatment"), "ontology"),
    ]
    entities = {
        "mecobalamin": ("Drug", "mecobalamin", "甲钴胺", ["methylcobalamin"]),
        "interleukin-6": ("ClinicalEntity", "interleukin-6", "白细胞介素-6", ["IL-6"]),
        "peld": ("Treatment", "percutaneous endoscopic lumbar discectomy", "经皮内镜下腰椎间盘切除术",
                 ["PELD"]),
    }
    for local, (cls, en, zh, syns) in entities.items():
        iri = LDH + local
        quads += [
            _q(iri, RDF_TYPE, ox.NamedNode(LDHO + cls), "asserted"),
            _q(iri, LABEL, ox.Literal(en, language="en"), "asserted"),
            _q(iri, LABEL, ox.Literal(zh, language="zh"), "asserted"),
        ] + [_q(iri, ALT, ox.Literal(s, language="en"), "asserted") for s in syns]
    return memory_store(quads, union_default=False)


def test_fold_and_squash_normalise_width_case_and_separators() -> None:
    assert fold("ＩＬ－６") == "il 6" and squash("IL-6") == squash("il 6") == squash("IL6") == "il6"
    assert fold("  sEMG\u2011Biofeedback ") == "semg biofeedback"


@pytest.mark.parametrize(("query", "expected", "kind"), [
    ("PELD", "ldh:peld", "exact"),
    ("il6", "ldh:interleukin-6", "exact"),
    ("甲钴胺", "ldh:mecobalamin", "exact"),
    ("mecobalamine", "ldh:mecobalamin", "fuzzy"),
    ("percutaneous endo", "ldh:peld", "prefix"),
    ("腰椎间盘", "ldh:peld", "substring"),
])
def test_search_tiers(tiny: Store, query: str, expected: str, kind: str) -> None:
    hit = search(tiny, query).hits[0]
    assert (hit.id, hit.match) == (expected, kind)
    assert hit.matched and hit.matched_field in {"label_en", "label_zh", "synonym"}


def test_exact_outranks_fuzzy_and_scores_are_tiered(tiny: Store) -> None:
    hits = search(tiny, "mecobalamin").hits
    assert hits[0].score == 100.0 and hits[0].match == "exact"
    assert all(h.score < 80 for h in search(tiny, "methylcobalamine").hits)
    assert search(tiny, "   ").hits == []


def test_resolve_entity_by_id_name_or_close_typo(tiny: Store) -> None:
    assert resolve_entity(tiny, "ldh:peld") == LDH + "peld"
    assert resolve_entity(tiny, "甲钴胺") == LDH + "mecobalamin"
    assert resolve_entity(tiny, "mecobalamine") == LDH + "mecobalamin"
    with pytest.raises(UnknownEntity, match="no entity matches"):
        resolve_entity(tiny, "zzzz")


def test_list_entities_class_filter_includes_subclasses(tiny: Store) -> None:
    page = list_entities(tiny, "Treatment")
    assert [e.id for e in page.items] == ["ldh:mecobalamin", "ldh:peld"] and page.total == 2
    assert list_entities(tiny, "ldho:Drug").total == 1
    assert list_entities(tiny, "drug").items[0].label_zh == "甲钴胺"
    assert list_entities(tiny, q="il-6").items[0].id == "ldh:interleukin-6"
    paged = list_entities(tiny, limit=1, offset=1)
    assert paged.total == 3 and [e.id for e in paged.items] == ["ldh:mecobalamin"]
    with pytest.raises(UnknownClass):
        list_entities(tiny, "NoSuchClass")


def test_durations_compare_by_value() -> None:
    assert duration_key("P24M") == duration_key("P2Y") == (24, 0)
    assert duration_key("p6m") == duration_key("P6M") != duration_key("P180D")
    assert duration_key("PT36H") == duration_key("P1DT12H")
    for bad in ("6 months", "P", "PT", "P1.5Y"):
        with pytest.raises(BadDuration):
            duration_key(bad)


@pytest.mark.parametrize("name", NEW_QUERIES)
def test_named_queries_run_on_an_empty_store(name: str) -> None:
    """Every query parses and runs with its documented binding (results parsed elsewhere)."""
    text = queries.load(name)
    bound = {v: ox.NamedNode(LDH + "x") for v in ("target", "ref") if f"?{v}" in text.split("WHERE")[0]}
    assert memory_store([]).select(text, bound).rows == ()


@pytest.mark.slow
@pytest.mark.parametrize(("query", "expected"), [
    ("PELD", "ldh:peld"),
    ("LDH", "ldh:lumbar-disc-herniation"),
    ("sEMG", "ldh:surface-electromyography"),
    ("IL-6", "ldh:interleukin-6"),
    ("甲钴胺", "ldh:mecobalamin"),
    ("神经根", "ldh:nerve-root"),
    ("mecobalamine", "ldh:mecobalamin"),
    ("pregabaline", "ldh:pregabalin"),
    ("ＰＥＬＤ", "ldh:peld"),
])
def test_search_on_the_built_graph(store: Store, query: str, expected: str) -> None:
    assert search(store, query).hits[0].id == expected
