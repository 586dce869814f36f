"""The web page (``/``), its static files and the example queries it offers.

cytoscape.js comes from the npm registry (``package.json``, pinned; ``make`` runs ``npm ci``)
and is served from ``node_modules`` by this app, so the page needs no network beyond it.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

from kg.paths import PROJECT_DIR
from service.http.render import json_response

router = APIRouter(tags=["page"])
STATIC = Path(__file__).resolve().parent.parent / "static"
NODE_MODULES = PROJECT_DIR / "node_modules"
VENDOR = {"cytoscape.min.js": NODE_MODULES / "cytoscape" / "dist" / "cytoscape.min.js"}
EXAMPLES = PROJECT_DIR / "examples" / "queries"
_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html")


@router.get("/static/vendor/{name}", include_in_schema=False)
def vendor(name: str) -> Response:
    path = VENDOR.get(name)
    if path is None or not path.exists():
        return Response(
            f"{name} is not installed: run `npm ci` (make does)",
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
        for p in sorted(EXAMPLES.glob("*.rq"))
    ]
    return json_response(items)
