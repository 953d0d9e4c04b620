"""The gateway's own FastAPI routes seen from the edge: streamed through untouched, or
captured whole when the edge caches or deduplicates their answer."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from benuo_gateway.domain.answer import OriginResponse
from benuo_gateway.edge.exchange import Exchange, replay
from benuo_gateway.edge.upstream_client import response_headers
from benuo_gateway.security import IDENTITY_STATE


def _scope_for_routes(ex: Exchange) -> Scope:
    """Hand the identity on (``authenticate`` reuses it) and the request id the edge chose."""
    scope = ex.scope
    scope.setdefault("state", {})[IDENTITY_STATE] = ex.identity
    if b"x-request-id" not in ex.wanted:
        scope["headers"] = [*scope["headers"], (b"x-request-id", ex.request_id.encode())]
    return scope


async def pass_through(app: ASGIApp, ex: Exchange, receive: Receive, send: Send) -> None:
    async def send_with_limits(message: Message) -> None:
        if message["type"] == "http.response.start":
            ex.status = message["status"]
            message = {**message, "headers": [*message.get("headers", []), *ex.extra_headers]}
        await send(message)

    await app(_scope_for_routes(ex), receive, send_with_limits)


async def capture(app: ASGIApp, ex: Exchange, body: bytes, receive: Receive) -> OriginResponse:
    start: Message = {}
    parts: list[bytes] = []

    async def collect(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            parts.append(message.get("body", b""))

    await app(_scope_for_routes(ex), replay(body, receive), collect)
    return OriginResponse(
        start.get("status", 500),
        response_headers(list(start.get("headers", []))),
        b"".join(parts),
    )
