"""Schemathesis against the app's own ``/openapi.json``: every operation, schema-valid and
schema-invalid input, on the real build.

Checks on every response: not a server error; status code, content type and body conform to
what the operation declares; schema-invalid input is rejected with a 4xx; schema-valid input
is answered, or refused only with one of the route's own messages (a 404, or a 422 whose
``detail`` is a sentence, never FastAPI's list of validation errors: that would mean the
schema promises more than the route accepts); every error is a message, never a stack trace.

Modest budget here (CI). A long run: ``LDHKG_FUZZ_EXAMPLES=500 pytest
tests/test_fuzz_openapi.py`` (random instead of the fixed CI seed), or ``schemathesis run``
against a live ``ldhkg serve``; both, with the numbers of the last long run, in
``benchmarks/FUZZING.md``.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from schemathesis import Case, CheckContext, GenerationMode, Response
from schemathesis.checks import positive_data_acceptance

from kg.store import Store
from service.http.app import create_app

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("LDHKG_FUZZ_EXAMPLES", "0"))
REPORT = os.environ.get("LDHKG_FUZZ_REPORT")  # a JSON file: cases and statuses per operation
CI_EXAMPLES = 50  # Hypothesis examples per operation (fuzzing phase), plus examples/coverage
TRACEBACK_MARKS = ("Traceback (most recent call last)", 'File "/', "site-packages")


# The schema does not depend on the data, so it is read at collection, without starting an
# app (no store, no query workers); the cases go to the app over the real build (``app``,
# below). (``schemathesis.pytest.from_fixture`` would read it from a fixture, but 4.32.5
# fails on pytest 9.2: it sets ``request.node._nodeid``, which pytest no longer has.)
schema = schemathesis.openapi.from_dict(create_app().openapi())
schema.config.generation.update(
    max_examples=EXAMPLES or CI_EXAMPLES,
    deterministic=not EXAMPLES,  # CI: the same cases every run; a long run explores
)


# operation -> "positive 200", "negative 422", ... -> cases
TALLY: defaultdict[str, Counter[str]] = defaultdict(Counter)


@pytest.fixture(scope="module")
def app(store: Store) -> Iterator[FastAPI]:
    """The real app over the real build (its lifespan is run by schemathesis' ASGI client)."""
    start = time.perf_counter()
    yield create_app(store=store)
    if REPORT:
        per_op = {op: dict(sorted(c.items())) for op, c in sorted(TALLY.items())}
        total = sum(sum(c.values()) for c in TALLY.values())
        Path(REPORT).write_text(json.dumps({
            "max_examples": EXAMPLES or CI_EXAMPLES, "cases": total,
            "seconds": round(time.perf_counter() - start, 1), "operations": per_op,
        }, indent=1) + "\n", encoding="utf-8")


def _body(response: Response) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def errors_are_messages(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """Every error response is a readable message: no stack trace, a non-empty text or a JSON
    ``detail`` that is a sentence or FastAPI's list of ``{loc, msg}`` items."""
    text = response.content.decode("utf-8", "replace")
    assert not any(m in text for m in TRACEBACK_MARKS), f"stack trace in the response: {text[:500]}"
    if response.status_code < 400:
        return None
    assert text.strip(), f"{response.status_code} with an empty body"
    body = _body(response)
    if isinstance(body, dict):
        detail = body.get("detail")
        assert detail, f"JSON error without a detail: {text[:300]}"
        if isinstance(detail, list):
            assert all(isinstance(d, dict) and d.get("msg") for d in detail), text[:300]
        else:
            assert isinstance(detail, str), text[:300]
    return None


def valid_input_is_answered(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """Schema-valid input gets 2xx, or a 4xx the route raised itself (unknown entity, class,
    reference; a selection that selects nothing), never FastAPI's validation list."""
    if case.meta is None or case.meta.generation.mode is not GenerationMode.POSITIVE:
        return None
    if response.status_code == 422:
        body = _body(response)
        detail = body.get("detail") if isinstance(body, dict) else None
        assert isinstance(detail, str), (
            f"schema-valid input refused by validation: the schema and the route disagree: "
            f"{response.content[:500]!r}"
        )
    return None


@schema.parametrize()
def test_openapi_operations(case: Case, app: FastAPI) -> None:
    response = case.call(app=app)
    mode = case.meta.generation.mode.value if case.meta else "explicit"
    TALLY[case.operation.label][f"{mode} {response.status_code}"] += 1
    case.validate_response(
        response,
        transport_kwargs={"app": app},  # checks that send more requests send them there too
        # the stock check counts every 422 as a rejection; ours tells a route's own 422
        # (an unknown class, say: semantic, documented) from a schema mismatch
        excluded_checks=[positive_data_acceptance],
        additional_checks=[errors_are_messages, valid_input_is_answered],
    )


# Regressions: what the fuzzer found, pinned.


def test_unknown_entity_is_a_documented_404(store: Store) -> None:
    """`/api/entities/{id}` answered 404 for an unknown id but declared only 200 and 422."""
    with TestClient(create_app(store=store)) as client:
        r = client.get("/api/entities/0")
        assert r.status_code == 404 and r.json() == {"detail": "no entity '0'"}
        declared = client.get("/openapi.json").json()["paths"]["/api/entities/{entity_id}"]
        assert "404" in declared["get"]["responses"]


@pytest.mark.parametrize("query", [
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "PREFIX : <urn:x:> CONSTRUCT { ?s ?p ?o } WHERE { service SILENT <http://127.0.0.1:1/> { ?s ?p ?o } }",
    r"CONSTRUCT { ?s ?p ?o } WHERE { \u0053ERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
])
def test_an_export_query_may_not_call_out(store: Store, query: str) -> None:
    """`/api/export/{fmt}?query=` ran SERVICE: the server called the host the query named,
    and a host that did not answer was a 500 (OSError out of pyoxigraph)."""
    with TestClient(create_app(store=store)) as client:
        r = client.get("/api/export/graphml", params={"query": query})
    assert r.status_code == 400, r.text
    assert r.json() == {"detail": "SERVICE is not allowed: an export query reads this graph only"}


def test_a_deeply_nested_export_query_is_a_400_not_a_crash(store: Store) -> None:
    """2,200 nested braces (13 KB of URL, under the URL limit) overflowed pyoxigraph's parser
    stack inside the server process: a segfault, the whole service down."""
    query = "CONSTRUCT { ?s ?p ?o } WHERE " + "{" * 2200 + "}" * 2200
    with TestClient(create_app(store=store)) as client:
        r = client.get("/api/export/graphml", params={"query": query})
        assert r.status_code == 400, r.text
        assert r.json() == {"detail": "the query nests groups more than 100 deep"}
        ok = "CONSTRUCT { ?s ?p ?o } WHERE " + "{" * 50 + " ?s ?p ?o " + "}" * 50
        assert client.get("/api/export/graphml", params={"query": ok}).status_code == 200
