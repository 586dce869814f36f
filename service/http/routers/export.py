"""``GET /api/export/{format}``: the whole clinical graph or a subgraph as a download for
Cytoscape, Gephi, yEd, NDEx, Neo4j, Graphviz, D3 or a Biolink/KGX pipeline."""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Path, Query, Request, Response

from kg.exports import (
    FORMATS,
    BadQuery,
    BadSelection,
    Construct,
    ExportUnavailable,
    Selection,
    export,
)
from kg.read.graph import MAX_PATH_LEN
from kg.read.records import UnknownEntity
from kg.store import QueryOptions, QueryTimeout
from kg.store.pool import QueryRunner
from service.http.deps import StoreDep
from service.http.routers.sparql import limits
from service.http.settings import Settings

router = APIRouter(prefix="/api", tags=["export"])

FormatName = Literal[
    "graphml", "gexf", "cytoscape", "cx2", "dot", "svg", "node-link", "neo4j", "kgx", "kgx-jsonl"
]
assert set(get_args(FormatName)) == set(FORMATS)  # the route and the core list the same formats

_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The export, as an attachment",
        "content": {spec.media_type: {} for spec in FORMATS.values()},
    },
    400: {"description": "`query` is not a CONSTRUCT query, or does not run"},
    404: {"description": "`root` or `to` names no entity"},
    422: {"description": "Unknown format or parameters that do not select a subgraph"},
    503: {"description": "SVG asked for but Graphviz is not installed, or `query` ran out of "
          "time (it runs like a /sparql query: in a killable worker, under the time limit)"},
}
_FORMAT_DOC = "; ".join(f"`{k}`: {v.description}" for k, v in FORMATS.items())


def bounded_construct(request: Request) -> Construct:
    """Run an export's CONSTRUCT like a /sparql query: in a killable worker under the default
    time limit, refused when its triples pass the result cap (a partial graph would mislead)."""
    runner: QueryRunner = request.app.state.runner
    settings: Settings = request.app.state.settings

    def construct(query: str) -> list[ox.Triple]:
        limit = limits(None, settings)
        out = runner.run(query, None, "application/n-triples",
                         QueryOptions(base_iri=settings.base_iri), limit)
        if out.truncated:
            raise BadQuery(f"the query gives more than {limit.cap} triples; narrow it")
        return [q.triple for q in ox.parse(out.body, format=ox.RdfFormat.N_TRIPLES)]

    return construct


@router.get("/export/{fmt}", responses=_RESPONSES, response_class=Response)
def export_graph(
    request: Request,
    store: StoreDep,
    fmt: Annotated[FormatName, Path(description=_FORMAT_DOC)],
    root: Annotated[
        str | None,
        Query(description="Centre of a neighbourhood, or start of paths (id or name)",
              examples=["ldh:mecobalamin"]),
    ] = None,
    depth: Annotated[
        int | None,
        Query(ge=1, le=MAX_PATH_LEN,
              description="Neighbourhood hops (1-3, default 1) or, with `to`, the longest "
              "path in edges (1-5, default 3)", examples=[1]),
    ] = None,
    to: Annotated[
        str | None,
        Query(description="End of the directed paths from `root` (id or name)",
              examples=["postoperative-pain"]),
    ] = None,
    query: Annotated[
        str | None,
        Query(description="A SPARQL CONSTRUCT query; its triples between clinical entities "
              "become the exported graph"),
    ] = None,
) -> Response:
    """Export the clinical graph (asserted and inferred edges, with labels in English and
    Chinese, types, predicates, evidence counts, citations, claim ids and quotes), or the
    subgraph picked by `root` + `depth`, `root` + `to`, or `query`. Every export carries the
    review's CC BY 4.0 attribution and DOI."""
    try:
        selection = Selection(root=root, depth=depth, to=to, query=query)
        out = export(store, fmt, selection, bounded_construct(request))
    except QueryTimeout as exc:
        raise HTTPException(status_code=503, detail=str(exc)) from exc
    except UnknownEntity as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except BadSelection as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    except BadQuery as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    except ExportUnavailable as exc:
        raise HTTPException(status_code=503, detail=str(exc)) from exc
    return Response(
        out.body,
        media_type=out.media_type,
        headers={"Content-Disposition": f'attachment; filename="{out.filename}"'},
    )
