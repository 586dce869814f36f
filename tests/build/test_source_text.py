"""Parsing the review: sections, sentences across page breaks, offsets, citation markers."""

from __future__ import annotations

from kg.build.source_text import load_document


def test_sections_in_order() -> None:
    doc = load_document()
    assert [s.number for s in doc.sections] == [
        "abstract-zh", "abstract-en", "1", "2", "3", "4", "5", "6", "6.1", "6.2", "6.3",
        "6.4", "6.5", "7", "8"]
    assert doc.section("6.3").title == "疼痛管理"


def test_sentences_rebuilt_across_page_breaks() -> None:
    doc = load_document()
    ct = doc.find_sentence("CT 在评估骨质结构")
    assert ct.text == "CT 在评估骨质结构如椎管狭窄、骨赘、不稳定等方面具有优势[26]。"
    assert len(ct.spans) == 2 and ct.citations == (26,)
    chen = doc.find_sentence("Chen 等[10]")
    assert chen.text.endswith("提示应制定更有针对性和挑战性的训练任务。")
    abstract = doc.section("abstract-en").sentences[0]
    assert abstract.text == ("Postoperative residual symptoms of lumbar disc herniation (LDH) are "
                             "a common yet complex clinical issue that significantly affects "
                             "patients' quality of life after surgery.")
    assert "通讯作者" not in abstract.text  # the page furniture between the halves is skipped


def test_offsets_map_back_to_the_raw_text() -> None:
    doc = load_document()
    for s in doc.sentences:
        pieces = "".join(doc.raw[sp.start : sp.end] for sp in s.spans)
        assert pieces.replace("\n", " ") == s.text, s.id
    s = doc.find_sentence("1192 例")
    assert doc.raw[s.start : s.end] == s.text


def test_citation_markers_and_sentence_counts() -> None:
    doc = load_document()
    assert doc.find_sentence("是腰痛残留的独立危险因素").citations == (6,)
    assert doc.find_sentence("病程时间和术前症状严重程度").citations == (6, 7)
    in_body = [s for s in doc.sentences if s.section[0].isdigit()]
    assert len(in_body) == 114
    assert {n for s in doc.sentences for n in s.citations} == set(range(1, 43))
