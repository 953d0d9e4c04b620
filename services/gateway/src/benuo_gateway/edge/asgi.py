"""The edge: every API request is identified, rate-limited, then answered from the cache,
proxied to its service, or handed to the gateway's own FastAPI routes.

It sits outside FastAPI (and outside the per-request tracing middleware) because the cached
and proxied paths must cost less than a FastAPI hello-world; it opens its own server span.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from opentelemetry import propagate
from opentelemetry.trace import SpanKind
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from benuo_gateway.domain import scopes
from benuo_gateway.domain.answer import OriginResponse
from benuo_gateway.domain.cache_policy import CacheRule
from benuo_gateway.domain.idempotency import valid_key
from benuo_gateway.domain.ratelimit import route_group
from benuo_gateway.domain.routing import IDEMPOTENT_METHODS, Upstream, is_api_path
from benuo_gateway.edge.exchange import BodyTooLarge, ClientGone, Exchange, read_body, replay
from benuo_gateway.edge.idempotent import run_idempotently
from benuo_gateway.edge.outgoing import send_origin, upstream_headers
from benuo_gateway.edge.respond import send_problem, send_problem_error
from benuo_gateway.edge.upstream_client import UpstreamFailure, response_headers
from benuo_gateway.gateway import Gateway
from benuo_gateway.security import IDENTITY_STATE
from benuo_gateway.store.response_cache import CachedResponse
from benuo_runtime.problems import ProblemError
from benuo_runtime.telemetry import tracer

_READS = frozenset({"GET", "HEAD"})


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
            await self._admit(ex, upstream)
            rule = None
            if ex.method in _READS and gateway.settings.cache_enabled:
                rule = gateway.cache_policy.rule_for(ex.path, upstream)
                if rule is not None and not (
                    rule.shared_by_everyone
                    or ex.identity is None
                    or ex.identity.principal.is_anonymous
                ):
                    rule = None
            if rule is not None:
                cached = await gateway.cache.get(ex.target)
                if cached is not None:
                    ex.cache_status = "hit"
                    await send_origin(ex, send, cached, cacheable=not rule.shared_by_everyone)
                    return False
                ex.cache_status = "miss"
            if upstream is None and rule is None and not _has_idempotency_key(ex):
                await self._pass_through(ex, receive, send)
                return True
            with self._server_span(ex, route):
                await self._from_origin(ex, upstream, rule, receive, send)
            return upstream is None  # the routes logged their own access line
        except ProblemError as error:
            ex.status = error.status
            await send_problem_error(send, error, ex.path, ex.response_headers())
        except UpstreamFailure as failure:
            ex.status = failure.status
            headers = ex.response_headers()
            if failure.retry_after is not None:
                headers.append((b"retry-after", str(failure.retry_after).encode()))
            await send_problem(
                send,
                failure.status,
                failure.detail,
                kind="upstream-unavailable" if failure.status != 504 else "upstream-timeout",
                instance=ex.path,
                headers=headers,
                upstream=failure.upstream,
            )
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
        body = await self._body(ex, receive)
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

    async def _admit(self, ex: Exchange, upstream: Upstream | None) -> None:
        gateway = self.gateway
        identity = await gateway.authenticator.identify(
            ex.header(b"authorization"), ex.header(b"x-api-key"), ex.client_ip
        )
        ex.identity = identity
        if gateway.settings.rate_limit_enabled:
            group = route_group(ex.method, ex.path)
            rate = gateway.rate_policy.rate_for(group, identity.kind)
            if rate is not None:
                decision = await gateway.rate_limiter.hit(f"{group}:{identity.rate_key}", rate)
                ex.extra_headers.extend(decision.headers())
                if not decision.allowed:
                    raise ProblemError(
                        429,
                        f"Too many {group} requests: the limit is {rate.limit} per "
                        f"{rate.window_seconds} s; retry in {decision.reset_seconds} s.",
                        kind="rate-limited",
                    )
        if (
            upstream is not None
            and identity.is_api_key
            and not scopes.grants(identity.principal.scopes, upstream.name, ex.method)
        ):
            wanted = scopes.required_scope(upstream.name, ex.method)
            raise ProblemError(
                403, f"This API key lacks the {wanted} scope.", kind="insufficient-scope"
            )

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
            return await self._capture_routes(ex, body, receive)
        assert ex.identity is not None
        headers = upstream_headers(
            ex, self.gateway.internal_tokens.authorization(ex.identity.principal)
        )
        return await self.gateway.upstreams.send(
            upstream, ex.method, ex.target, headers, body, retryable=retryable
        )

    def _routes_scope(self, ex: Exchange) -> Scope:
        scope = ex.scope
        scope.setdefault("state", {})[IDENTITY_STATE] = ex.identity
        if b"x-request-id" not in ex.wanted:
            scope["headers"] = [*scope["headers"], (b"x-request-id", ex.request_id.encode())]
        return scope

    async def _pass_through(self, ex: Exchange, receive: Receive, send: Send) -> None:
        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                ex.status = message["status"]
                message = {**message, "headers": [*message.get("headers", []), *ex.extra_headers]}
            await send(message)

        await self.app(self._routes_scope(ex), receive, send_with_limits)

    async def _capture_routes(self, ex: Exchange, body: bytes, receive: Receive) -> OriginResponse:
        start: Message = {}
        parts: list[bytes] = []

        async def collect(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))

        await self.app(self._routes_scope(ex), replay(body, receive), collect)
        return OriginResponse(
            start.get("status", 500),
            response_headers(list(start.get("headers", []))),
            b"".join(parts),
        )


def _has_idempotency_key(ex: Exchange) -> bool:
    return ex.method == "POST" and b"idempotency-key" in ex.wanted
