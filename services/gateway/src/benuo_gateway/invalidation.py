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
from benuo_runtime.health import CheckResult, ReadinessCheck

log = logging.getLogger(__name__)
EVERY_PILLAR_EVENT = "ppu.>"
CATCH_UP_SECONDS = 5.0


class InvalidationListener:
    def __init__(self, cache: ResponseCache) -> None:
        self._cache = cache
        self.subscribed = False

    async def _on_event(self, msg: Msg) -> None:
        await self._cache.invalidate(tags_for_subject(msg.subject))

    async def _listen(self, runtime: ServiceRuntime) -> None:
        await self._cache.catch_up()
        await runtime.nats.wait_connected()
        client = runtime.nats.client
        assert client is not None
        # The client re-subscribes by itself after a reconnect.
        await client.subscribe(EVERY_PILLAR_EVENT, cb=self._on_event)
        await client.flush()
        self.subscribed = True
        while True:
            # Events missed while disconnected were recorded in Redis by other replicas.
            await asyncio.sleep(CATCH_UP_SECONDS)
            await self._cache.catch_up()

    @asynccontextmanager
    async def running(self, runtime: ServiceRuntime) -> AsyncIterator[None]:
        task = asyncio.create_task(self._listen(runtime), name="cache-invalidation")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def readiness(self) -> ReadinessCheck:
        async def probe() -> CheckResult:
            if self.subscribed:
                return CheckResult(True)
            return CheckResult(False, "not yet listening to events; cached reads rely on TTLs")

        return ReadinessCheck("cache_invalidation", probe, critical=False)
