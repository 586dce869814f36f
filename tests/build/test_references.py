"""The 42-entry reference list, fields kept as printed."""

from __future__ import annotations

from kg.build.references import load_references


def test_all_42_references_parse() -> None:
    refs = load_references()
    assert [r.number for r in refs] == list(range(1, 43))
    assert [r.number for r in refs if r.language == "zh"] == [
        13, 15, 16, 17, 18, 19, 20, 22, 23, 30, 35, 36, 37]


def test_western_entry_fields() -> None:
    r = load_references()[0]
    assert (r.first_author, r.year, r.journal, r.volume, r.pages, r.doi) == (
        "Benzakour, T.", 2018, "International Orthopaedics", "43", "841-851",
        "10.1007/s00264-018-4247-6")
    assert r.title == "Current Concepts for Lumbar Disc Herniation"


def test_chinese_entry_fields() -> None:
    r = load_references()[12]
    assert (r.first_author, r.year, r.journal, r.volume, r.issue, r.pages) == (
        "吕建亮", 2019, "中华骨科杂志", "39", "8", "484-489")
    assert r.author_list == ("吕建亮", "卢怀恩", "曹晓农", "等")


def test_oddities_are_kept_as_printed() -> None:
    refs = {r.number: r for r in load_references()}
    assert refs[2].doi == "10.1097/md.00000000000002378"
    assert refs[32].volume == "3" and refs[32].doi == "10.36076/ppj/2019.22.295"
    assert refs[42].article_number == "Article ID: 1823347" and refs[42].volume == "2022"
    assert refs[25].author_list == ("Sedighi, M.", "Haghnegahdar, A.")
    assert refs[17].title.startswith("髓腰肌")  # typo kept; recorded as an erratum
    assert refs[31].doi == "10.4103/joacp.joacp_51_18"  # printed without angle brackets
