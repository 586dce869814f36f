"""The FastAPI application factory: a thin HTTP face over ``kg``.

>>> from kg.store import open_store
>>> app = create_app(store=open_store("memory:"))
>>> "/api/entities/{entity_id}" in app.openapi()["paths"]
True
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import PlainTextResponse

from kg import __version__
from kg.read.text_index import attach
from kg.store import QueryTimeout, Store, StoreError, open_store
from kg.store.pool import WorkerPool, runner_for
from service.http.cache import ResponseCache
from service.http.hygiene import RequestLimits, SecurityHeaders
from service.http.routers import (
    ask,
    citations,
    entities,
    export,
    graph,
    health,
    linked_data,
    metrics,
    overview,
    page,
    search,
    sparql,
    statistics,
    treatments,
)
from service.http.settings import Settings
from service.http.warm import warm

GC_THRESHOLDS = (20_000, 20, 20)  # Python's are (700, 10, 10)

log = logging.getLogger("ldhkg")


async def _store_failed(request: Request, exc: Exception) -> PlainTextResponse:
    """A REST route whose store query failed or ran out of time: 503, details in the log only
    (they can name an internal endpoint)."""
    log.warning("store error on %s: %s", request.url.path, exc)
    why = "ran out of time" if isinstance(exc, QueryTimeout) else "is unavailable"
    return PlainTextResponse(f"the triple store {why}; try again later", status_code=503)


async def _internal(request: Request, exc: Exception) -> PlainTextResponse:
    """Anything unexpected: logged with its traceback, answered without one."""
    log.error("unhandled error on %s", request.url.path, exc_info=exc)
    return PlainTextResponse("internal error (logged on the server)", status_code=500)


def _mount_mcp(app: FastAPI, settings: Settings) -> Any:
    """The MCP server at ``/mcp`` (streamable HTTP), over the store and query workers the app's
    lifespan opens; the SPARQL tool under the same limits as ``/sparql``."""
    from starlette.routing import Route

    from service.mcp.server import build_server

    server = build_server(lambda: app.state.store, lambda: app.state.runner,
                          timeout=settings.query_timeout, timeout_max=settings.query_timeout_max,
                          max_rows=settings.max_results,
                          federation_allow=tuple(settings.federation_allow),
                          base_iri=settings.base_iri)
    inner = server.streamable_http_app(streamable_http_path="/mcp", stateless_http=False)
    for route in inner.routes:  # the transport's one route, on the app itself (no redirect)
        if isinstance(route, Route) and route.path == "/mcp":
            app.router.routes.append(route)
    return server


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the app; ``store`` overrides ``settings.store`` (tests pass their own)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = (
            store
            if store is not None
            else open_store(settings.store, union_default=settings.default_graph_union)
        )
        app.state.settings = settings
        if settings.index:
            attach(app.state.store, Path(settings.index))
        app.state.runner = runner_for(app.state.store, workers=settings.query_workers)
        if isinstance(app.state.runner, WorkerPool):
            app.state.runner.prestart()
        if settings.warm_caches:
            warm(app.state.store)  # before the first request, not beside it
        # The lookups' bounded caches hold a few hundred thousand objects on a large store,
        # and a full collection scans them all: at 10 M triples one in three warm questions
        # took 150 ms more (benchmarks/RESULTS.md). Rarer collections; cycles are still freed.
        gc.set_threshold(*GC_THRESHOLDS)
        try:
            if mcp_server is not None:
                async with mcp_server.session_manager.run():
                    yield
            else:
                yield
        finally:
            app.state.runner.close()

    app = FastAPI(
        title="LDH residual-symptom knowledge graph",
        version=__version__,
        description="SPARQL 1.1 (read-only) and REST over an evidence-linked graph of residual "
        "symptoms after lumbar disc herniation surgery. Data: CC BY 4.0, derived from "
        "doi:10.12677/jcpm.2025.41131.",
        lifespan=lifespan,
        docs_url=None,  # served by the page router, with Swagger UI from /static/vendor
        redoc_url=None,
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
        )
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.include_router(entities.router)
    app.include_router(search.router)
    app.include_router(treatments.router)
    app.include_router(ask.router)
    app.include_router(statistics.router)
    app.include_router(citations.router)
    app.include_router(graph.router)
    app.include_router(export.router)
    app.include_router(metrics.router)
    app.include_router(overview.router)
    app.include_router(linked_data.router)
    app.include_router(page.router)
    mcp_server = _mount_mcp(app, settings) if settings.mcp_enabled else None
    # the cache sits inside the metrics middleware, so hits are counted too
    app.add_middleware(ResponseCache, max_entries=settings.response_cache_entries)
    metrics.instrument(app)
    app.add_middleware(RequestLimits, max_body=settings.max_body_bytes,
                       max_url=settings.max_url_chars)
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(StoreError, _store_failed)
    app.add_exception_handler(Exception, _internal)
    return app
