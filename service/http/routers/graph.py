"""``GET /api/neighbors/{id}`` and ``GET /api/paths``: navigate the clinical graph, with the
evidence on every edge."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Response

from kg.read.graph import MAX_DEPTH, MAX_PATH_LEN, MAX_PATHS, Neighbourhood, PathsAnswer
from kg.read.graph import neighbours as neighbourhood
from kg.read.graph import paths as find_paths
from kg.read.records import UnknownEntity
from service.http.deps import StoreDep
from service.http.render import json_response

router = APIRouter(prefix="/api", tags=["graph"])

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No entity with that id or name"}
}
_ENTITY = {
    "curie": {"summary": "By CURIE", "value": "ldh:mecobalamin"},
    "local": {"summary": "By local name", "value": "postoperative-pain"},
}


@router.get("/neighbors/{entity_id}", response_model=Neighbourhood, responses=_NOT_FOUND)
def neighbors(
    store: StoreDep,
    entity_id: Annotated[str, Path(description="CURIE or local name", openapi_examples=_ENTITY)],
    depth: Annotated[
        int, Query(ge=1, le=MAX_DEPTH, description="Hops, either direction", examples=[1])
    ] = 1,
) -> Response:
    """Entities within ``depth`` hops and the edges among them (predicate, inferred or
    asserted, citations, the claims' quotes)."""
    try:
        return json_response(neighbourhood(store, entity_id, depth))
    except UnknownEntity as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc


@router.get("/paths", response_model=PathsAnswer, responses=_NOT_FOUND)
def paths(
    store: StoreDep,
    source: Annotated[
        str,
        Query(
            alias="from",
            description="Start: id or name",
            openapi_examples={"drug": {"value": "ldh:mecobalamin"}},
        ),
    ],
    target: Annotated[
        str,
        Query(
            alias="to",
            description="End: id or name",
            openapi_examples={"symptom": {"value": "postoperative-pain"}},
        ),
    ],
    max_len: Annotated[
        int, Query(ge=1, le=MAX_PATH_LEN, description="At most this many edges", examples=[3])
    ] = 3,
    max_paths: Annotated[
        int, Query(ge=1, le=MAX_PATHS, description="At most this many paths", examples=[10])
    ] = 10,
    directed: Annotated[
        bool, Query(description="Follow edges only forwards", examples=[True])
    ] = True,
) -> Response:
    """Simple paths between two entities, shortest first, each hop with its edges and their
    evidence."""
    try:
        return json_response(find_paths(store, source, target, max_len, max_paths, directed))
    except UnknownEntity as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
