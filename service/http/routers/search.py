"""``GET /api/search?q=``: bilingual, typo- and abbreviation-tolerant entity search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from kg.read.search import SearchResult, search
from service.http.deps import StoreDep
from service.http.render import json_response

router = APIRouter(prefix="/api", tags=["search"])

_EXAMPLES = {
    "abbreviation": {"summary": "An abbreviation", "value": "PELD"},
    "chinese": {"summary": "A Chinese name", "value": "甲钴胺"},
    "typo": {"summary": "A misspelling", "value": "mecobalamine"},
    "hyphenated": {"summary": "Hyphens and case do not matter", "value": "il6"},
}


@router.get("/search", response_model=SearchResult)
def search_entities(
    store: StoreDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="Text in English or Chinese",
            openapi_examples=_EXAMPLES,
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=100, description="At most this many hits")] = 10,
) -> Response:
    """Entities whose labels or synonyms match ``q``: exact, then prefix, then substring,
    then fuzzy matches; each hit names the label or synonym that matched and its score."""
    return json_response(search(store, q, limit))
