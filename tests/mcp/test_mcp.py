"""The MCP face, driven by the official SDK's own client: over stdio against a real ``ldhkg mcp``
subprocess, and over streamable HTTP against the real ``ldhkg serve`` with the face enabled.
Every tool is called and its content checked; the SPARQL tool's limits hold (a runaway query
is cut at its limit, an update and a SERVICE call are refused); bad arguments get a clear
error; the resources are listed and read."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio
import httpx
import pytest
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client

from kg.build.pipeline import BuildResult
from tests.servers import serve

pytestmark = pytest.mark.slow
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TOOLS = {"search_entities", "get_entity", "treatments", "statistics", "get_citation",
         "neighbours", "find_paths", "ask", "sparql"}


@asynccontextmanager
async def stdio_session(built: BuildResult) -> AsyncIterator[ClientSession]:
    params = StdioServerParameters(command=sys.executable, args=[
        "-m", "service.cli", "mcp", "--store", str(built.out / "store"), "--timeout", "5"])
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        yield session


def run(body: Callable[[ClientSession], Awaitable[None]], opener: Any) -> None:
    async def main() -> None:
        async with opener as session:
            await body(session)
    anyio.run(main)


async def call(session: ClientSession, tool: str, **args: Any) -> dict[str, Any]:
    res = await session.call_tool(tool, args)
    assert not res.is_error, res.content[0].text if res.content else res
    out = res.structured_content
    assert out is not None and out["source"]["doi"] == "10.12677/jcpm.2025.41131"
    return out


async def error(session: ClientSession, tool: str, **args: Any) -> str:
    res = await session.call_tool(tool, args)
    assert res.is_error
    text = res.content[0].text
    assert "Traceback" not in text and 'File "' not in text
    return text


async def _every_tool(session: ClientSession) -> None:
    tools = {t.name: t for t in (await session.list_tools()).tools}
    assert set(tools) == TOOLS
    assert all(t.description and len(t.description) > 60 for t in tools.values())
    assert tools["sparql"].input_schema["properties"]["query"]["type"] == "string"

    hits = (await call(session, "search_entities", query="PELD"))["result"]["hits"]
    assert hits[0]["id"] == "ldh:peld"
    typo = (await call(session, "search_entities", query="mecobalamine"))["result"]["hits"]
    assert typo[0]["id"] == "ldh:mecobalamin"

    entity = (await call(session, "get_entity", id="mecobalamin"))["result"]
    assert entity["label_zh"] == "甲钴胺"
    quotes = [ev["quote"] for r in entity["relations"] for ev in r["evidence"]]
    assert any("徐刚等[16]的 Meta 分析也证实" in q for q in quotes)
    assert any(r["inferred"] and r["explanation"] for r in entity["relations"])

    found = (await call(session, "treatments", addresses="postoperative pain"))["result"]
    ids = {t["treatment"]["id"] for t in found["treatments"]}
    assert {"ldh:mecobalamin", "ldh:multimodal-analgesia"} <= ids

    stats = await call(session, "statistics", symptom="residual-low-back-pain")
    values = {s["value"] for s in stats["result"]}
    assert {32.8, 26.4} <= values and stats["count"] == len(stats["result"])
    assert all(s["quote"] and s["citations"] for s in stats["result"])

    cite = (await call(session, "get_citation", n=16))["result"]
    assert cite["reference"]["title"] == "甲钴胺治疗腰椎间盘突出症的 Meta 分析"
    assert cite["claims"] and all("[16]" in c["quote"] for c in cite["claims"])

    around = (await call(session, "neighbours", id="ldh:peld", depth=1))["result"]
    assert len(around["nodes"]) > 5 and around["edges"]

    found_paths = (await call(session, "find_paths", source="mecobalamin",
                              target="postoperative pain", max_length=2))["result"]
    assert found_paths["paths"] and all(p["hops"] for p in found_paths["paths"])

    answer = (await call(session, "ask", question="甲钴胺能降低同型半胱氨酸吗？"))["result"]
    assert answer["boolean"] is True
    assert {16, 29} <= {n for a in answer["answers"] for ev in a["evidence"]
                        for n in ev["citations"]}
    no = (await call(session, "ask", question="Does acupuncture reduce IL-6?"))["result"]
    assert no["boolean"] is False and no["answers"] == [] and "does not state" in no["statement"]

    rows = (await call(session, "sparql", query=(
        "SELECT ?d WHERE { ?d a <https://w3id.org/ldhkg/ontology/Drug> } ORDER BY ?d")))
    bindings = rows["result"]["results"]["bindings"]
    assert "https://w3id.org/ldhkg/id/mecobalamin" in {b["d"]["value"] for b in bindings}
    assert rows["truncated"] is False


async def _limits_and_bad_arguments(session: ClientSession) -> None:
    with anyio.fail_after(30):
        cut = await error(session, "sparql", query=RUNAWAY, timeout_seconds=1)
    assert "1" in cut and ("time" in cut.lower() or "limit" in cut.lower())
    update = await error(session, "sparql", query="INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert "read-only" in update
    service = await error(session, "sparql",
                          query="SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }")
    assert "SERVICE" in service and "refused" in service
    malformed = await error(session, "sparql", query="SELECT ?x WHERE {")
    assert "malformed" in malformed
    # the server still answers after a runaway query
    assert (await call(session, "sparql", query="ASK { ?s ?p ?o }"))["result"]["boolean"] is True
    assert "search_entities" in await error(session, "get_entity", id="no-such-thing")
    assert "six months" in await error(session, "statistics", timepoint="six months")
    assert "citation" in (await error(session, "get_citation", n=999)).lower()
    missing = await error(session, "get_entity")
    assert "id" in missing.lower()
    wrong = await error(session, "neighbours", id="ldh:peld", depth=9)
    assert "depth" in wrong.lower()


async def _resources(session: ClientSession) -> None:
    uris = {str(r.uri) for r in (await session.list_resources()).resources}
    assert {"ldhkg://ontology", "ldhkg://attribution", "ldhkg://schema",
            "ldhkg://examples/risk_factors"} <= uris
    ontology = (await session.read_resource("ldhkg://ontology")).contents[0].text
    assert "ldho:addresses" in ontology and "owl:propertyChainAxiom" in ontology
    attribution = (await session.read_resource("ldhkg://attribution")).contents[0].text
    assert "CC BY 4.0" in attribution and "10.12677/jcpm.2025.41131" in attribution
    schema = (await session.read_resource("ldhkg://schema")).contents[0].text
    assert "PREFIX ldho: <https://w3id.org/ldhkg/ontology/>" in schema
    assert "ldho:InflammatoryResidualPain" in schema and "ldho:hasQuote" in schema
    example = (await session.read_resource("ldhkg://examples/risk_factors")).contents[0].text
    assert "SELECT" in example


def test_stdio_every_tool_with_content(built: BuildResult) -> None:
    run(_every_tool, stdio_session(built))


def test_stdio_limits_and_bad_arguments(built: BuildResult) -> None:
    run(_limits_and_bad_arguments, stdio_session(built))


def test_stdio_resources(built: BuildResult) -> None:
    run(_resources, stdio_session(built))


def test_streamable_http_on_the_app(built: BuildResult) -> None:
    with serve(built.out / "store", {"LDHKG_MCP_ENABLED": "true"}) as served:

        @asynccontextmanager
        async def http_session() -> AsyncIterator[ClientSession]:
            async with streamable_http_client(f"{served.base}/mcp") as streams, \
                    ClientSession(streams[0], streams[1]) as session:
                await session.initialize()
                yield session

        async def body(session: ClientSession) -> None:
            await _every_tool(session)
            await _resources(session)
            cut = await error(session, "sparql", query=RUNAWAY, timeout_seconds=1)
            assert "time" in cut.lower() or "limit" in cut.lower()

        run(body, http_session())
        assert httpx.get(f"{served.base}/health").status_code == 200  # REST still serves


def test_the_http_face_is_off_unless_enabled(live_server: str) -> None:
    assert httpx.post(f"{live_server}/mcp", json={}).status_code in (404, 405)
