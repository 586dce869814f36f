"""``GET /api/entities/{id}``: labels, definition, synonyms, outside ids, relations + evidence."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, HTTPException

from kg.entities import UnknownEntity, get_entity
from service.deps import StoreDep

router = APIRouter(prefix="/api", tags=["entities"])


@router.get("/entities/{entity_id}")
def entity(entity_id: str, store: StoreDep) -> dict[str, Any]:
    """An entity by CURIE (``ldh:mecobalamin``) or local name (``mecobalamin``)."""
    try:
        return asdict(get_entity(store, entity_id))
    except UnknownEntity as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
