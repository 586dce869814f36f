"""Typed settings (environment variables prefixed ``LDHKG_``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LDHKG_")

    store: str = "oxigraph:build/store"
    # the build's index (text.sqlite) for a store that has none beside it (an endpoint); without
    # one, an endpoint's index is made from a whole-store read at start-up
    index: str | None = None
    cors_origins: list[str] = []
    base_iri: str = "https://w3id.org/ldhkg/id/"  # relative IRIs in queries resolve here
    default_graph_union: bool = True  # the default graph is the union of the named graphs
    warm_caches: bool = True  # open the index and load the segmenter before serving (~1 s)
    mcp_enabled: bool = False  # the MCP face at /mcp (streamable HTTP), for AI assistants
    response_cache_entries: int = 2048  # GET responses kept (LRU); 0 turns the cache off
    # /sparql: every query runs under a time limit (a `timeout` parameter in seconds, capped
    # by the maximum) in one of `query_workers` killable processes, and keeps at most
    # `max_results` rows or triples (the response says when it was truncated)
    query_timeout: Annotated[float, Field(gt=0)] = 10.0
    query_timeout_max: Annotated[float, Field(gt=0)] = 60.0
    query_workers: Annotated[int, Field(ge=1)] = 4
    query_queue_wait: Annotated[float, Field(gt=0)] = 10.0  # for a free worker, then 503
    max_results: Annotated[int, Field(ge=1)] = 100_000
    # SERVICE may call only IRIs that start with one of these; empty: federation off
    federation_allow: list[str] = []
    # request hygiene: larger requests are refused before they are read (413 / 414)
    max_body_bytes: Annotated[int, Field(ge=1024)] = 1 << 20
    max_query_chars: Annotated[int, Field(ge=256)] = 100_000
    max_url_chars: Annotated[int, Field(ge=256)] = 16_384
