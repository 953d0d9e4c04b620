"""The service skeleton: one call gives a FastAPI app wired to the whole runtime."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from fastapi import APIRouter, FastAPI
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from sqlalchemy import Engine

from benuo_runtime import health
from benuo_runtime.auth import KeySet, TokenVerifier
from benuo_runtime.db import SessionFactory, make_engine, make_session_factory
from benuo_runtime.health import ReadinessCheck
from benuo_runtime.limits import BodySizeLimitMiddleware
from benuo_runtime.messaging.connection import NatsConnection
from benuo_runtime.messaging.consumer import ConsumerOptions, ConsumerRunner
from benuo_runtime.messaging.dlq import dead_letter_counts
from benuo_runtime.messaging.handlers import EventHandlers
from benuo_runtime.messaging.outbox import ON_OUTBOX_COMMIT
from benuo_runtime.messaging.relay import OutboxRelay
from benuo_runtime.messaging.streams import pillar_streams, provision_streams
from benuo_runtime.metrics import (
    CONSUMER_ACK_PENDING,
    CONSUMER_LAG,
    DLQ_MESSAGES,
    OUTBOX_BACKLOG,
    OUTBOX_OLDEST_AGE,
    OUTBOX_PUBLISHED,
    HttpMetricsMiddleware,
    metrics_endpoint,
)
from benuo_runtime.problems import install_problem_handlers
from benuo_runtime.settings import ServiceSettings
from benuo_runtime.telemetry import instrument_libraries, setup_tracing, shutdown_tracing

log = logging.getLogger(__name__)

Lifespan = Callable[["ServiceRuntime"], AbstractAsyncContextManager[None]]
_METRICS_EVERY_SECONDS = 5.0


@dataclass
class ServiceRuntime:
    """Everything a running service owns; reachable as ``request.app.state.runtime``."""

    settings: ServiceSettings
    engine: Engine
    sessions: SessionFactory
    nats: NatsConnection
    relay: OutboxRelay
    verifier: TokenVerifier
    consumers: list[ConsumerRunner] = field(default_factory=list)
    readiness_checks: list[ReadinessCheck] = field(default_factory=list)
    streams_ready: asyncio.Event = field(default_factory=asyncio.Event)


def build_runtime(settings: ServiceSettings, handlers: Sequence[EventHandlers]) -> ServiceRuntime:
    engine = make_engine(settings.database_url)
    nats = NatsConnection(settings)
    sessions = make_session_factory(engine)
    relay = OutboxRelay(
        sessions,
        nats,
        batch_size=settings.relay_batch_size,
        poll_seconds=settings.relay_poll_seconds,
        publish_timeout=settings.relay_publish_timeout_seconds,
        retention=timedelta(hours=settings.outbox_retention_hours),
    )
    # Every commit that adds events wakes the relay at once; polling is only the backstop.
    sessions.configure(info={ON_OUTBOX_COMMIT: relay.wake})
    options = ConsumerOptions(
        batch_size=settings.consumer_batch_size,
        max_deliver=settings.consumer_max_deliver,
        ack_wait_seconds=settings.consumer_ack_wait_seconds,
        backoff_seconds=settings.consumer_backoff_seconds,
        backoff_max_seconds=settings.consumer_backoff_max_seconds,
    )
    runtime = ServiceRuntime(
        settings=settings,
        engine=engine,
        sessions=sessions,
        nats=nats,
        relay=relay,
        verifier=_verifier(settings),
        consumers=[
            ConsumerRunner(settings.service_name, h, sessions, nats, options) for h in handlers
        ],
    )
    runtime.readiness_checks = [health.database_check(runtime), health.nats_check(runtime)]
    if runtime.consumers:
        runtime.readiness_checks.append(health.consumers_check(runtime))
    return runtime


def _verifier(settings: ServiceSettings) -> TokenVerifier:
    if not (settings.auth_jwks_url or settings.auth_jwks_path):
        raise ValueError(
            "Set AUTH_JWKS_URL or AUTH_JWKS_PATH: services verify every caller's token "
            "(`make run` generates a local key pair under .benuo/keys)."
        )
    keys = KeySet(url=settings.auth_jwks_url, path=settings.auth_jwks_path)
    return TokenVerifier(keys, issuer=settings.auth_issuer, audience=settings.auth_audience)


def create_service_app(
    settings: ServiceSettings,
    *,
    title: str,
    description: str,
    version: str = "1.0.0",
    routers: Sequence[APIRouter] = (),
    handlers: Sequence[EventHandlers] = (),
    readiness: Sequence[ReadinessCheck] = (),
    lifespans: Sequence[Lifespan] = (),
    openapi_tags: list[dict[str, str]] | None = None,
) -> FastAPI:
    """A FastAPI app with problem+json errors, health, metrics, tracing, outbox and consumers.

    ``lifespans`` run after the runtime is up (for periodic jobs and the like) and stop
    before it goes down.
    """
    setup_tracing(settings.service_name)
    instrument_libraries()
    runtime = build_runtime(settings, handlers)
    runtime.readiness_checks.extend(readiness)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            await stack.enter_async_context(_messaging(runtime))
            for extra in lifespans:
                await stack.enter_async_context(extra(runtime))
            yield

    app = FastAPI(
        title=title,
        description=description,
        version=version,
        lifespan=lifespan,
        openapi_tags=openapi_tags,
    )
    app.state.runtime = runtime
    install_problem_handlers(app)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(HttpMetricsMiddleware, service=settings.service_name)
    app.include_router(health.router)
    app.add_route("/metrics", metrics_endpoint, include_in_schema=False)
    for router in routers:
        app.include_router(router)
    FastAPIInstrumentor.instrument_app(app, excluded_urls="healthz,readyz,metrics")
    return app


@asynccontextmanager
async def _messaging(runtime: ServiceRuntime) -> AsyncIterator[None]:
    settings = runtime.settings
    runtime.nats.start()
    runtime.relay.start()
    # The loops below end on ``stopping``: on Python 3.11 a cancel that meets a NATS request
    # just as it completes (``asyncio.wait_for``) is lost, and a loop that catches
    # Exception would then run on and hold shutdown forever.
    stopping = asyncio.Event()
    tasks = [
        asyncio.create_task(_provision_when_connected(runtime, stopping), name="provision-streams"),
        asyncio.create_task(_report_metrics(runtime, stopping), name="messaging-metrics"),
    ]
    for consumer in runtime.consumers:
        consumer.start(runtime.streams_ready)
    try:
        yield
    finally:
        # Order matters: stop taking work, finish what is in hand, publish what is owed.
        # All at once: each may be waiting out a fetch, and shutdown should take the longest
        # of those waits, not their sum.
        await asyncio.gather(*(consumer.stop() for consumer in runtime.consumers))
        await runtime.relay.stop(flush_timeout=settings.shutdown_grace_seconds / 2)
        stopping.set()
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await runtime.nats.close()
        runtime.engine.dispose()
        shutdown_tracing()


async def _pause(stopping: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stopping.wait(), seconds)


async def _provision_when_connected(runtime: ServiceRuntime, stopping: asyncio.Event) -> None:
    settings = runtime.settings
    while not stopping.is_set():
        if not await runtime.nats.wait_connected(timeout=1.0):
            continue
        if not settings.provision_streams:
            runtime.streams_ready.set()
            return
        try:
            await provision_streams(
                runtime.nats.jetstream(),
                pillar_streams(),
                max_age_seconds=settings.stream_max_age_seconds,
                duplicate_window_seconds=settings.stream_duplicate_window_seconds,
                replicas=settings.stream_replicas,
            )
        except Exception as error:
            log.warning("stream provisioning failed; retrying", extra={"error": repr(error)})
            await _pause(stopping, 1.0)
            continue
        runtime.streams_ready.set()
        return


async def _report_metrics(runtime: ServiceRuntime, stopping: asyncio.Event) -> None:
    service = runtime.settings.service_name
    published_before = 0
    while not stopping.is_set():
        try:
            stats = await asyncio.to_thread(runtime.relay.stats)
            OUTBOX_BACKLOG.labels(service).set(stats.backlog)
            OUTBOX_OLDEST_AGE.labels(service).set(stats.oldest_age_seconds)
            OUTBOX_PUBLISHED.labels(service).inc(runtime.relay.published_total - published_before)
            published_before = runtime.relay.published_total
            if runtime.nats.is_connected:
                js = runtime.nats.jetstream()
                for consumer in runtime.consumers:
                    for stream in consumer.streams:
                        durable = consumer.durable_for(stream)
                        info = await js.consumer_info(stream, durable)
                        CONSUMER_LAG.labels(service, durable, stream).set(info.num_pending or 0)
                        CONSUMER_ACK_PENDING.labels(service, durable, stream).set(
                            info.num_ack_pending or 0
                        )
                for consumer_name, count in (await dead_letter_counts(js)).items():
                    DLQ_MESSAGES.labels(consumer_name).set(count)
        except Exception as error:
            log.debug("metrics refresh incomplete", extra={"error": repr(error)})
        await _pause(stopping, _METRICS_EVERY_SECONDS)
