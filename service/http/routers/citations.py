"""``GET /api/citations`` and ``/api/citations/{n}``: the review's references and what cites
each, with audit flags."""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request, Response

from kg.read.citations import CitationDetail, citation_page, get_citation
from kg.read.records import Citation, UnknownCitation
from service.http.deps import StoreDep
from service.http.render import json_response, paged
from service.http.routers.statistics import (
    FormatParam,
    LimitParam,
    OffsetParam,
    tsv_doc,
    tsv_response,
    wants_tsv,
)

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
    request: Request, store: StoreDep, format: FormatParam = None, limit: LimitParam = 100,
    offset: OffsetParam = 0,
) -> CitationList | Response:
    """The references, parsed (authors, year, title, journal, volume, issue, pages, DOI), by
    number: a page of them; ``count`` is how many there are (also ``X-Total-Count``; the next
    page is in ``Link``)."""
    page = citation_page(store, limit, offset)
    if wants_tsv(request, format):
        response = tsv_response([f.name for f in fields(Citation)],
                                (astuple(r) for r in page.items))
    else:
        response = json_response(CitationList(page.total, page.items))
    return paged(response, request, page.total, limit, offset)


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
