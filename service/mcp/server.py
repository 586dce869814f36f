"""The graph as evidence-grounded tools for AI assistants (Model Context Protocol, official SDK).

A third face over the same core: every tool calls the ``kg`` function the matching HTTP route
calls, and returns its record as structured content. Every result carries ``source`` (the
review, its DOI and licence) and the evidence of each statement (exact quote, section, the
review's ``[n]``), and says which parts are inferred. The SPARQL tool runs under the limits of
``/sparql`` (time limit in a killable worker, row cap, SERVICE refused, read-only). Expected
failures (an unknown id, a malformed query, a query cut at its limit) are tool errors with a
plain message; nothing returns a stack trace.

Resources: the ontology (Turtle), the review's attribution and licence, the schema summary a
model needs to write SPARQL, and each example query.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from kg import __version__
from kg.ask import ask as ask_question
from kg.namespaces import GRAPHS, PREFIXES
from kg.paths import EXAMPLE_QUERIES_DIR, ONTOLOGY_FILE, PACKAGE_DIR
from kg.read.citations import get_citation
from kg.read.entities import get_entity
from kg.read.graph import MAX_DEPTH, MAX_PATH_LEN, neighbours, paths
from kg.read.overview import vocabulary
from kg.read.records import UnknownCitation, UnknownEntity
from kg.read.search import search
from kg.read.statistics import BadDuration, find_statistics
from kg.read.treatments import treatments_for
from kg.store import QueryTimeout, Store, StoreError
from kg.store.base import QuerySyntaxError
from kg.store.guard import QueryRefused
from kg.store.guarded import run_read_only
from kg.store.pool import Limits, QueryRunner

SOURCE = {
    "review": "曹晨皓 et al. 腰椎间盘突出症术后残余症状的诊疗策略研究进展 "
              "(Diagnostic and therapeutic strategies for residual symptoms after lumbar disc "
              "herniation surgery). "
              "临床个性化医学 2025, 4(1): 932-938",
    "doi": "10.12677/jcpm.2025.41131",
    "license": "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
    "how_to_cite": "quote the evidence's exact sentence and the review's [n]; say 'inferred' for "
                   "inferred parts; the graph holds only what this review says",
}
INSTRUCTIONS = (
    "An evidence-linked knowledge graph of ONE published review on residual symptoms after "
    "lumbar disc herniation (LDH) surgery (back pain, leg pain, numbness, weakness; mechanisms, "
    "diagnosis, treatment, the TCM view). Answer from tool results only: cite each statement's "
    "exact quote and its [n] references, mark inferred parts as inferred, and say 'the review "
    "does not say' when the tools find nothing. Start with `ask` for a question in English or "
    "Chinese, or `search_entities` then `get_entity` to look a concept up.")

Getter = Callable[[], Store]
RunnerGetter = Callable[[], QueryRunner]


def _plain(value: Any) -> Any:
    return asdict(value) if is_dataclass(value) and not isinstance(value, type) else value


def _result(value: Any, **extra: Any) -> dict[str, Any]:
    """A tool's structured result: the core's record, with where it comes from."""
    return {"result": _plain(value), **extra, "source": SOURCE}


def build_server(get_store: Getter, get_runner: RunnerGetter, *, timeout: float = 10.0,
                 timeout_max: float = 60.0, max_rows: int = 10_000,
                 federation_allow: tuple[str, ...] = (), base_iri: str | None = None
                 ) -> MCPServer:
    """The MCP server over the store ``get_store`` returns (read at each call, so the HTTP app
    can give it the store its lifespan opens)."""
    server: MCPServer = MCPServer("ldhkg", title="LDH residual-symptom knowledge graph",
                                  instructions=INSTRUCTIONS, version=__version__)

    @server.tool(description=(
        "Find entities (symptoms, mechanisms, treatments, tests, risk factors, TCM concepts, "
        "anatomy ...) by name in English or Chinese; tolerant of typos, abbreviations (PELD, "
        "LDH, sEMG, IL-6) and traditional characters. Returns ids for get_entity."))
    def search_entities(query: Annotated[str, Field(min_length=1, max_length=200)],
                        limit: Annotated[int, Field(ge=1, le=50)] = 10) -> dict[str, Any]:
        return _result(search(get_store(), query, limit))

    @server.tool(name="get_entity", description=(
        "An entity by id (CURIE like ldh:mecobalamin, or the local name): labels in English and "
        "Chinese, kind, definition, synonyms, outside identifiers, and every relation in and out "
        "with each claim's exact quote, section, cited [n], study design, sample size, time "
        "point, modality and audit flags; inferred relations carry the rule."))
    def get_entity_tool(id: Annotated[str, Field(min_length=1, max_length=200)]) -> dict[str, Any]:
        try:
            return _result(get_entity(get_store(), id))
        except UnknownEntity as exc:
            raise ToolError(f"{exc}; find the id with search_entities") from exc

    @server.tool(description=(
        "Treatments that address a symptom or mechanism (an id or a name, English or Chinese): "
        "those the review states, and those the reasoner inferred (a treatment that targets a "
        "mechanism contributing to the symptom), each hop with its evidence."))
    def treatments(addresses: Annotated[str, Field(min_length=1, max_length=200)]
                   ) -> dict[str, Any]:
        try:
            return _result(treatments_for(get_store(), addresses))
        except UnknownEntity as exc:
            raise ToolError(f"{exc}; find the id with search_entities") from exc

    @server.tool(description=(
        "The review's quantitative findings (prevalence at a time point, sample sizes, study "
        "counts, thresholds, follow-up), each with its exact quote and [n]; filter by symptom "
        "(id or name), citation number, or time point as an ISO 8601 duration (P6M, P2Y)."))
    def statistics(symptom: str | None = None, citation: Annotated[int | None, Field(ge=1)] = None,
                   timepoint: str | None = None,
                   limit: Annotated[int, Field(ge=1, le=1000)] = 100,
                   offset: Annotated[int, Field(ge=0)] = 0) -> dict[str, Any]:
        try:
            page = find_statistics(get_store(), symptom=symptom, citation=citation,
                                   timepoint=timepoint, limit=limit, offset=offset)
        except (UnknownEntity, UnknownCitation, BadDuration) as exc:
            raise ToolError(str(exc)) from exc
        return _result(page.items, count=page.total, limit=limit, offset=offset)

    @server.tool(name="get_citation", description=(
        "One of the review's references by its number [n]: authors, year, title, journal, DOI, "
        "the audit flags on it (when the reference does not fit what the review cites it for), "
        "and every claim citing it with its exact quote."))
    def get_citation_tool(n: Annotated[int, Field(ge=1)]) -> dict[str, Any]:
        try:
            return _result(get_citation(get_store(), n))
        except UnknownCitation as exc:
            raise ToolError(str(exc)) from exc

    @server.tool(name="neighbours", description=(
        "The neighbourhood of an entity in the clinical graph, up to depth hops (1-"
        f"{MAX_DEPTH}): the entities around it and every edge with its predicate, whether it "
        "is inferred, and its evidence."))
    def neighbours_tool(id: Annotated[str, Field(min_length=1)],
                        depth: Annotated[int, Field(ge=1, le=MAX_DEPTH)] = 1) -> dict[str, Any]:
        try:
            return _result(neighbours(get_store(), id, depth))
        except UnknownEntity as exc:
            raise ToolError(f"{exc}; find the id with search_entities") from exc

    @server.tool(description=(
        "Paths between two entities in the clinical graph (ids or names), up to max_length "
        f"edges (1-{MAX_PATH_LEN}), each hop with its predicate and evidence: how the review "
        "connects, say, a treatment to a symptom."))
    def find_paths(source: Annotated[str, Field(min_length=1)],
                   target: Annotated[str, Field(min_length=1)],
                   max_length: Annotated[int, Field(ge=1, le=MAX_PATH_LEN)] = 3) -> dict[str, Any]:
        try:
            return _result(paths(get_store(), source, target, max_length))
        except UnknownEntity as exc:
            raise ToolError(f"{exc}; find the id with search_entities") from exc

    @server.tool(description=(
        "Ask a question in English or Chinese about residual symptoms after LDH surgery. The "
        "answer says yes only when a claim states the relation, and 'the review does not say' "
        "otherwise, with the closest statements. Returns the interpretation (parts, each "
        "entity's role), every query run, and answers with evidence (quote, section, [n]); "
        "inferred answers carry their chain."))
    def ask(question: Annotated[str, Field(min_length=1, max_length=500)]) -> dict[str, Any]:
        return _result(ask_question(get_store(), question))

    @server.tool(description=(
        "Run a read-only SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the graph: "
        "named graphs <https://w3id.org/ldhkg/graph/asserted|inferred|provenance|ontology>, "
        "the default graph their union; read the ldhkg://schema resource for classes, "
        "properties and prefixes. Runs under a time limit (timeout_seconds, default 10, capped "
        "by the server) with a row cap; updates and SERVICE calls are refused."))
    def sparql(query: Annotated[str, Field(min_length=1, max_length=100_000)],
               timeout_seconds: Annotated[float | None, Field(gt=0, le=600)] = None
               ) -> dict[str, Any]:
        store, runner = get_store(), get_runner()
        limits = Limits(min(timeout_seconds or timeout, timeout_max), max_rows)
        try:
            out = run_read_only(store, runner, query, "application/sparql-results+json",
                                "text/turtle", limits, allow=federation_allow, base=base_iri)
        except QueryRefused as exc:
            raise ToolError(f"refused: {exc}") from exc
        except QuerySyntaxError as exc:
            raise ToolError(f"malformed query: {exc}") from exc
        except QueryTimeout as exc:
            raise ToolError(str(exc)) from exc
        except StoreError as exc:
            raise ToolError(f"query failed: {exc}") from exc
        body = out.body.decode("utf-8")
        result: Any = json.loads(body) if out.media.endswith("json") else body
        return _result(result, media_type=out.media, truncated=out.truncated, rows=out.rows)

    @server.resource("ldhkg://ontology", name="ontology", mime_type="text/turtle",
                     description="The OWL 2 ontology of the graph (Turtle), labels in en and zh.")
    def ontology() -> str:
        return ONTOLOGY_FILE.read_text(encoding="utf-8")

    @server.resource("ldhkg://attribution", name="attribution", mime_type="text/markdown",
                     description="The source review, its authors, DOI and licence (CC BY 4.0).")
    def attribution() -> str:
        return (PACKAGE_DIR / "sources" / "ATTRIBUTION.md").read_text(encoding="utf-8")

    @server.resource("ldhkg://schema", name="schema", mime_type="text/markdown",
                     description="What a model needs to write SPARQL here: prefixes, named "
                     "graphs, classes and properties with labels, and the claim pattern.")
    def schema() -> str:
        return schema_summary(get_store())

    for path in sorted(EXAMPLE_QUERIES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0].lstrip("# ").strip() if text else path.stem
        server.resource(f"ldhkg://examples/{path.stem}", name=f"example {path.stem}",
                        mime_type="application/sparql-query", description=first)(
            _constant(text))
    return server


def _constant(text: str) -> Callable[[], str]:
    def read() -> str:
        return text

    return read


def schema_summary(store: Store) -> str:
    """Prefixes, graphs, the evidence pattern, and every class and property with its labels."""
    v = vocabulary(store)
    lines = ["# Writing SPARQL for the LDH residual-symptom graph", "", "## Prefixes", ""]
    lines += [f"PREFIX {k}: <{iri}>" for k, iri in PREFIXES.items()
              if k in ("ldh", "ldho", "rdfs", "skos", "oa", "biolink", "dcterms", "owl", "xsd")]
    lines += ["", "## Named graphs (the default graph is their union)", ""]
    lines += [f"- <{g}>" for g in GRAPHS]
    lines += ["", "## The evidence pattern", "",
              "A relation is a direct edge (`ldh:mecobalamin ldho:targets ldh:nerve-root-"
              "inflammation`) and a claim node: `?c a ldho:Claim ; ldho:subject ?s ; "
              "ldho:assertedPredicate ?p ; ldho:object ?o ; ldho:direction ?d ; ldho:cites ?ref ; "
              "ldho:hasQuote ?q . ?q oa:exact ?quote` (quote in the provenance graph; "
              "`?ref ldho:referenceNumber ?n`). Qualifiers: ldho:population, ldho:indication, "
              "ldho:studyDesign, ldho:sampleSize, ldho:timepoint, ldho:modality. Inferred edges "
              "are in the inferred graph, each with an ldho:Inference record (provenance graph: "
              "ldho:inferredSubject, ldho:assertedPredicate, ldho:inferredObject, "
              "ldho:derivedFrom ?claim).", "", "## Classes", ""]
    for term, t in v.items():
        if t["kind"] == "class":
            parent = f" ⊑ {', '.join(t['parents'])}" if t["parents"] else ""
            lines.append(f"- {term} — {t.get('label_en', '')} / {t.get('label_zh', '')}{parent}")
    lines += ["", "## Properties", ""]
    for term, t in v.items():
        if t["kind"] == "property":
            lines.append(f"- {term} — {t.get('label_en', '')} / {t.get('label_zh', '')}: "
                         f"{t.get('definition_en', '')}")
    return "\n".join(lines) + "\n"


__all__ = ["SOURCE", "build_server", "schema_summary"]
