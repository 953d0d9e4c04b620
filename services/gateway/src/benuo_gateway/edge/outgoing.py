"""What the edge sends on: headers for the service, and the answer for the client."""

from __future__ import annotations

from typing import Protocol

from opentelemetry import propagate
from starlette.types import Send

from benuo_gateway.domain.conditional import matches, strong_etag
from benuo_gateway.edge.exchange import Exchange, Headers
from benuo_gateway.edge.respond import send_response
from benuo_gateway.edge.upstream_client import HOP_BY_HOP

_NOT_FORWARDED = HOP_BY_HOP | {
    b"host",
    b"authorization",
    b"x-api-key",
    b"cookie",
    b"accept-encoding",
    b"content-length",
    b"expect",
    b"x-request-id",
    b"traceparent",
    b"tracestate",
    b"forwarded",
    b"x-forwarded-for",
    b"x-forwarded-host",
    b"x-forwarded-proto",
}
_KEPT_ON_304 = frozenset(
    {
        b"etag",
        b"cache-control",
        b"vary",
        b"x-request-id",
        b"x-cache",
        b"expires",
        b"content-location",
    }
)
PUBLIC_CACHE_CONTROL = b"public, no-cache"  # shared caches may keep it, but must revalidate (ETag)
_VARY = b"Authorization, X-API-Key, Origin"


class Answer(Protocol):
    @property
    def status(self) -> int: ...
    @property
    def headers(self) -> Headers: ...
    @property
    def body(self) -> bytes: ...


def upstream_headers(ex: Exchange, authorization: bytes) -> list[tuple[str, str]]:
    headers = [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, value in ex.scope["headers"]
        if name not in _NOT_FORWARDED
    ]
    host = next((v for k, v in ex.scope["headers"] if k == b"host"), b"").decode("latin-1")
    headers += [
        ("authorization", authorization.decode()),
        ("x-request-id", ex.request_id),
        ("x-forwarded-for", ex.client_ip),
        ("x-forwarded-proto", ex.scope.get("scheme", "http")),
        ("accept-encoding", "identity"),
    ]
    if host:
        headers.append(("x-forwarded-host", host))
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    headers.extend(carrier.items())
    return headers


async def send_origin(ex: Exchange, send: Send, answer: Answer, *, cacheable: bool) -> None:
    """Send ``answer`` with our headers; a GET 200 gets an ETag and honours If-None-Match."""
    headers = [*answer.headers, *ex.response_headers()]
    status, body = answer.status, answer.body
    if ex.cache_status is not None:
        headers.append((b"x-cache", ex.cache_status.encode()))
    if status == 200 and ex.method in ("GET", "HEAD"):
        etag = next((v.decode("latin-1") for k, v in headers if k == b"etag"), None)
        if etag is None:
            etag = getattr(answer, "etag", None) or strong_etag(body)
            headers.append((b"etag", etag.encode("latin-1")))
        if ex.cache_status is not None:
            headers = [h for h in headers if h[0] != b"cache-control"]
            headers.append((b"cache-control", PUBLIC_CACHE_CONTROL))
            if cacheable:
                headers.append((b"vary", _VARY))
        if matches(ex.header(b"if-none-match"), etag):
            ex.status = 304
            kept = [h for h in headers if h[0] in _KEPT_ON_304 or h[0].startswith(b"ratelimit-")]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
    ex.status = status
    await send_response(send, status, headers, body, head=ex.method == "HEAD")
