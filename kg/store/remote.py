"""A store backend for any SPARQL 1.1 endpoint (Oxigraph server, Virtuoso, Fuseki, GraphDB,
Neptune ...), spoken to over the SPARQL 1.1 Protocol.

Bound values travel as a trailing ``VALUES`` clause (the protocol has no parameters), written
from RDF terms by pyoxigraph, never pasted from user text. Results are parsed with pyoxigraph's
own result parsers, so callers get the same term types as from the embedded store.
Credentials come from settings or the environment (``LDHKG_ENDPOINT_USER`` /
``LDHKG_ENDPOINT_PASSWORD``), never from code.
"""

from __future__ import annotations

import os

import httpx
import pyoxigraph as ox

from kg.store.base import (
    RDF_FORMATS,
    RESULT_FORMATS,
    Binding,
    NotAcceptable,
    QueryOptions,
    QuerySyntaxError,
    QueryTimeout,
    SelectResult,
    StoreError,
    query_dataset,
    select_result,
)

TIMEOUT = httpx.Timeout(60.0, connect=5.0)
NO_OPTIONS = QueryOptions()


def _values(bindings: Binding | None) -> str:
    if not bindings:
        return ""
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(str(v) for v in bindings.values())  # pyoxigraph terms print as SPARQL
    return f"\nVALUES ({names}) {{ ({terms}) }}"


def _grouped(params: list[tuple[str, str | int | float | bool | None]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k, v in params:
        out.setdefault(k, []).append(str(v))
    return out


class SparqlEndpointStore:
    """Read queries against a remote endpoint; the service stays read-only."""

    def __init__(
        self, query_url: str, *, union_default: bool = True, client: httpx.Client | None = None
    ) -> None:
        self.descriptor = f"sparql:{query_url}"
        self.query_url = query_url
        self.union_default = union_default
        auth = None
        if os.environ.get("LDHKG_ENDPOINT_USER"):
            auth = (
                os.environ["LDHKG_ENDPOINT_USER"],
                os.environ.get("LDHKG_ENDPOINT_PASSWORD", ""),
            )
        self._client = client or httpx.Client(timeout=TIMEOUT, auth=auth)

    def _post(self, query: str, accept: str, options: QueryOptions = NO_OPTIONS) -> httpx.Response:
        dataset = options.dataset or query_dataset(query, options.base_iri)
        params: list[tuple[str, str | int | float | bool | None]] = []
        params += [("default-graph-uri", g) for g in dataset.default_graphs]
        params += [("named-graph-uri", g) for g in dataset.named_graphs]
        if options.base_iri and not query.lstrip().upper().startswith("BASE"):
            query = f"BASE <{options.base_iri}>\n{query}"
        try:
            # a URL-encoded form: the one POST form every SPARQL 1.1 server accepts (Virtuoso
            # 7.2 stalls on a direct application/sparql-query body)
            r = self._client.post(
                self.query_url,
                data={"query": query, **_grouped(params)},
                headers={"accept": accept},
                timeout=TIMEOUT if options.timeout is None else options.timeout,
            )
        except httpx.TimeoutException as exc:
            raise QueryTimeout(
                f"the endpoint did not answer within {options.timeout or TIMEOUT.read} s"
            ) from exc
        except httpx.HTTPError as exc:
            raise StoreError(f"endpoint {self.query_url} unreachable: {exc}") from exc
        if r.status_code == 400:
            raise QuerySyntaxError(r.text.strip()[:2000])
        if r.status_code == 406:
            raise NotAcceptable(r.text.strip()[:500])
        if r.status_code >= 300:
            raise StoreError(f"endpoint answered {r.status_code}: {r.text.strip()[:500]}")
        return r

    def _results(self, query: str, bindings: Binding | None) -> object:
        r = self._post(
            query + _values(bindings),
            "application/sparql-results+json, application/n-triples;q=0.9",
        )
        media = r.headers.get("content-type", "").split(";")[0].strip()
        if media in RDF_FORMATS:
            return list(ox.parse(r.content, format=RDF_FORMATS[media]))
        return ox.parse_query_results(r.content, format=ox.QueryResultsFormat.JSON)

    def select(self, query: str, bindings: Binding | None = None) -> SelectResult:
        res = self._results(query, bindings)
        if not isinstance(res, ox.QuerySolutions):
            raise StoreError("not a SELECT query")
        return select_result(res)

    def ask(self, query: str, bindings: Binding | None = None) -> bool:
        res = self._results(query, bindings)
        if not isinstance(res, ox.QueryBoolean):
            raise StoreError("not an ASK query")
        return bool(res)

    def construct(self, query: str, bindings: Binding | None = None) -> list[ox.Triple]:
        res = self._results(query, bindings)
        if not isinstance(res, list):
            raise StoreError("not a CONSTRUCT or DESCRIBE query")
        return [q.triple if isinstance(q, ox.Quad) else q for q in res]

    def serialize(
        self,
        query: str,
        results_type: str | None,
        graph_type: str | None,
        options: QueryOptions = NO_OPTIONS,
    ) -> tuple[bytes, str]:
        accept = ", ".join(f"{t};q={q}" for t, q in ((results_type, 1.0), (graph_type, 0.9)) if t)
        r = self._post(query, accept or "*/*", options)
        media = r.headers.get("content-type", "").split(";")[0].strip()
        if media not in RESULT_FORMATS and media not in RDF_FORMATS:
            raise NotAcceptable(f"the endpoint answered {media!r}")
        return r.content, media

    def graph_sizes(self) -> dict[str, int]:
        res = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {row["g"].value: int(row["n"].value) for row in res.rows}

    def count(self) -> int:
        return sum(self.graph_sizes().values())


def open_endpoint(arg: str, union_default: bool) -> SparqlEndpointStore:
    if not arg.startswith(("http://", "https://")):
        raise StoreError(f"not an endpoint URL: {arg!r}")
    return SparqlEndpointStore(arg, union_default=union_default)
