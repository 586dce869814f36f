"""``GET /api/citations`` and ``/api/citations/{n}``: the review's references and what cites
each, with audit flags."""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request, Response

from kg.read.citations import CitationDetail, get_citation, list_citations
from kg.read.records import Citation, UnknownCitation
from service.http.deps import StoreDep
from service.http.render import json_response
from service.http.routers.statistics import FormatParam, tsv_doc, tsv_response, wants_tsv

router = APIRouter(prefix="/api", tags=["citations"])


@dataclass(slots=True)
class CitationList:
    count: int
    citations: list[Citation]


@router.get(
    "/citations",
    response_model=CitationList,
    responses=tsv_doc("n\tauthors\tfirst_author\tyear\ttitle\t...\n1\tBenzakour, T., ...\n"),
)
def citations(
    request: Request, store: StoreDep, format: FormatParam = None
) -> CitationList | Response:
    """The review's references, parsed: authors, year, title, journal, volume, issue,
    pages, DOI."""
    refs = list_citations(store)
    if wants_tsv(request, format):
        return tsv_response([f.name for f in fields(Citation)], (astuple(r) for r in refs))
    return json_response(CitationList(len(refs), refs))


@router.get(
    "/citations/{n}",
    response_model=CitationDetail,
    responses={404: {"description": "The review has no reference [n]"}},
)
def citation(
    store: StoreDep,
    n: Annotated[
        int,
        Path(
            description="Reference number",
            openapi_examples={"grim": {"summary": "A reference with an audit flag", "value": 13}},
        ),
    ],
) -> Response:
    """One reference, the claims that cite it (edge with labels, quote, section) and its
    audit flags (kind, severity, reason)."""
    try:
        return json_response(get_citation(store, n))
    except UnknownCitation as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
