"""Request dependencies: the store opened in the app's lifespan."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kg.store import Store


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]
