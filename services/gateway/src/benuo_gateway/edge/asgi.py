"""The edge: every API request is identified, rate-limited, then answered from the cache,
proxied to its service, or handed to the gateway's own FastAPI routes.

It sits outside FastAPI (and outside the per-request tracing middleware) because the cached
and proxied paths must cost less than a FastAPI hello-world; it opens a server span of its
own only when it goes to an origin.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from opentelemetry import propagate
from opentelemetry.trace import SpanKind
from starlette.types import ASGIApp, Receive, Scope, Send

from benuo_gateway.domain.answer import OriginResponse
from benuo_gateway.domain.cache_policy import CacheRule
from benuo_gateway.domain.idempotency import valid_key
from benuo_gateway.domain.open311 import carries_form_key, take_api_key
from benuo_gateway.domain.routing import IDEMPOTENT_METHODS, Upstream, is_api_path
from benuo_gateway.edge.admission import admit, cache_rule
from benuo_gateway.edge.exchange import BodyTooLarge, ClientGone, Exchange, read_body
from benuo_gateway.edge.idempotent import run_idempotently
from benuo_gateway.edge.outgoing import send_origin, upstream_headers
from benuo_gateway.edge.own_routes import capture, pass_through
from benuo_gateway.edge.respond import send_problem_error, send_upstream_failure
from benuo_gateway.edge.upstream_client import UpstreamFailure
from benuo_gateway.gateway import Gateway
from benuo_gateway.store.response_cache import CachedResponse
from benuo_runtime.problems import ProblemError
from benuo_runtime.telemetry import tracer


class Edge:
    def __init__(self, app: ASGIApp, gateway: Gateway) -> None:
        self.app = app
        self.gateway = gateway
        self._tracer = tracer()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_api_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        ex = Exchange.of(scope)
        upstream = self.gateway.routes.match(ex.path)
        route = f"/api/v1/{upstream.name}/*" if upstream else "gateway"
        answered_by_routes = await self._handle(ex, upstream, route, receive, send)
        if not answered_by_routes:  # the routes log their own access lines
            if ex.trace_id is None:
                ex.trace_id = ex.caller_trace_id()
            self.gateway.observer.finished(ex, route, started)

    @contextmanager
    def _server_span(self, ex: Exchange, route: str) -> Iterator[None]:
        """A span for exchanges that reach an origin (a cache hit needs none), so the service's
        spans join the caller's trace."""
        carrier = {
            k.decode(): v for k, v in ex.wanted.items() if k in (b"traceparent", b"tracestate")
        }
        with self._tracer.start_as_current_span(
            f"{ex.method} {route}",
            kind=SpanKind.SERVER,
            context=propagate.extract(carrier) if carrier else None,
            attributes={"http.request.method": ex.method, "url.path": ex.path},
        ) as span:
            ex.trace_id = format(span.get_span_context().trace_id, "032x")
            try:
                yield
            except (ProblemError, UpstreamFailure) as error:
                span.set_attribute("http.response.status_code", error.status)
                raise
            span.set_attribute("http.response.status_code", ex.status)

    async def _handle(
        self, ex: Exchange, upstream: Upstream | None, route: str, receive: Receive, send: Send
    ) -> bool:
        """Answer the exchange; True when the gateway's routes answered (and logged) it."""
        gateway = self.gateway
        try:
            if carries_form_key(ex.method, ex.path, ex.header(b"content-type")):
                await self._take_form_key(ex, receive)
            await admit(gateway, ex, upstream)
            rule = cache_rule(gateway, ex, upstream)
            if rule is not None:
                cached = await gateway.cache.get(ex.target)
                if cached is not None:
                    ex.cache_status = "hit"
                    await send_origin(ex, send, cached, cacheable=not rule.shared_by_everyone)
                    return False
                ex.cache_status = "miss"
            if upstream is None and rule is None and not _has_idempotency_key(ex):
                await pass_through(self.app, ex, receive, send)
                return True
            with self._server_span(ex, route):
                await self._from_origin(ex, upstream, rule, receive, send)
            return upstream is None  # the routes logged their own access line
        except ProblemError as error:
            ex.status = error.status
            await send_problem_error(send, error, ex.path, ex.response_headers())
        except UpstreamFailure as failure:
            ex.status = failure.status
            await send_upstream_failure(send, failure, ex.path, ex.response_headers())
        except ClientGone:
            ex.status = 499
        return False

    async def _from_origin(
        self,
        ex: Exchange,
        upstream: Upstream | None,
        rule: CacheRule | None,
        receive: Receive,
        send: Send,
    ) -> None:
        idempotency_key = ex.header(b"idempotency-key") if _has_idempotency_key(ex) else None
        if idempotency_key is not None and not valid_key(idempotency_key):
            raise ProblemError(
                400,
                "Idempotency-Key must be 1 to 255 printable characters.",
                kind="bad-idempotency-key",
            )
        body = ex.body if ex.body is not None else await self._body(ex, receive)
        fetched_at = time.time()

        async def origin(retryable: bool) -> OriginResponse:
            return await self._origin(ex, upstream, body, receive, retryable=retryable)

        if idempotency_key is not None:
            answer = await run_idempotently(
                self.gateway.idempotency, ex, idempotency_key, body, origin
            )
        else:
            answer = await origin(ex.method in IDEMPOTENT_METHODS)
        cacheable = rule is not None and not rule.shared_by_everyone
        if rule is not None and ex.method == "GET":
            entry = CachedResponse.of(answer, rule, fetched_at)
            if entry is not None:
                await self.gateway.cache.put(ex.target, entry)
                await send_origin(ex, send, entry, cacheable=cacheable)
                return
        await send_origin(ex, send, answer, cacheable=cacheable)

    async def _take_form_key(self, ex: Exchange, receive: Receive) -> None:
        key, ex.body = take_api_key(await self._body(ex, receive))
        if key is not None and b"x-api-key" not in ex.wanted:
            ex.wanted[b"x-api-key"] = key

    async def _body(self, ex: Exchange, receive: Receive) -> bytes:
        limit = self.gateway.settings.max_body_bytes
        declared = ex.header(b"content-length")
        try:
            if declared is not None and (not declared.isdigit() or int(declared) > limit):
                raise BodyTooLarge
            return await read_body(receive, limit)
        except BodyTooLarge:
            raise ProblemError(
                413, f"The request body is larger than {limit} bytes.", kind="body-too-large"
            ) from None

    async def _origin(
        self,
        ex: Exchange,
        upstream: Upstream | None,
        body: bytes,
        receive: Receive,
        *,
        retryable: bool,
    ) -> OriginResponse:
        if upstream is None:
            return await capture(self.app, ex, body, receive)
        assert ex.identity is not None
        headers = upstream_headers(
            ex, self.gateway.internal_tokens.authorization(ex.identity.principal)
        )
        return await self.gateway.upstreams.send(
            upstream, ex.method, ex.target, headers, body, retryable=retryable
        )


def _has_idempotency_key(ex: Exchange) -> bool:
    return ex.method == "POST" and b"idempotency-key" in ex.wanted
