"""Redis for cache, rate limits and idempotency, and what happens when it is away.

After a failure the gateway stops asking Redis for ``retry_seconds`` (every caller falls
back to per-process state at once instead of waiting for a timeout), then tries again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from benuo_runtime.health import CheckResult, ReadinessCheck

log = logging.getLogger(__name__)
T = TypeVar("T")


class RedisUnavailable(Exception):
    pass


class SharedRedis:
    def __init__(self, url: str, *, timeout_seconds: float, retry_seconds: float) -> None:
        self.client: aioredis.Redis = aioredis.Redis.from_url(
            url,
            socket_timeout=timeout_seconds,
            socket_connect_timeout=timeout_seconds,
            health_check_interval=0,
        )
        self._retry_seconds = retry_seconds
        self._down_until = 0.0
        self.last_error: str | None = None

    @property
    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    async def run(self, operation: Callable[[aioredis.Redis], Awaitable[T]]) -> T:
        """``operation(client)``, or ``RedisUnavailable`` at once while Redis is known down."""
        if not self.available:
            raise RedisUnavailable(self.last_error)
        try:
            result = await operation(self.client)
        except (RedisError, OSError) as error:
            if self.last_error is None:
                log.warning(
                    "redis unavailable; using per-process state", extra={"error": repr(error)}
                )
            self.last_error = repr(error)
            self._down_until = time.monotonic() + self._retry_seconds
            raise RedisUnavailable(self.last_error) from error
        if self.last_error is not None:
            log.info("redis is back")
            self.last_error = None
        return result

    def register_script(self, source: str) -> Any:
        return self.client.register_script(source)

    def readiness(self) -> ReadinessCheck:
        async def probe() -> CheckResult:
            try:
                await self.run(lambda client: client.ping())
            except RedisUnavailable as error:
                return CheckResult(False, f"no shared cache or limits (per-process only): {error}")
            return CheckResult(True)

        return ReadinessCheck("redis", probe, critical=False)

    async def close(self) -> None:
        await self.client.aclose()
