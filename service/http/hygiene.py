"""Request limits and response headers, as pure ASGI middleware (they run before routing).

``RequestLimits`` refuses a URL longer than ``max_url`` (414) and a body longer than
``max_body`` (413) — by its Content-Length before reading, or while it streams — so an
oversized request never reaches a handler. ``SecurityHeaders`` adds the headers a public
endpoint should send on every response; the interactive API docs (``/docs``, ``/redoc``) load
FastAPI's scripts from a CDN, so they get no Content-Security-Policy.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
# Scripts only from this server; inline styles allowed, because Observable Plot's SVGs carry a
# <style> element and cytoscape.js and CodeMirror (YASGUI) set style attributes.
CSP = (
    b"default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    b"script-src 'self'; "
    b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
NO_CSP = ("/docs", "/redoc")


class _TooLarge(Exception):
    pass


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


class RequestLimits:
    def __init__(self, app: ASGIApp, max_body: int, max_url: int) -> None:
        self.app, self.max_body, self.max_url = app, max_body, max_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        url = len(scope.get("raw_path") or scope["path"]) + len(scope.get("query_string", b""))
        if url > self.max_url:
            await _plain(send, 414, f"the URL is {url} bytes long; the limit is {self.max_url}. "
                                    "Send a long query by POST.")
            return
        for key, value in scope["headers"]:
            if key == b"content-length" and value.isdigit() and int(value) > self.max_body:
                await _plain(send, 413, f"the request body is {int(value)} bytes; the limit is "
                                        f"{self.max_body}")
                return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge
            return message

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watch)
        except _TooLarge:
            if started:
                raise
            await _plain(send, 413, f"the request body is over the limit of {self.max_body} "
                                    "bytes")


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = not scope["path"].startswith(NO_CSP)

        async def add_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                if csp and b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", CSP))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, add_headers)
