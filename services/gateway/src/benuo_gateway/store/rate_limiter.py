"""Rate limits shared by every replica through Redis; per process while Redis is away."""

from __future__ import annotations

import time

from benuo_gateway.domain.ratelimit import Decision, LeasedWindows, LocalCounter, Rate
from benuo_gateway.store.shared_redis import RedisUnavailable, SharedRedis

# Grant up to ARGV[1] of the window's remaining allowance (limit ARGV[2]) in one atomic step.
_CLAIM = """
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local grant = math.min(tonumber(ARGV[1]), tonumber(ARGV[2]) - used)
if grant <= 0 then return {0, used} end
used = redis.call('INCRBY', KEYS[1], grant)
if used == grant then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
return {grant, used}
"""


class RateLimiter:
    def __init__(self, redis: SharedRedis, prefix: str = "benuo:gw:rl:") -> None:
        self._redis = redis
        self._claim = redis.register_script(_CLAIM)
        self._prefix = prefix
        self._leases = LeasedWindows()
        self._local = LocalCounter()

    async def hit(self, key: str, rate: Rate) -> Decision:
        now = time.time()
        if not self._redis.available:
            return self._local.hit(key, rate, now)
        decision = self._leases.spend(key, rate, now)
        if decision is not None:
            return decision
        redis_key = f"{self._prefix}{key}:{rate.window_seconds}:{rate.window_index(now)}"
        try:
            granted, used = await self._redis.run(
                lambda _: self._claim(
                    keys=[redis_key], args=[rate.lease_size, rate.limit, rate.window_seconds + 5]
                )
            )
        except RedisUnavailable:
            return self._local.hit(key, rate, now)
        return self._leases.claimed(key, rate, now, int(granted), int(used))
