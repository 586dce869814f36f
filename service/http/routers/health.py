"""``GET /health``: runs a real query against the store."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from kg import queries
from kg.store import StoreError
from service.http.deps import StoreDep

router = APIRouter(tags=["health"])


@router.get("/health")
def health(store: StoreDep) -> Any:
    try:
        res = store.select(queries.load("health"))
        claims = int(res.rows[0]["claims"].value)
    except (StoreError, IndexError, KeyError) as exc:
        return JSONResponse({"status": "error", "detail": str(exc)}, status_code=503)
    return {"status": "ok", "store": store.descriptor, "claims": claims}
