"""The REST routes on the real build: list, search, treatments, statistics, citations, graph
navigation and metrics, asserting on content (ids, citations, quotes), not just status."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kg.store import Store
from service.http.app import create_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store=store)) as c:
        yield c


def _ok(client: TestClient, url: str, **params: Any) -> Any:
    r = client.get(url, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_entity_list_filters_by_class_with_subclasses_and_pages(client: TestClient) -> None:
    drugs = _ok(client, "/api/entities", type="Drug", limit=500)
    ids = {e["id"] for e in drugs["items"]}
    assert {"ldh:mecobalamin", "ldh:pregabalin"} <= ids and drugs["total"] == len(ids)
    treatments = _ok(client, "/api/entities", type="ldho:Treatment", limit=500)
    assert ids < {e["id"] for e in treatments["items"]}
    meco = next(e for e in drugs["items"] if e["id"] == "ldh:mecobalamin")
    assert (meco["label_en"], meco["label_zh"], meco["types"]) == ("mecobalamin", "甲钴胺", ["ldho:Drug"])
    page = _ok(client, "/api/entities", limit=2, offset=1)
    everything = _ok(client, "/api/entities", limit=500)
    assert page["total"] == everything["total"] > 100
    assert [e["id"] for e in page["items"]] == [e["id"] for e in everything["items"][1:3]]
    assert "ldh:mecobalamin" in {e["id"] for e in _ok(client, "/api/entities", q="甲钴")["items"]}


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"offset": -1}, {"type": "Nope"}])
def test_entity_list_rejects_bad_parameters(client: TestClient, params: dict[str, Any]) -> None:
    assert client.get("/api/entities", params=params).status_code == 422


@pytest.mark.parametrize(("q", "expected"), [
    ("PELD", "ldh:peld"),
    ("甲钴胺", "ldh:mecobalamin"),
    ("mecobalamine", "ldh:mecobalamin"),
    ("sEMG", "ldh:surface-electromyography"),
    ("IL-6", "ldh:interleukin-6"),
])
def test_search_ranks_the_right_entity_first(client: TestClient, q: str, expected: str) -> None:
    hit = _ok(client, "/api/search", q=q)["hits"][0]
    assert hit["id"] == expected
    assert hit["matched"] and hit["score"] > 0 and hit["match"] in {"exact", "fuzzy"}


def test_search_says_what_matched_and_exact_beats_prefix(client: TestClient) -> None:
    hits = _ok(client, "/api/search", q="PELD")["hits"]
    # the review expands PELD two ways (errata.yaml): both entities are exact hits, first
    exact = [h for h in hits if h["score"] == 100.0]
    assert {h["id"] for h in exact} == {"ldh:peld", "ldh:percutaneous-lumbar-discectomy"}
    assert all((h["matched"], h["match"]) == ("PELD", "exact") for h in exact)
    assert hits[:len(exact)] == exact and all(h["score"] < 100 for h in hits[len(exact):])
    assert client.get("/api/search", params={"q": ""}).status_code == 422


def test_treatments_for_postoperative_pain_direct_and_inferred(client: TestClient) -> None:
    body = _ok(client, "/api/treatments", addresses="postoperative-pain")
    assert body["target"]["id"] == "ldh:postoperative-pain"
    meco = next(t for t in body["treatments"] if t["treatment"]["id"] == "ldh:mecobalamin")
    relieves = next(d for d in meco["direct"] if d["predicate"] == "ldho:relieves")
    assert any(16 in e["citations"] and e["quote"] for e in relieves["evidence"])
    chain = next(i for i in meco["inferred"] if i["rule"] == "property chain")
    assert [v["id"] for v in chain["via"]] == ["ldh:nerve-root-inflammation"]
    hops = [(h["subject"]["id"], h["predicate"], h["object"]["id"]) for h in chain["hops"]]
    assert hops == [
        ("ldh:mecobalamin", "ldho:targets", "ldh:nerve-root-inflammation"),
        ("ldh:nerve-root-inflammation", "ldho:contributesTo", "ldh:postoperative-pain"),
    ]
    assert all(h["evidence"] and h["evidence"][0]["section"] for h in chain["hops"])
    assert chain["inference"].startswith("ldh:inference-")


def test_treatments_accept_chinese_names_and_mechanisms(client: TestClient) -> None:
    zh = _ok(client, "/api/treatments", addresses="术后疼痛")
    assert zh["target"]["id"] == "ldh:postoperative-pain"
    assert "ldh:mecobalamin" in {t["treatment"]["id"] for t in zh["treatments"]}
    tcm = _ok(client, "/api/treatments", addresses="qi-blood-stasis")
    first = tcm["treatments"][0]
    assert first["treatment"]["id"] == "ldh:activating-blood-resolving-stasis"
    assert first["direct"][0]["predicate"] == "ldho:targets"
    missing = client.get("/api/treatments", params={"addresses": "no such symptom at all"})
    assert missing.status_code == 404 and "no entity matches" in missing.json()["detail"]


def test_statistics_for_residual_low_back_pain(client: TestClient) -> None:
    stats = _ok(client, "/api/statistics", symptom="residual-low-back-pain")["statistics"]
    s = next(s for s in stats if s["value"] == 32.8)
    assert (s["timepoint"], s["sample_size"], s["citations"], s["unit"]) == ("P6M", 1192, [8], "percent")
    assert s["about"]["label_zh"] and "32.8%" in s["quote"] and s["stated_as"] == "32.8"
    assert all(x["about"]["id"] == "ldh:residual-low-back-pain" for x in stats)


def test_statistics_filters_compare_durations_and_citations(client: TestClient) -> None:
    two_years = _ok(client, "/api/statistics", timepoint="P24M")["statistics"]
    assert two_years and {s["timepoint"] for s in two_years} == {"P2Y"}
    assert {26.4, 16.7} <= {s["value"] for s in two_years}
    cited = _ok(client, "/api/statistics", citation=13)["statistics"]
    grim = next(s for s in cited if s["value"] == 12.5)
    assert "grim-inconsistent" in {f["kind"] for f in grim["audit_flags"]}
    assert client.get("/api/statistics", params={"timepoint": "6 months"}).status_code == 422
    assert client.get("/api/statistics", params={"citation": 99}).status_code == 404
    assert client.get("/api/statistics", params={"symptom": "qqqq"}).status_code == 404


def test_statistics_as_tsv(client: TestClient) -> None:
    by_param = client.get("/api/statistics", params={"format": "tsv", "symptom": "残余腰痛"})
    by_accept = client.get("/api/statistics", params={"symptom": "残余腰痛"},
                           headers={"accept": "text/tab-separated-values"})
    assert by_param.text == by_accept.text
    assert by_param.headers["content-type"].startswith("text/tab-separated-values")
    header, *rows = [line.split("\t") for line in by_param.text.splitlines()]
    row = next(dict(zip(header, r, strict=True)) for r in rows if r[header.index("value")] == "32.8")
    assert (row["timepoint"], row["sample_size"], row["citations"]) == ("P6M", "1192", "8")


def test_citation_list_and_tsv(client: TestClient) -> None:
    body = _ok(client, "/api/citations")
    assert body["count"] == 42 and [c["n"] for c in body["citations"]] == list(range(1, 43))
    first = body["citations"][0]
    assert first["first_author"] and first["year"] == 2018 and first["doi"].startswith("10.")
    tsv = client.get("/api/citations", params={"format": "tsv"}).text.splitlines()
    assert tsv[0].startswith("n\tauthors") and len(tsv) == 43


def test_citation_13_with_its_claims_and_grim_flag(client: TestClient) -> None:
    body = _ok(client, "/api/citations/13")
    assert body["reference"]["n"] == 13 and body["reference"]["year"] == 2019
    assert "grim-inconsistent" in {f["kind"] for f in body["audit_flags"]}
    assert all(f["severity"] and f["reason"] for f in body["audit_flags"])
    claim = next(c for c in body["claims"] if "127 例" in c["quote"]
                 and c["predicate"] == "ldho:treats")
    # 椎间孔镜 as printed, its own entity: the review never says it is PELD (pass 12)
    assert claim["subject"]["id"] == "ldh:transforaminal-endoscopy"
    assert claim["subject"]["label_zh"] == "椎间孔镜"
    assert claim["section"] == "3" and 13 in claim["citations"]
    missing = client.get("/api/citations/99")
    assert missing.status_code == 404 and "[99]" in missing.json()["detail"]


def test_neighbours_of_mecobalamin(client: TestClient) -> None:
    body = _ok(client, "/api/neighbors/ldh:mecobalamin", depth=1)
    nodes = {n["id"]: n["distance"] for n in body["nodes"]}
    assert nodes["ldh:mecobalamin"] == 0 and nodes["ldh:homocysteine"] == 1
    edge = next(e for e in body["edges"] if e["target"] == "ldh:nerve-root-inflammation"
                and e["predicate"] == "ldho:targets" and not e["inferred"])
    assert edge["citations"] == [16] and edge["evidence"][0]["quote"]
    assert edge["evidence_count"] == len(edge["evidence"])
    # an inferred edge carries its ldho:Inference record: the rule and the claims of the chain
    chain = next(e for e in body["edges"] if e["target"] == "ldh:postoperative-pain"
                 and e["predicate"] == "ldho:addresses" and e["inferred"])
    assert chain["rule"] == "property chain" and chain["citations"] == [16]
    assert [ev["quote"] for ev in chain["evidence"]] and chain["evidence_count"] == 2
    wider = _ok(client, "/api/neighbors/mecobalamin", depth=2)
    assert len(wider["nodes"]) > len(body["nodes"])
    assert client.get("/api/neighbors/mecobalamin", params={"depth": 4}).status_code == 422
    assert client.get("/api/neighbors/no-such-entity").status_code == 404


def test_paths_from_mecobalamin_to_postoperative_pain(client: TestClient) -> None:
    body = _ok(client, "/api/paths", **{"from": "mecobalamin", "to": "postoperative-pain",
                                         "max_len": 2})
    routes = [[n["id"] for n in p["nodes"]] for p in body["paths"]]
    assert routes[0] == ["ldh:mecobalamin", "ldh:postoperative-pain"]
    assert ["ldh:mecobalamin", "ldh:nerve-root-inflammation", "ldh:postoperative-pain"] in routes
    assert all(p["length"] <= 2 and p["length"] == len(p["hops"]) for p in body["paths"])
    lengths = [p["length"] for p in body["paths"]]
    assert lengths == sorted(lengths)
    hop = body["paths"][0]["hops"][0]
    assert {e["predicate"] for e in hop["edges"]} >= {"ldho:relieves"}
    assert any(16 in e["citations"] for e in hop["edges"])
    assert client.get("/api/paths", params={"from": "mecobalamin", "to": "nowhere-xyz"}).status_code == 404
    assert client.get("/api/paths", params={"from": "a", "to": "b", "max_len": 9}).status_code == 422


def test_metrics_count_requests_by_route_template(client: TestClient) -> None:
    client.get("/health")
    client.get("/api/entities/ldh:mecobalamin")
    text = client.get("/metrics").text
    assert 'ldhkg_http_requests_total{method="GET",route="/health",status="200"}' in text
    assert 'route="/api/entities/{entity_id}"' in text
    assert "ldhkg_http_request_duration_seconds_bucket" in text
    triples = next(line for line in text.splitlines() if line.startswith("ldhkg_store_triples "))
    assert float(triples.split()[1]) > 1000


def test_every_new_route_documents_an_example(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()["paths"]
    for path in ("/api/entities", "/api/search", "/api/treatments", "/api/statistics",
                 "/api/citations/{n}", "/api/neighbors/{entity_id}", "/api/paths"):
        params = spec[path]["get"]["parameters"]
        assert any("examples" in p or "examples" in p.get("schema", {}) for p in params), path
    for path in ("/api/citations", "/metrics"):
        content = spec[path]["get"]["responses"]["200"]["content"]
        assert any("example" in c for c in content.values()), path
