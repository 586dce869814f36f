"""The web app: one page (``static/index.html``) for every view it has a permalink for —
``/``, ``/entity/{id}``, ``/citation/{n}``, ``/browse/{class}``, ``/statistics``, ``/ask``,
``/search``, ``/sparql-editor`` — the static files it loads, the example queries it offers,
and the API docs (``/docs``) with Swagger UI served from here rather than a CDN.

Third-party assets come from the npm registry (``package.json``, pinned) and are copied into
``static/vendor/`` by ``make`` (``service.http.vendor``); the app serves them from there, so the
page needs no network beyond it. A permalink to something that does not exist answers 404 with
the page, which says so.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response

from kg.paths import EXAMPLE_QUERIES_DIR
from kg.read.citations import get_citation
from kg.read.entities import get_entity
from kg.read.records import UnknownCitation, UnknownEntity
from service.http.deps import StoreDep
from service.http.render import json_response
from service.http.vendor import ASSETS, VENDOR_DIR

router = APIRouter(tags=["page"])
STATIC = Path(__file__).resolve().parent.parent / "static"
_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}


def _shell(status: int = 200) -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html", status_code=status)


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    return _shell()


@router.get("/statistics", include_in_schema=False)
@router.get("/ask", include_in_schema=False)
@router.get("/search", include_in_schema=False)
@router.get("/sparql-editor", include_in_schema=False)
def view() -> FileResponse:
    return _shell()


@router.get("/entity/{entity_id}", include_in_schema=False)
def entity_page(entity_id: str, store: StoreDep) -> FileResponse:
    try:
        get_entity(store, entity_id)
    except UnknownEntity:
        return _shell(404)
    return _shell()


@router.get("/citation/{n}", include_in_schema=False)
def citation_page(n: int, store: StoreDep) -> FileResponse:
    try:
        get_citation(store, n)
    except UnknownCitation:
        return _shell(404)
    return _shell()


@router.get("/browse/{name}", include_in_schema=False)
def browse_page(name: str) -> FileResponse:
    return _shell()


@router.get("/docs", include_in_schema=False)
def docs(request: Request) -> HTMLResponse:
    """Swagger UI from ``/static/vendor`` (a hospital intranet has no CDN)."""
    return get_swagger_ui_html(
        openapi_url=str(request.app.openapi_url), title=f"{request.app.title} - API",
        swagger_js_url="/static/vendor/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui.css",
        swagger_favicon_url="/static/favicon.svg")


@router.get("/static/vendor/{name}", include_in_schema=False)
def vendor(name: str) -> Response:
    path = VENDOR_DIR / name
    if name not in ASSETS or not path.exists():
        return Response(
            f"{name} is not installed: run `make install` (npm ci, then the copy)",
            status_code=404,
            media_type="text/plain",
        )
    return FileResponse(path, media_type=_TYPES.get(path.suffix, "application/octet-stream"),
                        headers={"cache-control": "public, max-age=86400"})


@router.get("/static/{name}", include_in_schema=False)
def static(name: str) -> Response:
    path = STATIC / name
    types = {**_TYPES, ".svg": "image/svg+xml"}
    if name not in {p.name for p in STATIC.iterdir()} or path.suffix not in types:
        return Response("not found", status_code=404, media_type="text/plain")
    return FileResponse(path, media_type=types[path.suffix])


@router.get("/api/examples", summary="The example SPARQL queries offered by the web page")
def examples() -> Response:
    """``[{name, query}]`` from ``examples/queries/*.rq``."""
    items = [
        {"name": p.stem, "query": p.read_text(encoding="utf-8")}
        for p in sorted(EXAMPLE_QUERIES_DIR.glob("*.rq"))
    ]
    return json_response(items)
