"""Security headers on every response, as a pure ASGI middleware (no body buffering).

A header a route set itself wins: the person's page sets its own, stricter Content-Security-Policy,
and a route that chose its own Cache-Control keeps it.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
}
# API answers carry balances and person references: no browser or proxy may keep a copy.
API_ONLY = {"Cache-Control": "no-store"}
API_PREFIX = "/v1"


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = dict(ALWAYS)
        if scope["path"] == API_PREFIX or scope["path"].startswith(API_PREFIX + "/"):
            wanted.update(API_ONLY)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in wanted.items():
                    if name not in headers:
                        headers[name] = value
                if "server" in headers:
                    del headers["server"]
            await send(message)

        await self.app(scope, receive, send_with_headers)
