"""``GET|POST /sparql``: the SPARQL 1.1 Protocol, read-only.

A query arrives by GET ``query=``, POST ``application/x-www-form-urlencoded`` or POST
``application/sparql-query`` (``default-graph-uri`` / ``named-graph-uri`` in the URL, or in the
form). Updates are refused (403) in every form. A GET with no parameters returns the Service
Description. Results are negotiated from ``Accept`` with q-values; with no ``Accept``, SPARQL
JSON for SELECT/ASK and Turtle for CONSTRUCT/DESCRIBE. Protocol errors are 400 with a message.

Every query runs under a time limit (``timeout`` in seconds, in the URL or the form; capped by
the server's maximum) in a killable worker (``kg.store.pool``), keeps at most
``max_results`` rows (headers ``Ldhkg-Truncated``, ``Ldhkg-Total``, ``Ldhkg-Rows``), and is
screened first (``kg.store.guard``): no SERVICE calls unless allow-listed, no fetching.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response
from fastapi.params import Depends
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from kg.store import (
    GRAPH_MEDIA_TYPES,
    RESULTS_MEDIA_TYPES,
    NotAcceptable,
    OxigraphStore,
    QueryDataset,
    QuerySyntaxError,
    QueryTimeout,
    StoreError,
)
from kg.store.description import describe_service
from kg.store.guard import QueryRefused
from kg.store.guarded import run_read_only
from kg.store.pool import Limits, QueryRunner
from service.http.conneg import negotiate
from service.http.deps import StoreDep
from service.http.settings import Settings

router = APIRouter(tags=["sparql"])
READ_ONLY = "updates are not allowed: this SPARQL endpoint is read-only"
# SPARQL 1.1 Protocol 2.1.4 / 2.2: a request is a query or an update, never both
BOTH = "a request carries both 'query' and 'update': a SPARQL request is one or the other"
MIN_TIMEOUT = 0.1  # seconds: below this, starting the query is most of the time
SD_TYPES = ["text/turtle", "application/rdf+xml", "application/n-triples", "application/ld+json"]
_RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
}


class ProtocolError(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class ProtocolRequest:
    query: str | None  # None: a GET asking for the service description
    dataset: QueryDataset
    timeout: str | None = None  # as sent; checked against the settings by ``limits``


def limits(timeout: str | None, settings: Settings) -> Limits:
    """The request's time limit (capped by the server maximum) and result cap.

    >>> limits("2.5", Settings()).timeout, limits(None, Settings()).timeout
    (2.5, 10.0)
    >>> limits("1e9", Settings()).timeout
    60.0
    """
    if timeout is None:
        seconds = settings.query_timeout
    else:
        try:
            seconds = float(timeout)
        except ValueError:
            seconds = -1.0
        if not MIN_TIMEOUT <= seconds < float("inf"):
            raise ProtocolError(
                f"timeout must be a number of seconds, at least {MIN_TIMEOUT:g}, not {timeout!r}"
            )
    return Limits(min(seconds, settings.query_timeout_max), settings.max_results,
                  settings.query_queue_wait)


def _one(values: dict[str, list[str]], key: str) -> str | None:
    got = values.get(key, [])
    if len(got) > 1:
        raise ProtocolError(f"more than one '{key}' parameter")
    return got[0] if got else None


def _dataset(*sources: dict[str, list[str]]) -> QueryDataset:
    default = tuple(g for s in sources for g in s.get("default-graph-uri", []))
    named = tuple(g for s in sources for g in s.get("named-graph-uri", []))
    return QueryDataset(default, named)


async def parse_protocol(request: Request) -> ProtocolRequest:
    """Read a protocol request; raise ``ProtocolError`` for anything the protocol forbids."""
    url = parse_qs(request.url.query, keep_blank_values=True)
    if "update" in url and "query" in url:
        raise ProtocolError(BOTH)
    if "update" in url or "using-graph-uri" in url or "using-named-graph-uri" in url:
        raise ProtocolError(READ_ONLY, 403)
    if request.method == "GET":
        if not url:
            return ProtocolRequest(None, QueryDataset())
        query = _one(url, "query")
        if query is None:
            raise ProtocolError("missing 'query' parameter")
        return ProtocolRequest(query, _dataset(url), _one(url, "timeout"))
    ctype_header = request.headers.get("content-type", "")
    ctype = ctype_header.split(";")[0].strip().lower()
    for param in ctype_header.split(";")[1:]:
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value.strip('"').lower() not in ("utf-8", "utf8"):
            raise ProtocolError(f"unsupported charset {value!r}: the protocol requires UTF-8")
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError("the request body is not valid UTF-8") from exc
    if ctype == "application/sparql-update":
        raise ProtocolError(READ_ONLY, 403)
    if ctype == "application/sparql-query":
        if "query" in url:
            raise ProtocolError("a query both in the URL and in the body")
        if not text.strip():
            raise ProtocolError("empty query")
        return ProtocolRequest(text, _dataset(url), _one(url, "timeout"))
    if ctype == "application/x-www-form-urlencoded":
        form = parse_qs(text, keep_blank_values=True)
        if "update" in form and ("query" in form or "query" in url):
            raise ProtocolError(BOTH)
        if "update" in form:
            raise ProtocolError(READ_ONLY, 403)
        query = _one(form, "query")
        if query is None or "query" in url:
            raise ProtocolError(
                "missing 'query' parameter"
                if query is None
                else "a query both in the URL and in the body"
            )
        timeout = _one(form, "timeout") or _one(url, "timeout")
        return ProtocolRequest(query, _dataset(url, form), timeout)
    if not ctype:
        raise ProtocolError(
            "missing Content-Type: use application/sparql-query or "
            "application/x-www-form-urlencoded"
        )
    raise ProtocolError(
        f"unsupported media type {ctype!r}: use application/sparql-query or "
        "application/x-www-form-urlencoded"
    )


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {m: {} for m in (*RESULTS_MEDIA_TYPES, *GRAPH_MEDIA_TYPES)},
        "description": "query results, or the service description",
    },
    400: {"description": "malformed query or protocol error"},
    403: {"description": "an update, or a SERVICE call or graph this endpoint refuses"},
    406: {"description": "no acceptable result format"},
    413: {"description": "the query or the request body is too long"},
    414: {"description": "the URL is too long: send the query by POST"},
    503: {"description": "the query ran out of time and was stopped, or all workers busy"},
}
_IRIS = {"type": "array", "items": {"type": "string"}}
_FIELDS: dict[str, dict[str, Any]] = {
    "query": {"type": "string", "description": "a SPARQL 1.1 query"},
    "default-graph-uri": {**_IRIS, "description": "graphs whose union is the default graph"},
    "named-graph-uri": {**_IRIS, "description": "graphs the query may name with GRAPH"},
    "timeout": {"type": "number", "minimum": MIN_TIMEOUT,
                "description": "seconds the query may run (capped by the server's maximum)"},
}
# the protocol is parsed by hand (repeated parameters, two body types), so OpenAPI gets the
# description it cannot derive from the signature
_GET_DOC = {"parameters": [
    {"name": name, "in": "query", "required": False, "schema": schema,
     **({"style": "form", "explode": True} if schema["type"] == "array" else {})}
    for name, schema in _FIELDS.items()]}
_POST_DOC = {
    "parameters": [p for p in _GET_DOC["parameters"] if p["name"] != "query"],
    "requestBody": {"required": True, "content": {
        "application/x-www-form-urlencoded": {"schema": {
            "type": "object", "properties": _FIELDS, "required": ["query"]}},
        "application/sparql-query": {"schema": {"type": "string"}},
    }},
}


@router.get("/sparql", summary="SPARQL 1.1 Protocol query by GET (read-only)",
            operation_id="sparql_get", responses=_RESPONSES, openapi_extra=_GET_DOC)
async def sparql_get(
    request: Request, store: StoreDep, settings: Annotated[Settings, Depends(get_settings)]
) -> Response:
    """A query in the URL; with no parameters at all, the Service Description."""
    return await sparql(request, store, settings)


@router.post("/sparql", summary="SPARQL 1.1 Protocol query by POST (read-only)",
             operation_id="sparql_post", responses=_RESPONSES, openapi_extra=_POST_DOC)
async def sparql_post(
    request: Request, store: StoreDep, settings: Annotated[Settings, Depends(get_settings)]
) -> Response:
    """A query in a URL-encoded form or directly as ``application/sparql-query``."""
    return await sparql(request, store, settings)


@router.api_route("/sparql", methods=["OPTIONS", "PUT", "DELETE", "PATCH"],
                  include_in_schema=False)
def sparql_other(request: Request) -> Response:
    """One resource with two routes: say so in ``Allow`` (a Graph Store write is a 405)."""
    allow = {"Allow": "GET, POST, OPTIONS"}
    if request.method == "OPTIONS":
        return Response(status_code=204, headers=allow)
    return PlainTextResponse("method not allowed: this SPARQL endpoint is read-only",
                             status_code=405, headers=allow)


async def sparql(
    request: Request, store: StoreDep, settings: Annotated[Settings, Depends(get_settings)]
) -> Response:
    try:
        req = await parse_protocol(request)
        limit = limits(req.timeout, settings)
    except ProtocolError as exc:
        return PlainTextResponse(str(exc), status_code=exc.status)
    accept = request.headers.get("accept", "")
    if req.query is None:
        return await _service_description(request, store, settings, accept)
    if len(req.query) > settings.max_query_chars:
        return PlainTextResponse(
            f"the query is {len(req.query)} characters long; the limit is "
            f"{settings.max_query_chars}", status_code=413)
    results_type = negotiate(accept, RESULTS_MEDIA_TYPES)
    graph_type = negotiate(accept, GRAPH_MEDIA_TYPES)
    if results_type is None and graph_type is None:
        return PlainTextResponse("no acceptable result format", status_code=406)
    runner: QueryRunner = request.app.state.runner
    try:
        strict = not isinstance(store, OxigraphStore)
        graphs = await _graphs(request, store) if strict else frozenset()
        out = await run_in_threadpool(
            lambda: run_read_only(store, runner, req.query or "", results_type, graph_type,
                                  limit, allow=tuple(settings.federation_allow),
                                  dataset=req.dataset, base=settings.base_iri, graphs=graphs))
    except QueryRefused as exc:
        return PlainTextResponse(str(exc), status_code=403)
    except NotAcceptable as exc:
        return PlainTextResponse(str(exc), status_code=406)
    except QuerySyntaxError as exc:
        return PlainTextResponse(f"malformed query: {exc}", status_code=400)
    except QueryTimeout as exc:
        return PlainTextResponse(str(exc), status_code=503)
    except StoreError as exc:
        return PlainTextResponse(f"query failed: {exc}", status_code=400)
    headers = {"Ldhkg-Truncated": "true" if out.truncated else "false",
               "Ldhkg-Rows": str(out.rows)}
    if out.total is not None:
        headers["Ldhkg-Total"] = str(out.total)
    return Response(out.body, media_type=out.media, headers=headers)


async def _graphs(request: Request, store: StoreDep) -> frozenset[str]:
    """The store's graph names (a remote store may only be asked about these)."""
    graphs: frozenset[str] | None = getattr(request.app.state, "graphs", None)
    if graphs is None:
        graphs = frozenset(await run_in_threadpool(store.graph_sizes))
        request.app.state.graphs = graphs
    return graphs


async def _service_description(
    request: Request, store: StoreDep, settings: Settings, accept: str
) -> Response:
    media = negotiate(accept, SD_TYPES) or "text/turtle"
    sizes = await run_in_threadpool(store.graph_sizes)
    endpoint = str(request.url.replace(query=""))
    g = describe_service(endpoint, sizes, union_default=settings.default_graph_union)
    return Response(g.serialize(format=_RDFLIB_FORMATS[media]), media_type=media)


SettingsDep = Annotated[Settings, Depends(get_settings)]
