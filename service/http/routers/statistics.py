"""``GET /api/statistics``: every quantitative finding, as JSON or a TSV table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response

from kg.read.records import UnknownCitation, UnknownEntity
from kg.read.statistics import BadDuration, Statistic, find_statistics
from service.http.deps import StoreDep
from service.http.render import json_response, paged

router = APIRouter(prefix="/api", tags=["statistics"])

TSV = "text/tab-separated-values"
FormatParam = Annotated[
    Literal["json", "tsv"] | None,
    Query(
        description=f"`tsv` for a table (or send `Accept: {TSV}`); JSON by default",
        examples=["tsv"],
    ),
]

MAX_OFFSET = 1_000_000_000  # SQLite integers are 64-bit; no listing is near this long
LimitParam = Annotated[int, Query(ge=1, le=1000, description="Page size")]
OffsetParam = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip (stable order)")]


def wants_tsv(request: Request, fmt: str | None) -> bool:
    """``?format=`` wins; otherwise the Accept header decides (JSON unless TSV is asked)."""
    if fmt is not None:
        return fmt == "tsv"
    return TSV in request.headers.get("accept", "")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(_cell(v) for v in value)
    return " ".join(str(value).split())  # TSV cells hold no tabs or line breaks


def tsv_response(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Response:
    lines = ["\t".join(columns), *("\t".join(_cell(v) for v in row) for row in rows)]
    return Response("\n".join(lines) + "\n", media_type=f"{TSV}; charset=utf-8")


def tsv_doc(example: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"content": {TSV: {"example": example}}}}


@dataclass(slots=True)
class StatisticsPage:
    count: int
    statistics: list[Statistic]


_COLUMNS = (
    "id",
    "quantity",
    "value",
    "stated_as",
    "unit",
    "comparison",
    "timepoint",
    "sample_size",
    "population",
    "study_design",
    "citations",
    "about",
    "about_label_en",
    "about_label_zh",
    "audit_flags",
    "claim",
    "section",
    "quote",
)


def _row(s: Statistic) -> list[Any]:
    about = s.about
    return [
        s.id,
        s.quantity,
        s.value,
        s.stated_as,
        s.unit,
        s.comparison,
        s.timepoint,
        s.sample_size,
        s.population.id if s.population else None,
        s.study_design,
        s.citations,
        about.id if about else None,
        about.label_en if about else None,
        about.label_zh if about else None,
        [f.kind for f in s.audit_flags],
        s.claim,
        s.section,
        s.quote,
    ]


@router.get(
    "/statistics",
    response_model=StatisticsPage,
    responses={
        **tsv_doc("id\tquantity\tvalue\t...\nldh:stat-prevalence-32-8-…\tprevalence\t32.8\t...\n"),
        404: {"description": "Unknown symptom or citation"},
        422: {"description": "Malformed time point"},
    },
)
def statistics(
    request: Request,
    store: StoreDep,
    symptom: Annotated[
        str | None,
        Query(
            description="What the statistic is about: id or name, either language",
            openapi_examples={
                "id": {"value": "residual-low-back-pain"},
                "chinese": {"value": "残余腰痛"},
            },
        ),
    ] = None,
    citation: Annotated[
        int | None, Query(ge=1, description="Reference number [n]", examples=[8])
    ] = None,
    timepoint: Annotated[
        str | None,
        Query(description="ISO 8601 duration, compared by value (P24M = P2Y)", examples=["P6M"]),
    ] = None,
    format: FormatParam = None,
    limit: LimitParam = 100,
    offset: OffsetParam = 0,
) -> StatisticsPage | Response:
    """The quantitative findings (value, unit, time point, n, design, citations, quote,
    what it is about, audit flags), optionally filtered, by id: a page of them; ``count`` is
    how many match in all (also ``X-Total-Count``; the next page is in ``Link``)."""
    try:
        page = find_statistics(store, symptom, citation, timepoint, limit, offset)
    except (UnknownEntity, UnknownCitation) as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except BadDuration as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    if wants_tsv(request, format):
        response = tsv_response(_COLUMNS, (_row(s) for s in page.items))
    else:
        response = json_response(StatisticsPage(page.total, page.items))
    return paged(response, request, page.total, limit, offset)
