"""Question answering, piece by piece: recognising entities (abbreviations, typos, full-width,
traditional characters, mixed languages), intents and time points, bound templates, the
answer contract, inferred chains, restraint, and the two faces (HTTP and CLI)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from kg import queries
from kg.ask import ask
from kg.ask.intents import classify, language, timepoints
from kg.ask.lexicon import lexicon, normalise
from kg.namespaces import expand
from kg.store import Store
from service.cli import cli  # the console script's group, with every command
from service.http.app import create_app


def test_normalise_folds_width_case_and_traditional() -> None:
    assert normalise("ＰＥＬＤ") == "peld"
    assert normalise("甲鈷胺能降低同型半胱氨酸嗎？") == "甲钴胺能降低同型半胱氨酸吗?"


def test_intents_and_time_points() -> None:
    assert classify("which test tells a new nerve root injury from a residual symptom?").intent \
        == "differentiation"
    assert classify("哪些治疗针对炎症性残余疼痛?").intent == "treatments"
    assert classify("what is the evidence that x relieves y?").intent == "evidence"
    assert classify("does mecobalamin reduce homocysteine?").relation == "ldho:reducesLevelOf"
    assert timepoints("from 6 months to 24 months") == ["P6M", "P24M"]
    assert timepoints("between 6 and 24 months") == ["P6M", "P24M"]
    assert timepoints("术后6个月到2年") == ["P6M", "P2Y"]
    assert (language("sEMG 有什么作用"), language("What is LDH?")) == ("zh", "en")


def test_templates_bind_their_values() -> None:
    for name in ("ask_edges", "ask_edges_from_subject"):
        text = queries.load(name)
        assert "?root" in text and "ldh:" not in text  # nothing formatted in


def test_the_subject_first_edges_text_gives_the_same_rows(store: Store) -> None:
    """ask_edges_from_subject.rq is ask_edges.rq in the shape that is fast for a bound subject
    (benchmarks/RESULTS.md): every subject of the review's edges, every root, the same rows."""
    roots = ["ldho:addresses", "ldho:targets", "ldho:contributesTo", "ldho:detects",
             "ldho:associatedWith", "ldho:raisesRiskOf"]
    subjects = {r["s"] for r in store.select(
        "SELECT DISTINCT ?s WHERE { GRAPH <https://w3id.org/ldhkg/graph/asserted> "
        "{ ?c <https://w3id.org/ldhkg/ontology/subject> ?s } }").rows}
    assert len(subjects) > 50
    compared = 0
    for subject in sorted(subjects, key=str):
        for root in roots:
            bound = {"subject": subject, "root": ox.NamedNode(expand(root))}
            plain, from_subject = (sorted(map(repr, store.select(queries.load(name), bound).rows))
                                   for name in ("ask_edges", "ask_edges_from_subject"))
            assert plain == from_subject
            compared += bool(plain)
    assert compared > 40  # most subjects have edges under some root



@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PELD", "ldh:peld"), ("ＰＥＬＤ", "ldh:peld"), ("LDH", "ldh:lumbar-disc-herniation"),
        ("sEMG", "ldh:surface-electromyography"), ("IL-6", "ldh:interleukin-6"),
        ("IL6", "ldh:interleukin-6"), ("il 6", "ldh:interleukin-6"),
        ("mecobalamine", "ldh:mecobalamin"), ("acupunture", "ldh:acupuncture"),
        ("甲鈷胺", "ldh:mecobalamin"), ("TNF-α", "ldh:tnf-alpha"), ("长病程", "ldh:long-disease-duration"),
        ("open surgery", "ldh:open-surgery"), ("神经根牵拉", "ldh:nerve-root-traction"),
    ],
)
def test_recognises_names_abbreviations_typos_and_variants(
    store: Store, text: str, expected: str
) -> None:
    _, found = lexicon(store).recognise(f"what about {text}?")
    assert expected in [e.id for e in found]


@pytest.mark.slow
def test_longest_match_wins_in_chinese(store: Store) -> None:
    _, found = lexicon(store).recognise("甲钴胺联合神经妥乐平效果如何")
    assert [e.id for e in found] == ["ldh:mecobalamin-plus-neurotropin"]


@pytest.mark.slow
def test_answer_contract_and_shown_queries(store: Store) -> None:
    a = ask(store, "甲钴胺能降低同型半胱氨酸吗？")
    assert a.boolean is True and a.interpretation.language == "zh"
    assert [e.id for e in a.interpretation.entities] == ["ldh:mecobalamin", "ldh:homocysteine"]
    ans = a.answers[0]
    assert (ans.id, ans.label_en, ans.label_zh, ans.inferred) == (
        "ldh:homocysteine", "homocysteine", "同型半胱氨酸", False)
    cites = {n for ev in ans.evidence for n in ev.citations}
    assert {16, 29} <= cites
    assert any("同型半胱氨酸" in ev.quote for ev in ans.evidence)
    assert any(ev.study_design == "ldho:meta-analysis" for ev in ans.evidence)
    run = a.sparql[0]
    assert run.template == "ask_between" and run.bindings == {
        "a": "ldh:mecobalamin", "b": "ldh:homocysteine"}
    assert run.query == queries.load("ask_between")


@pytest.mark.slow
def test_inferred_answers_carry_their_chain(store: Store) -> None:
    a = ask(store, "Why does leg numbness persist after discectomy?")
    assert a.answers and all(x.inferred for x in a.answers)
    chain = next(x for x in a.answers if x.id == "ldh:nerve-root-compression").inferred_from
    assert chain is not None
    assert [(h.subject, h.predicate, h.object) for h in chain.chain] == [
        ("ldh:nerve-root-compression", "ldho:causes", "ldh:postoperative-residual-symptoms"),
        ("ldh:postoperative-residual-symptoms", "ldho:manifestsAs", "ldh:leg-numbness"),
    ]


@pytest.mark.slow
def test_risk_factors_carry_thresholds_and_numbers_compute_change(store: Store) -> None:
    risk = {x.id: x for x in ask(store, "Who is at risk of residual low back pain?").answers}
    assert risk["ldh:older-age"].value == 50 and risk["ldh:older-age"].unit == "years"
    assert risk["ldh:obesity"].value == 25
    change = ask(store, "How did residual back pain change from 6 months to 24 months in [8]?")
    assert change.computation is not None and change.computation.result == pytest.approx(-6.4)
    assert {x.n for x in change.answers} == {1192}


@pytest.mark.slow
def test_evidence_answers_show_design_and_audit_flags(store: Store) -> None:
    a = ask(store, "PELD 优于开放手术的证据是什么？")
    ref = next(x for x in a.answers if x.id == "ldh:ref-34")
    ev = ref.evidence[0]
    assert ev.study_design == "ldho:retrospective-analysis" and ev.n == 72
    assert any(f.startswith("citation-topic-mismatch") for f in ev.audit_flags)


@pytest.mark.slow
def test_restraint_no_answer_from_shared_references(store: Store) -> None:
    # acupuncture (6.4) and IL-6 (3) are both cited to [15]; the review never links them
    a = ask(store, "Does acupuncture reduce IL-6?")
    assert a.boolean is False and a.answers == []
    assert "does not" in a.statement and a.suggestions
    b = ask(store, "腰椎间盘突出症术后多久可以开车？")
    assert b.answers == [] and "没有说明" in b.statement and b.suggestions


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store=store)) as c:
        yield c


@pytest.mark.slow
def test_api_ask(client: TestClient) -> None:
    r = client.get("/api/ask", params={"q": "哪些治疗针对炎症性残余疼痛？"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"question", "interpretation", "sparql", "answers", "boolean"}
    ids = {a["id"] for a in body["answers"]}
    assert {"ldh:mecobalamin", "ldh:multimodal-analgesia"} <= ids
    assert all({"id", "label_en", "label_zh", "type", "inferred", "evidence"} <= set(a)
               for a in body["answers"])
    assert client.get("/api/ask", params={"q": ""}).status_code == 422
    examples = client.get("/openapi.json").json()["paths"]["/api/ask"]["get"]["parameters"][0]
    values = [e["value"] for e in examples["examples"].values()]
    assert any(language(v) == "zh" for v in values) and any(language(v) == "en" for v in values)


@pytest.mark.slow
def test_cli_ask(store: Store, built: object) -> None:
    descriptor = store.descriptor
    out = CliRunner().invoke(cli, ["ask", "Does mecobalamin reduce homocysteine?", "--json",
                                   "--store", descriptor])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["boolean"] is True
    text = CliRunner().invoke(cli, ["ask", "甲钴胺的作用机制是什么？", "--store", descriptor])
    assert text.exit_code == 0 and "ldh:homocysteine" in text.output and "[16]" in text.output
