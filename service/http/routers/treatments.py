"""``GET /api/treatments?addresses=X``: treatments for a symptom or mechanism, with evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response

from kg.read.records import UnknownEntity
from kg.read.treatments import TreatmentAnswer, treatments_for
from service.http.deps import StoreDep
from service.http.render import json_response

router = APIRouter(prefix="/api", tags=["treatments"])

_EXAMPLES = {
    "id": {"summary": "A symptom by id", "value": "postoperative-pain"},
    "chinese": {"summary": "A symptom by Chinese name", "value": "术后疼痛"},
    "mechanism": {"summary": "A mechanism (TCM pattern)", "value": "qi-blood-stasis"},
}


@router.get(
    "/treatments",
    response_model=TreatmentAnswer,
    responses={404: {"description": "Nothing in the graph matches `addresses`"}},
)
def treatments(
    store: StoreDep,
    addresses: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="A symptom or mechanism: id (`ldh:x` or `x`) or name, either language",
            openapi_examples=_EXAMPLES,
        ),
    ],
) -> Response:
    """Treatments that address ``addresses``: direct (asserted edges and the claims stating
    them) and inferred (rule, intermediate entities, and the claims behind each hop)."""
    try:
        return json_response(treatments_for(store, addresses))
    except UnknownEntity as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
