"""Periodic jobs that run beside a service (SLA sweeps and the like)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from benuo_runtime.app import ServiceRuntime

log = logging.getLogger(__name__)


def periodic(
    name: str, every_seconds: float, job: Callable[[ServiceRuntime], object]
) -> Callable[[ServiceRuntime], AbstractAsyncContextManager[None]]:
    """A lifespan that runs ``job`` in a worker thread every ``every_seconds``.

    Every replica runs it, so the job must be idempotent (write what it found under a
    unique key, so a second finder changes nothing).
    """

    @asynccontextmanager
    async def lifespan(runtime: ServiceRuntime) -> AsyncIterator[None]:
        async def loop() -> None:
            while True:
                try:
                    await asyncio.to_thread(job, runtime)
                except Exception:
                    log.exception("periodic job failed", extra={"job": name})
                await asyncio.sleep(every_seconds)

        task = asyncio.create_task(loop(), name=name)
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return lifespan
