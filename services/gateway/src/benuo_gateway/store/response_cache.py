"""Cached public responses: a small in-process tier in front of Redis, shared by replicas.

Every replica hears every event (a plain NATS subscription) and notes when each tag was last
invalidated. An entry remembers when its upstream fetch *started*; it is only served if that
was after the last invalidation of every tag it carries (plus a margin for clock skew between
replicas). So a fetch that raced with a change can never be served as fresh, whichever
replica stored it, and Redis needs no scan to invalidate. Invalidation times are also kept in
Redis so a replica that starts (or missed events) catches up.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass

import orjson

from benuo_gateway.domain.answer import OriginResponse
from benuo_gateway.domain.cache_policy import CacheRule, cache_lifetime
from benuo_gateway.domain.conditional import strong_etag
from benuo_gateway.store.shared_redis import RedisUnavailable, SharedRedis

_INVALIDATED_KEY = "benuo:gw:cache:invalidated"


@dataclass(frozen=True)
class CachedResponse:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: str
    fetched_at: float  # wall clock when the fetch started
    expires_at: float
    tags: tuple[str, ...]

    @classmethod
    def of(
        cls, answer: OriginResponse, rule: CacheRule, fetched_at: float
    ) -> CachedResponse | None:
        """An entry for ``answer``, unless it must not be kept (not a 200, private, ...)."""
        if answer.status != 200:
            return None
        names = {name for name, _ in answer.headers}
        control = next(
            (v.decode("latin-1") for k, v in answer.headers if k == b"cache-control"), None
        )
        ttl = cache_lifetime(control, b"set-cookie" in names, rule.ttl_seconds)
        if ttl is None:
            return None
        etag = next((v.decode("latin-1") for k, v in answer.headers if k == b"etag"), None)
        headers = [h for h in answer.headers if h[0] not in (b"cache-control", b"etag")]
        return cls(
            status=200,
            headers=headers,
            body=answer.body,
            etag=etag or strong_etag(answer.body),
            fetched_at=fetched_at,
            expires_at=fetched_at + ttl,
            tags=rule.tags,
        )

    def touched_by(self, tags: tuple[str, ...]) -> bool:
        return not set(self.tags).isdisjoint(tags)

    def encode(self) -> bytes:
        meta = orjson.dumps(
            {
                "s": self.status,
                "h": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in self.headers],
                "e": self.etag,
                "f": self.fetched_at,
                "x": self.expires_at,
                "t": self.tags,
            }
        )
        return len(meta).to_bytes(4, "big") + meta + self.body

    @classmethod
    def decode(cls, raw: bytes) -> CachedResponse:
        size = int.from_bytes(raw[:4], "big")
        meta = orjson.loads(raw[4 : 4 + size])
        return cls(
            status=meta["s"],
            headers=[(k.encode("latin-1"), v.encode("latin-1")) for k, v in meta["h"]],
            body=raw[4 + size :],
            etag=meta["e"],
            fetched_at=meta["f"],
            expires_at=meta["x"],
            tags=tuple(meta["t"]),
        )


class ResponseCache:
    def __init__(
        self,
        redis: SharedRedis,
        *,
        local_ttl_seconds: float,
        local_max_entries: int,
        max_entry_bytes: int,
        invalidation_margin_seconds: float,
        prefix: str = "benuo:gw:cache:",
    ) -> None:
        self._redis = redis
        self._local: OrderedDict[str, tuple[float, CachedResponse]] = OrderedDict()
        self._local_ttl = local_ttl_seconds
        self._local_max = local_max_entries
        self._max_bytes = max_entry_bytes
        self._margin = invalidation_margin_seconds
        self._prefix = prefix
        self._invalidated: dict[str, float] = {}

    def fresh(self, entry: CachedResponse, now: float) -> bool:
        if entry.expires_at <= now:
            return False
        invalidated = self._invalidated
        return all(
            entry.fetched_at > invalidated.get(tag, 0.0) + self._margin for tag in entry.tags
        )

    async def get(self, key: str) -> CachedResponse | None:
        now = time.time()
        held = self._local.get(key)
        if held is not None:
            if held[0] > now and self.fresh(held[1], now):
                return held[1]
            del self._local[key]
        try:
            raw = await self._redis.run(lambda client: client.get(self._prefix + key))
        except RedisUnavailable:
            return None
        if raw is None:
            return None
        entry = CachedResponse.decode(raw if isinstance(raw, bytes) else raw.encode())
        if not self.fresh(entry, now):
            return None
        self._remember(key, entry)
        return entry

    async def put(self, key: str, entry: CachedResponse) -> None:
        now = time.time()
        if len(entry.body) > self._max_bytes or not self.fresh(entry, now):
            return
        self._remember(key, entry)
        ttl_ms = max(1, int((entry.expires_at - now) * 1000))
        try:
            await self._redis.run(
                lambda client: client.set(self._prefix + key, entry.encode(), px=ttl_ms)
            )
        except RedisUnavailable:
            return

    def _remember(self, key: str, entry: CachedResponse) -> None:
        if self._local_max == 0 or self._local_ttl == 0:
            return
        self._local[key] = (time.time() + self._local_ttl, entry)
        self._local.move_to_end(key)
        while len(self._local) > self._local_max:
            self._local.popitem(last=False)

    async def invalidate(self, tags: tuple[str, ...]) -> None:
        """Called for every event this replica hears."""
        if not tags:
            return
        now = time.time()
        for tag in tags:
            self._invalidated[tag] = max(now, self._invalidated.get(tag, 0.0))
        stale = [key for key, (_, entry) in self._local.items() if entry.touched_by(tags)]
        for key in stale:
            del self._local[key]
        try:
            await self._redis.run(
                lambda client: client.hset(_INVALIDATED_KEY, mapping=dict.fromkeys(tags, now))
            )
        except RedisUnavailable:
            return

    async def catch_up(self) -> None:
        """Adopt invalidations other replicas recorded (at start, and now and then)."""
        try:
            recorded = await self._redis.run(lambda client: client.hgetall(_INVALIDATED_KEY))
        except RedisUnavailable:
            return
        for tag, at in recorded.items():
            name = tag.decode() if isinstance(tag, bytes) else str(tag)
            self._invalidated[name] = max(float(at), self._invalidated.get(name, 0.0))
