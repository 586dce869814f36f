"""The ceiling: a bare FastAPI endpoint under the same server settings as ldhkg serve."""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI()


@app.get("/bare")
def bare() -> dict[str, str]:
    """A plain ``def`` handler, like ours: same threadpool path, no store, no work."""
    return {"status": "ok"}
