"""``GET /api/vocabulary`` (every class and property with labels and definitions in both
languages, for naming kinds and relations) and ``GET /api/overview`` (which treatments act on
which mechanisms and symptoms), the data of the web page's landing view."""

from __future__ import annotations

from fastapi import APIRouter, Response

from kg.read.overview import overview, vocabulary
from service.http.deps import StoreDep
from service.http.render import json_response

router = APIRouter(prefix="/api", tags=["overview"])


@router.get("/vocabulary", summary="Classes and properties with their labels and definitions")
def vocabulary_route(store: StoreDep) -> Response:
    """``{curie: {kind, label_en, label_zh, definition_en, definition_zh, parents}}``."""
    return json_response(vocabulary(store))


@router.get("/overview", summary="Treatments x mechanisms and symptoms, stated or inferred")
def overview_route(store: StoreDep) -> Response:
    """``{cells: [{treatment, target, kind (mechanism | symptom), inferred, claims}]}``."""
    return json_response(overview(store))
