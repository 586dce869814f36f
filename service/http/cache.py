"""A response cache for GET requests (pure ASGI middleware).

The store is opened read-only, so a GET's response is a function of its path, query string
and Accept header for the life of the process; repeating the work for a repeated request is
waste. Cached: GET responses with status 200 under ``/api/`` and ``/sparql``, up to
``max_entries`` (LRU) and ``max_body`` bytes each. Not cached: ``/health`` and ``/metrics``
(they must reflect the live process), any other method, errors. Responses say ``x-cache: hit``
or ``miss``. ``max_entries=0`` turns it off.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CACHED_PREFIXES = ("/api/", "/sparql")


class ResponseCache:
    def __init__(self, app: ASGIApp, max_entries: int = 2048, max_body: int = 1 << 20) -> None:
        self.app = app
        self.max_entries = max_entries
        self.max_body = max_body
        # key -> (status, headers, body, the route that served it: metrics label hits by it)
        self.entries: OrderedDict[tuple[str, bytes, bytes], tuple[int, list[Any], bytes, Any]] = (
            OrderedDict()
        )
        self.hits = 0
        self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            self.max_entries <= 0
            or scope["type"] != "http"
            or scope["method"] != "GET"
            or not path.startswith(CACHED_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        accept = b""
        for name, value in scope["headers"]:
            if name == b"accept":
                accept = value
        key = (path, scope.get("query_string", b""), accept)
        hit = self.entries.get(key)
        if hit is not None:
            self.entries.move_to_end(key)
            self.hits += 1
            status, headers, body, route = hit
            if route is not None:
                scope["route"] = route
            await send(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [*headers, (b"x-cache", b"hit")],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        self.misses += 1
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                message = {
                    **message,
                    "headers": [*message.get("headers", []), (b"x-cache", b"miss")],
                }
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and start.get("status") == 200:
                    body = b"".join(chunks)
                    if len(body) <= self.max_body:
                        headers = list(start.get("headers", []))
                        self.entries[key] = (200, headers, body, scope.get("route"))
                        if len(self.entries) > self.max_entries:
                            self.entries.popitem(last=False)
            await send(message)

        await self.app(scope, receive, capture)
