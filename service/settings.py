"""Typed settings (environment variables prefixed ``LDHKG_``)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LDHKG_")

    store: str = "oxigraph:build/store"
    cors_origins: list[str] = []
    base_iri: str = "https://w3id.org/ldhkg/id/"  # relative IRIs in queries resolve here
    default_graph_union: bool = True  # the default graph is the union of the named graphs
    warm_caches: bool = True  # build the per-store caches on a background thread at start-up
    response_cache_entries: int = 2048  # GET responses kept (LRU); 0 turns the cache off
