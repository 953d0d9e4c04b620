"""One request passing through the edge, with the few headers the edge reads parsed once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from starlette.types import Message, Receive, Scope

from benuo_gateway.security.authenticator import Identity

READ_HEADERS = frozenset(
    {
        b"authorization",
        b"x-api-key",
        b"if-none-match",
        b"idempotency-key",
        b"x-request-id",
        b"content-length",
        b"content-type",
        b"traceparent",
        b"tracestate",
    }
)
Headers = list[tuple[bytes, bytes]]


class BodyTooLarge(Exception):
    pass


class ClientGone(Exception):
    pass


@dataclass
class Exchange:
    scope: Scope
    method: str
    path: str
    query: bytes
    wanted: dict[bytes, str]
    request_id: str
    client_ip: str
    identity: Identity | None = None
    extra_headers: Headers = field(default_factory=list)  # rate-limit headers, for every answer
    status: int = 500
    cache_status: str | None = None
    trace_id: str | None = None
    body: bytes | None = None  # read before admission (Open311 form keys), else later

    @classmethod
    def of(cls, scope: Scope) -> Exchange:
        wanted: dict[bytes, str] = {}
        for name, value in scope["headers"]:
            if name in READ_HEADERS and name not in wanted:
                wanted[name] = value.decode("latin-1")
        request_id = wanted.get(b"x-request-id", "")[:128] or os.urandom(16).hex()
        client = scope.get("client")
        return cls(
            scope=scope,
            method=scope["method"],
            path=scope["path"],
            query=scope.get("query_string", b""),
            wanted=wanted,
            request_id=request_id,
            client_ip=client[0] if client else "unknown",
        )

    def caller_trace_id(self) -> str | None:
        """The trace id of the caller's ``traceparent`` (version-traceid-spanid-flags)."""
        parent = self.wanted.get(b"traceparent", "")
        return parent[3:35] if len(parent) >= 55 else None

    def header(self, name: bytes) -> str | None:
        return self.wanted.get(name)

    @property
    def target(self) -> str:
        """Path and query, as sent upstream and used as the cache key."""
        return self.path + ("?" + self.query.decode("latin-1") if self.query else "")

    def response_headers(self) -> Headers:
        return [(b"x-request-id", self.request_id.encode()), *self.extra_headers]


async def read_body(receive: Receive, limit: int) -> bytes:
    parts: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        parts.append(chunk)
        if not message.get("more_body", False):
            return b"".join(parts)


def replay(body: bytes, original: Receive) -> Receive:
    """A ``receive`` that hands the already-read body to the next app, then the client's."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await original()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive
