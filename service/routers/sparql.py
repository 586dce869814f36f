"""``GET|POST /sparql``: the SPARQL 1.1 Protocol, read-only.

Queries by GET ``query=``, POST form, or POST ``application/sparql-query``; updates are
refused. Results are negotiated from the Accept header (SPARQL JSON / Turtle by default).
"""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from kg.store import NotAcceptable, StoreError
from service.deps import StoreDep

router = APIRouter(tags=["sparql"])

SELECT_TYPES = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
]
GRAPH_TYPES = [
    "text/turtle",
    "application/n-triples",
    "application/rdf+xml",
    "application/n-quads",
    "application/trig",
]


def _accept(header: str, offered: list[str]) -> str | None:
    """Best offered type by q-value; ``*/*`` or no header picks the first offered."""
    if not header.strip():
        return offered[0]
    best: tuple[float, int, str] | None = None
    for i, part in enumerate(header.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for prm in params:
            if prm.startswith("q="):
                try:
                    q = float(prm[2:])
                except ValueError:
                    q = 0.0
        for o in offered:
            if q > 0 and (
                media in ("*/*", o) or (media.endswith("/*") and o.startswith(media[:-1]))
            ):
                cand = (q, -i, o)
                if best is None or cand > best:
                    best = cand
                break
    return best[2] if best else None


async def _query_text(request: Request) -> tuple[str | None, str | None]:
    """(query, error) from GET params, a form body, or a sparql-query body."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "GET":
        if "update" in params:
            return None, "updates are not allowed on this read-only endpoint"
        q = params.get("query", [])
        return (q[0], None) if len(q) == 1 else (None, "give exactly one 'query' parameter")
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None, "the request body is not UTF-8"
    if ctype == "application/sparql-update":
        return None, "updates are not allowed on this read-only endpoint"
    if ctype == "application/sparql-query":
        return text, None
    if ctype == "application/x-www-form-urlencoded":
        form = parse_qs(text, keep_blank_values=True)
        if "update" in form:
            return None, "updates are not allowed on this read-only endpoint"
        q = form.get("query", [])
        return (q[0], None) if len(q) == 1 else (None, "give exactly one 'query' parameter")
    return None, f"unsupported media type {ctype!r}"


@router.api_route("/sparql", methods=["GET", "POST"])
async def sparql(request: Request, store: StoreDep) -> Response:
    query, error = await _query_text(request)
    if error:
        code = 415 if error.startswith("unsupported media type") else 400
        if "updates are not allowed" in error:
            code = 403
        return PlainTextResponse(error, status_code=code)
    assert query is not None
    accept = request.headers.get("accept", "")
    results_type, graph_type = _accept(accept, SELECT_TYPES), _accept(accept, GRAPH_TYPES)
    if results_type is None and graph_type is None:
        return PlainTextResponse("no acceptable result format", status_code=406)
    try:
        body, media = await run_in_threadpool(store.serialize, query, results_type, graph_type)
    except NotAcceptable as exc:
        return PlainTextResponse(str(exc), status_code=406)
    except StoreError as exc:
        return PlainTextResponse(f"malformed query: {exc}", status_code=400)
    return Response(body, media_type=media)
