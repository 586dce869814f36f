"""Every IRI of the graph dereferences (Cool URIs for the Semantic Web, 303 style):
``GET /id/{local}`` and ``GET /ontology/{term}`` send a browser to the page
(``/entity/{local}``, ``/browse/{term}``) and give a Linked Data client the resource's
description in the RDF format its ``Accept`` asks for (Turtle, JSON-LD, N-Triples, RDF/XML),
so that once ``https://w3id.org/ldhkg/`` redirects to a deployment, every IRI in the graph and
the exports resolves."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse, RedirectResponse

from kg.namespaces import LDH, LDHO, is_local_id
from kg.read.describe import FORMATS, describe
from kg.read.records import UnknownEntity
from service.http.conneg import negotiate
from service.http.deps import StoreDep

router = APIRouter(tags=["linked data"])
OFFERED = ("text/html", *FORMATS)
_RESPONSES: dict[int | str, dict[str, str]] = {
    200: {"description": "The resource's description (Turtle, JSON-LD, N-Triples, RDF/XML)"},
    303: {"description": "A browser (text/html): see the page"},
    404: {"description": "No such resource"},
    406: {"description": "None of the offered formats is acceptable"},
}


def _answer(request: Request, store: StoreDep, iri: str, page: str) -> Response:
    media = negotiate(request.headers.get("accept", ""), OFFERED)
    if media is None:
        return PlainTextResponse("acceptable: " + ", ".join(OFFERED), status_code=406,
                                 headers={"vary": "accept"})
    if media == "text/html":
        return RedirectResponse(page, status_code=303, headers={"vary": "accept"})
    try:
        body = describe(store, iri, media)
    except UnknownEntity as exc:
        return PlainTextResponse(str(exc), status_code=404, headers={"vary": "accept"})
    return Response(body, media_type=media, headers={"vary": "accept", "link":
                    f'<{page}>; rel="alternate"; type="text/html"'})


@router.get("/id/{local}", responses=_RESPONSES, summary="Dereference an entity's IRI")
def entity_iri(local: str, request: Request, store: StoreDep) -> Response:
    """``https://w3id.org/ldhkg/id/{local}``: the page for a browser, RDF for a client."""
    if not is_local_id(local):
        return PlainTextResponse(f"not an entity id: {local!r}", status_code=404)
    return _answer(request, store, f"{LDH}{local}", f"/entity/{local}")


@router.get("/ontology/{term}", responses=_RESPONSES, summary="Dereference an ontology term")
def term_iri(term: str, request: Request, store: StoreDep) -> Response:
    """``https://w3id.org/ldhkg/ontology/{term}``: the class page, or its RDF description."""
    if not term.replace("_", "").isalnum():
        return PlainTextResponse(f"not an ontology term: {term!r}", status_code=404)
    return _answer(request, store, f"{LDHO}{term}", f"/browse/{term}")
