"""``GET /health``: a real (bounded) query against the store, and the index's counts."""

from __future__ import annotations

import sqlite3
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from kg import queries
from kg.read.text_index import index_for
from kg.store import StoreError
from service.http.deps import StoreDep

router = APIRouter(tags=["health"])


@router.get("/health")
def health(store: StoreDep) -> Any:
    try:
        if not store.select(queries.load("health")).rows:
            raise StoreError("the store holds no claims")
        counts = index_for(store).counts()
    except (StoreError, sqlite3.Error) as exc:
        return JSONResponse({"status": "error", "detail": str(exc)}, status_code=503)
    return {"status": "ok", "store": store.descriptor, "claims": counts.get("claims", 0),
            "entities": counts.get("entities", 0), "statistics": counts.get("statistics", 0)}
