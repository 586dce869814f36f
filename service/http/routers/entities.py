"""``GET /api/entities``: the entity list (class filter, text filter, paging) and
``GET /api/entities/{id}``: labels, definition, synonyms, outside ids, relations + evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response

from kg.read.entities import EntityRecord, get_entity
from kg.read.entity_list import EntityPage, UnknownClass, list_entities
from kg.read.records import UnknownEntity
from service.http.deps import StoreDep
from service.http.render import json_response
from service.http.routers.statistics import MAX_OFFSET

router = APIRouter(prefix="/api", tags=["entities"])


@router.get(
    "/entities",
    response_model=EntityPage,
    responses={422: {"description": "Unknown class, or limit/offset out of range"}},
)
def entities(
    store: StoreDep,
    entity_type: Annotated[
        str | None,
        Query(
            alias="type",
            description="An ontology class; its subclasses are included",
            openapi_examples={
                "class": {"summary": "Treatments (drugs included)", "value": "Treatment"},
                "curie": {"summary": "As a CURIE", "value": "ldho:Drug"},
            },
        ),
    ] = None,
    q: Annotated[
        str | None,
        Query(max_length=200, description="Text inside a label or synonym", examples=["pain"]),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500, examples=[50])] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, examples=[0])] = 0,
) -> Response:
    """Clinical entities (id, labels, types), sorted by id, with the total before paging."""
    try:
        return json_response(list_entities(store, entity_type, q, limit, offset))
    except UnknownClass as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


@router.get(
    "/entities/{entity_id}",
    response_model=EntityRecord,
    responses={404: {"description": "No entity with that id or local name"}},
)
def entity(entity_id: str, store: StoreDep) -> Response:
    """An entity by CURIE (``ldh:mecobalamin``) or local name (``mecobalamin``)."""
    try:
        return json_response(get_entity(store, entity_id))
    except UnknownEntity as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
