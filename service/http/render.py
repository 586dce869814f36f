"""JSON rendering of the core's plain records, straight to bytes.

The records are dataclasses built by ``kg`` from a read-only store, so re-validating them
against their own response model on every request (FastAPI's default) adds work without
adding safety; the models stay on the routes for OpenAPI. Measured on the entity route:
0.52 ms for FastAPI's encoder against 0.07 ms for ``json.dumps`` (benchmarks/RESULTS.md).

>>> json_response({"a": "甲钴胺"}).body
b'{"a":"\\xe7\\x94\\xb2\\xe9\\x92\\xb4\\xe8\\x83\\xba"}'
"""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from typing import Any

from fastapi import Request, Response


def _plain(value: Any) -> Any:
    return asdict(value) if is_dataclass(value) and not isinstance(value, type) else value


def json_response(value: Any, status_code: int = 200) -> Response:
    body = json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"), default=str)
    return Response(body.encode("utf-8"), status_code=status_code, media_type="application/json")


def paged(response: Response, request: Request, total: int, limit: int, offset: int) -> Response:
    """A page's total (``X-Total-Count``) and the next and previous pages (RFC 8288 ``Link``)
    on ``response``; the body keeps its shape."""
    response.headers["X-Total-Count"] = str(total)
    links = []
    if offset + limit < total:
        links.append(f'<{request.url.include_query_params(offset=offset + limit)}>; rel="next"')
    if offset > 0:
        links.append(f'<{request.url.include_query_params(offset=max(0, offset - limit))}>; '
                     'rel="prev"')
    if links:
        response.headers["Link"] = ", ".join(links)
    return response
