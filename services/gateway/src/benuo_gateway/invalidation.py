"""Every replica listens to every event (a plain NATS subscription, not a shared durable:
each replica must drop its own in-process entries) and invalidates what the event touches."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from nats.aio.msg import Msg

from benuo_gateway.domain.cache_policy import tags_for_subject
from benuo_gateway.store.response_cache import ResponseCache
from benuo_runtime.app import ServiceRuntime

log = logging.getLogger(__name__)
EVERY_PILLAR_EVENT = "ppu.>"
CATCH_UP_SECONDS = 5.0


@asynccontextmanager
async def invalidating(cache: ResponseCache, runtime: ServiceRuntime) -> AsyncIterator[None]:
    async def on_event(msg: Msg) -> None:
        await cache.invalidate(tags_for_subject(msg.subject))

    async def listen() -> None:
        await cache.catch_up()
        await runtime.nats.wait_connected()
        client = runtime.nats.client
        assert client is not None
        # The client re-subscribes by itself after a reconnect.
        await client.subscribe(EVERY_PILLAR_EVENT, cb=on_event)
        log.info("cache invalidation listening", extra={"subjects": EVERY_PILLAR_EVENT})
        while True:
            # Events missed while disconnected were recorded in Redis by other replicas.
            await asyncio.sleep(CATCH_UP_SECONDS)
            await cache.catch_up()

    task = asyncio.create_task(listen(), name="cache-invalidation")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
