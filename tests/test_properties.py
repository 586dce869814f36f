"""Property tests (Hypothesis) on the three parsers that take text from outside.

(a) Questions: ``ask`` never raises on any text (English, Chinese, mixed, control
characters), answers the same way twice, and a question naming an entity by its label
recognises that entity. (b) The SPARQL protocol: any query string, content type, charset,
form body or Accept header gets a 2xx/4xx through the app, never a 5xx or a stack trace; a
malformed query is a 400 with the parser's message; ``negotiate`` returns one of the offered
types or ``None``. (c) The curation loader: any mutation of a copy of ``kg/curation`` is
loaded and checked, or refused with ``CurationError(s)`` whose every message starts with
``file:line:``, never another exception.

Budgets are modest (the file runs in well under a minute); ``--hypothesis-seed`` or
``HYPOTHESIS_PROFILE=long`` (below) for a longer search.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from kg.ask import ask
from kg.ask.lexicon import lexicon
from kg.ask.text import render
from kg.build.checks import CurationErrors, check
from kg.build.loader import CurationError, load_curation
from kg.build.ontology_terms import Terms, load_terms
from kg.build.references import Reference, load_references
from kg.build.source_text import Document, load_document
from kg.paths import CURATION_DIR
from kg.read.entity_list import EntityRef, list_entities
from kg.store import GRAPH_MEDIA_TYPES, RESULTS_MEDIA_TYPES, Store
from service.http.app import create_app
from service.http.conneg import negotiate
from service.http.render import json_response

pytestmark = pytest.mark.slow

settings.register_profile(
    "ldhkg", max_examples=40, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("long", parent=settings.get_profile("ldhkg"), max_examples=500)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ldhkg"))
TRACEBACK_MARKS = ("Traceback (most recent call last)", 'File "/', "site-packages")


# ---------------------------------------------------------------- text strategies

# Printable and not: ASCII, Latin-1, general punctuation, full-width forms, CJK (both the
# simplified and traditional characters the lexicon knows), control characters, surrogates
# excluded (not encodable), astral planes and emoji.
CHARS = st.characters(codec="utf-8")
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
CONTROL = st.characters(max_codepoint=0x1F) | st.sampled_from("\x7f\u200b\u200e\ufeff\u3000")

CUES = (
    "which", "what", "how", "does", "is", "can", "why", "treat", "treatments", "address",
    "relieve", "cause", "mechanism", "risk", "test", "detect", "distinguish", "prevalence",
    "how many", "change", "from 6 to 24 months", "in [8]", "[13]", "evidence", "vs", "TCM",
    "future", "avoid", "哪些", "治疗", "针对", "吗", "是否", "为什么", "原因", "危险因素", "检查",
    "鉴别", "发生率", "6个月", "24个月", "到", "证据", "中医", "局限", "相比", "优于", "？", "?",
    "%", "和", "and", "or", "not", "P6M", "-", "/", "(", ")", "[", "]",
)


@pytest.fixture(scope="module")
def entities(store: Store) -> list[EntityRef]:
    return list_entities(store, None, None, 500, 0).items


def questions(entities: list[EntityRef]) -> st.SearchStrategy[str]:
    """Free text, or questions stitched from cue words, entity names and noise."""
    names = [n for e in entities for n in (e.label_en, e.label_zh) if n]
    pieces = st.one_of(
        st.sampled_from(CUES), st.sampled_from(names), st.text(CHARS, max_size=8),
        st.text(CJK, min_size=1, max_size=4), st.text(CONTROL, min_size=1, max_size=3),
        st.integers(-5, 10_000).map(str),
    )
    stitched = st.lists(pieces, max_size=10).flatmap(
        lambda ps: st.sampled_from([" ", "", "\t", "，", "、"]).map(lambda sep: sep.join(ps))
    )
    return st.one_of(stitched, st.text(CHARS, max_size=300), st.text(CJK | CONTROL, max_size=60))


# ---------------------------------------------------------------- (a) questions


def _answer(store: Store, question: str) -> dict[str, Any]:
    a = ask(store, question)
    assert a.statement, "every answer says something"
    assert a.interpretation.language in ("en", "zh")
    assert all(r.id.startswith("ldh:") for r in a.interpretation.entities if r.kind == "entity")
    json_response(a)  # the route's rendering
    render(a, show_sparql=True)  # the CLI's
    return asdict(a)


@settings(PROFILE, max_examples=PROFILE.max_examples * 2)
@given(data=st.data())
def test_ask_never_raises_and_is_deterministic(
    store: Store, entities: list[EntityRef], data: st.DataObject
) -> None:
    question = data.draw(questions(entities), label="question")
    first = _answer(store, question)
    event("answered" if first["answers"] else "no answer")
    assert _answer(store, question) == first


def test_a_label_names_its_entity(store: Store, entities: list[EntityRef]) -> None:
    """A question that is an entity's label (or holds it in a frame) recognises that entity,
    as the recognised one or as an alternative of equal rank (two entities sharing a name)."""
    lex = lexicon(store)
    frames = ["{x}", "What about {x}?", "Tell me about {x}.", "{x}是什么？", "关于{x}"]
    for entity in entities:
        for label in (entity.label_en, entity.label_zh):
            if not label:
                continue
            for frame in frames:
                _, found = lex.recognise(frame.format(x=label))
                ids = {r.id for r in found} | {a for r in found for a in r.alternatives}
                assert entity.id in ids, (frame.format(x=label), [(r.id, r.matched) for r in found])


# ---------------------------------------------------------------- (b) SPARQL protocol

MEDIA = [*RESULTS_MEDIA_TYPES, *GRAPH_MEDIA_TYPES, "text/html", "application/json", "*/*",
         "text/*", "application/*", "image/png"]
Q_VALUE = st.one_of(st.sampled_from(["1", "0", "0.5", "0.001", "1.0", "", "x", "-1", "nan",
                                     "inf", "2"]), st.text(CHARS, max_size=4))
ACCEPT_PART = st.tuples(
    st.sampled_from(MEDIA) | st.text(CHARS, max_size=20),
    st.lists(st.tuples(st.sampled_from(["q", "Q", "charset", "level", ""]), Q_VALUE), max_size=2),
).map(lambda t: t[0] + "".join(f";{k}={v}" for k, v in t[1]))
ACCEPT = st.one_of(
    st.lists(ACCEPT_PART, max_size=4).map(", ".join),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60),
)
QUERIES = st.one_of(
    st.sampled_from([
        "SELECT * WHERE { ?s ?p ?o } LIMIT 3",
        "ASK { ?s ?p ?o }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
        "DESCRIBE <https://w3id.org/ldhkg/id/mecobalamin>",
        "PREFIX ldh: <https://w3id.org/ldhkg/id/> SELECT ?p WHERE { ldh:mecobalamin ?p ?o }",
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "SELECT ?x WHERE {", "", " ", "#", "SELECT * WHERE { ?s ?p ?o } LIMIT -1",
        "SELECT * FROM <urn:nowhere> WHERE { ?s ?p ?o }",
        "BASE <rel> SELECT * WHERE { <x> ?p ?o }",
    ]),
    st.text(CHARS, max_size=80),
)
CTYPES = st.one_of(
    st.sampled_from(["application/sparql-query", "application/x-www-form-urlencoded",
                     "application/sparql-update", "text/plain", "", "multipart/form-data",
                     "APPLICATION/SPARQL-QUERY", "application/sparql-query "]),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30),
)
CHARSETS = st.one_of(st.none(), st.sampled_from(["utf-8", "UTF-8", '"utf-8"', "utf8",
                                                 "latin-1", "iso-8859-1", "", "x"]))
URL_KEYS = st.sampled_from(["query", "default-graph-uri", "named-graph-uri", "update",
                            "using-graph-uri", "format", "x", ""])
PARAMS = st.lists(st.tuples(URL_KEYS, QUERIES), max_size=3)
OK_STATUSES = {200, 400, 403, 406, 408, 413, 414, 415, 431}


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store=store)) as c:
        yield c


def _wire(header: str) -> bytes:
    """A header as a client may send it: any bytes but CR, LF and NUL (UTF-8 beyond ASCII)."""
    return re.sub(r"[\r\n\x00]", " ", header).encode("utf-8")


def _no_trace(r: Any) -> None:
    assert r.status_code in OK_STATUSES, (r.status_code, r.text[:300])
    assert not any(m in r.text for m in TRACEBACK_MARKS), r.text[:500]
    if r.status_code >= 400:
        assert r.text.strip(), "an error says what is wrong"


@given(
    header=ACCEPT,
    offered=st.lists(st.sampled_from(MEDIA[:-4]), min_size=1, max_size=6, unique=True),
)
@settings(PROFILE, max_examples=300)
def test_negotiate_returns_an_offered_type_or_none(header: str, offered: list[str]) -> None:
    got = negotiate(header, offered)
    assert got is None or got in offered
    if not header.strip() or header.strip() == "*/*":
        assert got == offered[0]
    for o in offered:
        assert negotiate(o, offered) == o
        assert negotiate(f"{o};q=0", offered) is None


def _rfc_quality(header: str, media: str) -> float:
    """RFC 9110 12.5.1: a type's quality is that of the most specific range that matches it
    (``type/subtype`` over ``type/*`` over ``*/*``); unmatched: 0."""
    best: tuple[int, float] = (-1, 0.0)
    for part in header.split(","):
        rng, *params = (p.strip().lower() for p in part.split(";"))
        q = 1.0
        for prm in params:
            if prm.startswith("q="):
                try:
                    q = float(prm[2:])
                except ValueError:
                    q = 0.0
        spec = (2 if rng == media else 1 if rng.endswith("/*") and rng != "*/*"
                and media.startswith(rng[:-1]) else 0 if rng == "*/*" else -1)
        if spec > best[0]:
            best = (spec, q)
    return best[1] if best[1] == best[1] else 0.0  # NaN: not acceptable


@settings(PROFILE, max_examples=300)
@given(
    parts=st.lists(st.tuples(st.sampled_from(MEDIA[:-1]),
                             st.sampled_from(["", ";q=0", ";q=0.5", ";q=1", ";q=0.2"])),
                   min_size=1, max_size=4, unique_by=lambda t: t[0]),  # a range once
    offered=st.lists(st.sampled_from(MEDIA[:-4]), min_size=1, max_size=6, unique=True),
)
def test_negotiate_lets_the_most_specific_range_decide(
    parts: list[tuple[str, str]], offered: list[str]
) -> None:
    """Found here: negotiate() took a type's best q over every range that matched it, so
    'text/csv;q=0, */*' still picked text/csv (fixed in 177c21b)."""
    header = ", ".join(m + q for m, q in parts)
    qualities = {o: _rfc_quality(header, o) for o in offered}
    got = negotiate(header, offered)
    if max(qualities.values()) <= 0:
        assert got is None, (header, got)
    else:
        assert got is not None and qualities[got] == max(qualities.values()), (header, got)


@settings(PROFILE, max_examples=PROFILE.max_examples * 2)
@given(params=PARAMS, accept=ACCEPT)
def test_sparql_get_never_5xx(
    client: TestClient, params: list[tuple[str, str]], accept: str
) -> None:
    r = client.get("/sparql", params=params, headers={"accept": _wire(accept)})
    _no_trace(r)


@settings(PROFILE, max_examples=PROFILE.max_examples * 3)
@given(
        ctype=CTYPES, charset=CHARSETS, accept=ACCEPT, url=PARAMS,
        body=st.one_of(
            QUERIES.map(lambda q: q.encode("utf-8")),
            st.lists(st.tuples(URL_KEYS, QUERIES), max_size=3).map(
                lambda kv: "&".join(f"{k}={v}" for k, v in kv).encode("utf-8")),
            st.binary(max_size=64),
        ),
    )
def test_sparql_post_never_5xx(client: TestClient, ctype: str, charset: str | None, accept: str,
                               url: list[tuple[str, str]], body: bytes) -> None:
    header = ctype if charset is None else f"{ctype}; charset={charset}"
    r = client.post("/sparql", params=url, content=body,
                    headers={"content-type": _wire(header), "accept": _wire(accept)})
    _no_trace(r)
    event(f"status {r.status_code}")


@settings(PROFILE)
@given(
    # SELECT needs a projection: whatever follows, this never parses
    garbage=st.text(CHARS, max_size=40),
    how=st.sampled_from(["get", "form", "direct"]),
)
def test_a_malformed_query_is_a_400_with_the_parsers_message(
    client: TestClient, garbage: str, how: str
) -> None:
    query = "SELECT WHERE { " + garbage
    if how == "get":
        r = client.get("/sparql", params={"query": query})
    elif how == "form":
        r = client.post("/sparql", data={"query": query})
    else:
        r = client.post("/sparql", content=query.encode("utf-8"),
                        headers={"content-type": "application/sparql-query"})
    _no_trace(r)
    assert r.status_code == 400 and r.text.startswith("malformed query: "), r.text[:200]


# ---------------------------------------------------------------- (b') REST routes

# Schemathesis (test_fuzz_openapi.py) rarely hits a real id; here every route gets real ids
# and names in both languages, noise, and parameters in and out of range.
EXPORT_QUERIES = [
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 50",
    "PREFIX ldh: <https://w3id.org/ldhkg/id/> CONSTRUCT { ldh:mecobalamin ?p ?o } "
    "WHERE { ldh:mecobalamin ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <urn:nowhere> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o }", "CONSTRUCT {", "", "DESCRIBE <urn:x>",
]


def rest_requests(entities: list[EntityRef]) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    names = st.one_of(
        st.sampled_from([e.id for e in entities]),
        st.sampled_from([e.id.removeprefix("ldh:") for e in entities]),
        st.sampled_from([n for e in entities for n in (e.label_en, e.label_zh) if n]),
        st.text(CHARS, max_size=12), st.sampled_from(["ldh:", ":", "ldho:Drug", "owl:Thing"]),
    )
    small = st.integers(-2, 8) | st.sampled_from([10**6, -(10**6)])
    opt = st.one_of(st.none(), names)
    return st.one_of(
        st.tuples(st.just("/api/paths"), st.fixed_dictionaries(
            {"from": names, "to": names},
            optional={"max_len": small, "max_paths": st.integers(-1, 60), "directed":
                      st.sampled_from(["true", "false", "1", "no", "maybe"])})),
        st.tuples(names.map(lambda n: f"/api/neighbors/{quote(n, safe='')}"), st.fixed_dictionaries(
            {}, optional={"depth": small})),
        st.tuples(names.map(lambda n: f"/api/entities/{quote(n, safe='')}"), st.just({})),
        st.tuples(st.just("/api/treatments"), st.fixed_dictionaries({"addresses": names})),
        st.tuples(st.just("/api/statistics"), st.fixed_dictionaries({}, optional={
            "symptom": names, "citation": st.integers(-1, 45),
            "timepoint": st.sampled_from(["P6M", "P2Y", "P24M", "P", "PT1H", "6 months",
                                          "P99999999999999999999Y", "P1Y6M", "-P1M"]),
            "format": st.sampled_from(["json", "tsv", "csv"])})),
        st.tuples(st.just("/api/entities"), st.fixed_dictionaries({}, optional={
            "type": st.sampled_from(["Drug", "ldho:Treatment", "Symptom", "owl:Thing", ""])
            | names, "q": names, "limit": small, "offset": small})),
        st.tuples(st.just("/api/search"), st.fixed_dictionaries(
            {"q": names}, optional={"limit": small})),
        st.tuples(
            st.sampled_from(["graphml", "cytoscape", "node-link", "neo4j", "kgx", "dot", "x"])
            .map(lambda f: f"/api/export/{f}"),
            st.fixed_dictionaries({}, optional={
                "root": opt, "to": opt, "depth": small, "query": st.sampled_from(EXPORT_QUERIES),
            })),
    )


@settings(PROFILE, max_examples=PROFILE.max_examples * 3)
@given(data=st.data())
def test_rest_routes_answer_or_say_why(
    client: TestClient, entities: list[EntityRef], data: st.DataObject
) -> None:
    """200, or 400/404/422 with a ``detail`` sentence (422: or FastAPI's list of field errors);
    never a 5xx, never a stack trace."""
    url, params = data.draw(rest_requests(entities), label="request")
    params = {k: v for k, v in params.items() if v is not None}
    r = client.get(url, params=params)
    event(f"{url.split('/')[2]} {r.status_code}")
    assert r.status_code in {200, 400, 404, 422}, (r.status_code, r.text[:300])
    assert not any(m in r.text for m in TRACEBACK_MARKS), r.text[:500]
    if r.status_code != 200:
        detail = r.json()["detail"]
        assert (isinstance(detail, str) and detail) or (
            r.status_code == 422 and all(d["msg"] for d in detail)
        ), r.text[:300]


# ---------------------------------------------------------------- (c) curation loader

FILES = sorted(p.relative_to(CURATION_DIR).as_posix() for p in CURATION_DIR.rglob("*.yaml"))
WHERE = re.compile(r"^curation/[\w./-]+\.yaml:\d+: \S")
YAML_NOISE = st.sampled_from([
    ":", ": ", "- ", "-", "[", "]", "{", "}", "&a", "*a", "!!python/object:os.system", "!x",
    "%YAML 1.1", "|", ">", "'", '"', "#", "\t", "  ", "\n", "\n  ", "~", "null", "yes", "no",
    "1e9", ".nan", "0x1F", "2024-01-01", "<<: *a", "? ", "---", "...", "\x00", "\ufeff",
    "\x85", "\u2028", "\\", "@", "`",
])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
    st.text(CHARS, max_size=20), st.sampled_from(["", " ", "P6M", "ldh:x", "mecobalamin",
                                                  "supports", "percent", "Drug"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=6)


@pytest.fixture(scope="module")
def sources() -> tuple[Document, dict[int, Reference], Terms]:
    return load_document(), load_references(), load_terms()


@pytest.fixture(scope="module")
def curation_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the curation for the module; each example restores what it changed."""
    dst = tmp_path_factory.mktemp("curation-fuzz") / "curation"
    shutil.copytree(CURATION_DIR, dst)
    return dst


def _load_and_check(root: Path, sources: tuple[Document, dict[int, Reference], Terms]) -> str:
    """Load and check; a refusal must be ours and name file and line for every problem."""
    try:
        check(load_curation(root), *sources)
    except (CurationError, CurationErrors) as exc:
        errors = exc.errors if isinstance(exc, CurationErrors) else [exc]
        assert errors
        for e in errors:
            assert WHERE.match(str(e)), f"no file:line in {str(e)!r}"
        return "refused"
    return "accepted"


def _mutated(path: Path, text: bytes, sources: Any, root: Path) -> str:
    try:
        path.write_bytes(text)
        return _load_and_check(root, sources)
    finally:
        path.write_bytes((CURATION_DIR / path.relative_to(root)).read_bytes())


@settings(PROFILE)
@given(
    name=st.sampled_from(FILES),
    edits=st.lists(st.tuples(
        st.sampled_from(["insert", "replace", "delete-line", "duplicate-line", "truncate",
                         "bytes"]),
        st.floats(0, 1), st.integers(0, 12),
        st.one_of(YAML_NOISE, st.text(CHARS, max_size=6)),
    ), min_size=1, max_size=3),
)
def test_curation_text_mutations_are_reported_with_file_and_line(
    curation_dir: Path, sources: Any, name: str, edits: list[tuple[str, float, int, str]]
) -> None:
    path = curation_dir / name
    data = path.read_bytes()
    for op, where, size, noise in edits:
        at = int(where * len(data))
        if op == "insert":
            data = data[:at] + noise.encode("utf-8") + data[at:]
        elif op == "replace":
            data = data[:at] + noise.encode("utf-8") + data[at + size:]
        elif op == "truncate":
            data = data[:at]
        elif op == "bytes":
            data = data[:at] + bytes([0x80 + size, 0xFF - size]) + data[at:]
        else:
            lines = data.split(b"\n")
            i = min(int(where * len(lines)), len(lines) - 1)
            lines[i:i + 1] = [] if op == "delete-line" else [lines[i], lines[i]]
            data = b"\n".join(lines)
    event(_mutated(path, data, sources, curation_dir))


@settings(PROFILE)
@given(name=st.sampled_from(FILES), data=st.data())
def test_curation_value_mutations_are_reported_with_file_and_line(
    curation_dir: Path, sources: Any, name: str, data: st.DataObject
) -> None:
    """Rows re-written with a value of any type or shape in place of a real one, a key
    dropped, or a key added."""
    path = curation_dir / name
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    assume(isinstance(rows, list) and rows)
    row = rows[data.draw(st.integers(0, len(rows) - 1), label="row")]
    target = row
    nested = [k for k, v in row.items() if isinstance(v, dict | list) and v]
    if nested and data.draw(st.booleans(), label="nested"):
        inner = row[data.draw(st.sampled_from(nested), label="into")]
        if isinstance(inner, list):
            inner = inner[0] if isinstance(inner[0], dict) else None
        if isinstance(inner, dict):
            target = inner
    op = data.draw(st.sampled_from(["set", "drop", "add"]), label="op")
    key = data.draw(st.sampled_from(sorted(target)), label="key")
    if op == "set":
        target[key] = data.draw(VALUES, label="value")
    elif op == "drop":
        del target[key]
    else:
        target[data.draw(st.text(max_size=10), label="new key")] = data.draw(VALUES)
    text = yaml.safe_dump(rows, allow_unicode=True, sort_keys=False)
    event(_mutated(path, text.encode("utf-8"), sources, curation_dir))


@pytest.mark.parametrize("nested", ["[" * 1200 + "]" * 1200, "{a: " * 1200 + "1" + "}" * 1200])
def test_deeply_nested_yaml_is_a_curation_error(curation_dir: Path, sources: Any,
                                                nested: str) -> None:
    """Found beside the mutations above (they never nest this deep): read_yaml recursed once
    per level and ~1000 nested [ or { raised RecursionError (fixed in 177c21b)."""
    path = curation_dir / "errata.yaml"
    row = f"- {{printed: {nested}, intended: b, note: c}}\n"
    _mutated(path, row.encode("utf-8"), sources, curation_dir)
