"""The web page (``/``), its static files and the example queries it offers.

Third-party assets come from the npm registry (``package.json``, pinned) and are copied into
``static/vendor/`` by ``make`` (``service.http.vendor``); the app serves them from there, so the
page needs no network beyond it.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

from kg.paths import EXAMPLE_QUERIES_DIR
from service.http.render import json_response
from service.http.vendor import ASSETS, VENDOR_DIR

router = APIRouter(tags=["page"])
STATIC = Path(__file__).resolve().parent.parent / "static"
_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html")


@router.get("/static/vendor/{name}", include_in_schema=False)
def vendor(name: str) -> Response:
    path = VENDOR_DIR / name
    if name not in ASSETS or not path.exists():
        return Response(
            f"{name} is not installed: run `make install` (npm ci, then the copy)",
            status_code=404,
            media_type="text/plain",
        )
    return FileResponse(path, media_type="text/javascript")


@router.get("/static/{name}", include_in_schema=False)
def static(name: str) -> Response:
    path = STATIC / name
    if name not in {p.name for p in STATIC.iterdir()} or path.suffix not in _TYPES:
        return Response("not found", status_code=404, media_type="text/plain")
    return FileResponse(path, media_type=_TYPES[path.suffix])


@router.get("/api/examples", summary="The example SPARQL queries offered by the web page")
def examples() -> Response:
    """``[{name, query}]`` from ``examples/queries/*.rq``."""
    items = [
        {"name": p.stem, "query": p.read_text(encoding="utf-8")}
        for p in sorted(EXAMPLE_QUERIES_DIR.glob("*.rq"))
    ]
    return json_response(items)
