"""Where ``Idempotency-Key`` outcomes live: Redis, or this process while Redis is away."""

from __future__ import annotations

import time

import orjson

from benuo_gateway.domain.answer import OriginResponse
from benuo_gateway.domain.idempotency import KeyState
from benuo_gateway.store.shared_redis import RedisUnavailable, SharedRedis

_PENDING_SECONDS = 120  # a request that never completes frees its key after this


class IdempotencyStore:
    def __init__(self, redis: SharedRedis, ttl_seconds: float, prefix: str = "benuo:gw:idem:"):
        self._redis = redis
        self._ttl = ttl_seconds
        self._prefix = prefix
        self._local: dict[str, tuple[float, bytes]] = {}

    async def begin(self, key: str, fingerprint: str) -> tuple[KeyState, OriginResponse | None]:
        pending = orjson.dumps({"fp": fingerprint})
        try:
            claimed = await self._redis.run(
                lambda c: c.set(self._prefix + key, pending, nx=True, ex=_PENDING_SECONDS)
            )
            existing = (
                None if claimed else await self._redis.run(lambda c: c.get(self._prefix + key))
            )
        except RedisUnavailable:
            claimed, existing = self._local_begin(key, pending), None
            if not claimed:
                existing = self._local[key][1]
        if claimed:
            return KeyState.NEW, None
        if existing is None:  # expired in between: try again as new
            return await self.begin(key, fingerprint)
        record = orjson.loads(existing)
        if record["fp"] != fingerprint:
            return KeyState.MISMATCH, None
        if "status" not in record:
            return KeyState.IN_PROGRESS, None
        stored = OriginResponse(
            record["status"],
            [(k.encode("latin-1"), v.encode("latin-1")) for k, v in record["headers"]],
            bytes.fromhex(record["body"]),
        )
        return KeyState.DONE, stored

    async def complete(self, key: str, fingerprint: str, response: OriginResponse) -> None:
        record = orjson.dumps(
            {
                "fp": fingerprint,
                "status": response.status,
                "headers": [
                    [k.decode("latin-1"), v.decode("latin-1")] for k, v in response.headers
                ],
                "body": response.body.hex(),
            }
        )
        try:
            await self._redis.run(lambda c: c.set(self._prefix + key, record, ex=int(self._ttl)))
        except RedisUnavailable:
            self._local[key] = (time.monotonic() + self._ttl, record)

    async def release(self, key: str) -> None:
        """Forget a key whose request failed, so the client's retry runs for real."""
        self._local.pop(key, None)
        try:
            await self._redis.run(lambda c: c.delete(self._prefix + key))
        except RedisUnavailable:
            return

    def _local_begin(self, key: str, pending: bytes) -> bool:
        now = time.monotonic()
        self._local = {k: v for k, v in self._local.items() if v[0] > now}
        if key in self._local:
            return False
        self._local[key] = (now + _PENDING_SECONDS, pending)
        return True
