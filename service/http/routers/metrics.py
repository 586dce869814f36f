"""``GET /metrics``: Prometheus text: requests and latency by route template and status, and
the store's size.

Each app gets its own registry (no global state), so several apps in one process (tests)
do not collide. Routes are labelled by their template (``/api/entities/{entity_id}``), never
by the raw path, so label cardinality stays bounded.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.store.pool import WorkerPool
from service.http.deps import StoreDep

router = APIRouter(tags=["metrics"])
UNMATCHED = "<unmatched>"


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        labels = ("method", "route", "status")
        self.requests = Counter(
            "ldhkg_http_requests", "HTTP requests served", labels, registry=self.registry
        )
        self.latency = Histogram(
            "ldhkg_http_request_duration_seconds",
            "Time to serve an HTTP request",
            labels,
            registry=self.registry,
        )
        self.triples = Gauge(
            "ldhkg_store_triples", "Triples (quads) in the store", registry=self.registry
        )
        self.graph_triples = Gauge(
            "ldhkg_store_graph_triples",
            "Triples per named graph",
            ("graph",),
            registry=self.registry,
        )
        self.workers = Gauge(
            "ldhkg_query_workers", "Live /sparql worker processes", registry=self.registry
        )
        self.kills = Gauge(
            "ldhkg_query_worker_kills",
            "/sparql workers killed at a query's time limit since start-up",
            registry=self.registry,
        )


class MetricsMiddleware:
    """Pure ASGI middleware (it does not buffer bodies, unlike ``BaseHTTPMiddleware``)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500
        start = time.perf_counter()

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route: Any = scope.get("route")
            labels = (scope["method"], getattr(route, "path", UNMATCHED), str(status))
            self.metrics.requests.labels(*labels).inc()
            self.metrics.latency.labels(*labels).observe(time.perf_counter() - start)


def instrument(app: FastAPI) -> None:
    """Give ``app`` its metrics registry and the middleware that feeds it."""
    metrics = Metrics()
    app.state.metrics = metrics
    app.add_middleware(MetricsMiddleware, metrics=metrics)


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {
            "content": {
                "text/plain": {
                    "example": (
                        "# TYPE ldhkg_http_requests_total counter\n"
                        'ldhkg_http_requests_total{method="GET",route="/health",status="200"} 3.0\n'
                        "ldhkg_store_triples 19842.0\n"
                    )
                }
            }
        }
    },
)
def metrics(request: Request, store: StoreDep) -> Response:
    """Prometheus exposition format (scrape this)."""
    m: Metrics = request.app.state.metrics
    m.triples.set(store.count())
    for graph, n in store.graph_sizes().items():
        m.graph_triples.labels(graph.rstrip("/").rsplit("/", 1)[-1]).set(n)
    runner = request.app.state.runner
    if isinstance(runner, WorkerPool):
        m.workers.set(len(runner.pids()))
        m.kills.set(runner.kills)
    return Response(generate_latest(m.registry), media_type=CONTENT_TYPE_LATEST)
