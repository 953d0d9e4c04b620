"""The gateway: one front door for front-ends and integrators."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from benuo_gateway.api import api_keys, auth, dashboard, documents
from benuo_gateway.edge.asgi import Edge
from benuo_gateway.events import events_lifespan, events_router
from benuo_gateway.gateway import Gateway, build_gateway
from benuo_gateway.invalidation import InvalidationListener
from benuo_gateway.openapi_docs import MergedOpenApi, serve_merged_openapi
from benuo_gateway.security import authenticate
from benuo_gateway.settings import Settings
from benuo_runtime.app import ServiceRuntime, create_service_app

DESCRIPTION = """\
The one front door of Benuo, the smart-city platform of Kabupaten Penajam Paser Utara.

Every pillar's API is here under `/api/v1/<pillar>/` (and Open311 under `/open311/v2/`).
Authenticate with a bearer token from the identity provider, or an API key in `X-API-Key`;
without either you are the public. Errors are RFC 9457 problem documents. Public reads carry
ETags; rate limits are announced in `RateLimit-*` headers. Events: see `/asyncapi.json`.
"""
EXPOSED_HEADERS = [
    "ETag",
    "Location",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "X-Request-ID",
    "X-Cache",
    "Idempotent-Replayed",
]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def run_gateway(runtime: ServiceRuntime) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            await gateway.upstreams.start()
            stack.push_async_callback(gateway.upstreams.close)
            stack.push_async_callback(gateway.redis.close)
            await stack.enter_async_context(invalidation.running(runtime))
            await stack.enter_async_context(openapi.refreshing())
            await stack.enter_async_context(gateway.observer.flushing())
            # Everything built so far lives as long as the process: keep the collector from
            # walking it again and again (full collections otherwise stall the hot path).
            gc.freeze()
            yield

    app = create_service_app(
        settings,
        title="Benuo API",
        description=DESCRIPTION,
        routers=[
            auth.router,
            api_keys.router,
            dashboard.router,
            documents.router,
            events_router(authenticate, settings),
        ],
        lifespans=[run_gateway, events_lifespan(settings)],
    )
    runtime: ServiceRuntime = app.state.runtime
    gateway = build_gateway(settings, runtime.sessions)
    app.state.gateway = gateway
    invalidation = InvalidationListener(gateway.cache)
    runtime.readiness_checks += [gateway.redis.readiness(), invalidation.readiness()]
    openapi: MergedOpenApi = serve_merged_openapi(app, gateway)
    _outermost(app, lambda inner: FrontDoor(inner, gateway))
    return app


class FrontDoor:
    """CORS for browsers' requests; the others (no ``Origin``) go straight to the edge."""

    def __init__(self, inner: ASGIApp, gateway: Gateway) -> None:
        # ``app`` is the wrapped app, as in every ASGI middleware. FastAPI follows the ``app``
        # chain to find the runtime's tracing middleware and then adds no request spans of
        # its own: the edge traces what it proxies, and a cached answer needs no span.
        self.app = self.edge = Edge(inner, gateway)
        self.cors = CORSMiddleware(
            self.edge,
            allow_origins=gateway.settings.cors_allow_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=EXPOSED_HEADERS,
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and any(name == b"origin" for name, _ in scope["headers"]):
            await self.cors(scope, receive, send)
        else:
            await self.edge(scope, receive, send)


def _outermost(app: FastAPI, wrap: Callable[[ASGIApp], ASGIApp]) -> None:
    """Put ``wrap`` around the whole middleware stack, the tracing middleware included.

    Starlette builds the stack lazily on the first request; ``add_middleware`` would put ours
    inside the per-request tracing, which alone costs more than a cached answer.
    """
    build = app.build_middleware_stack

    def build_wrapped() -> ASGIApp:
        return wrap(build())

    app.build_middleware_stack = build_wrapped  # type: ignore[method-assign]
