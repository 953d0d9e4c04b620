"""The short-lived tokens the gateway sends upstream, one per principal, minted once a while."""

from __future__ import annotations

import time
from pathlib import Path

from benuo_runtime.auth import Principal, TokenIssuer, generate_signing_key


def load_signing_key(path: Path | None) -> bytes:
    """The configured key; without one (local runs, tests) a key that lives as long as the
    process, whose public half the gateway still serves at /.well-known/jwks.json."""
    return path.read_bytes() if path is not None else generate_signing_key()


class InternalTokens:
    def __init__(self, issuer: TokenIssuer, ttl_seconds: float, max_cached: int = 50_000) -> None:
        self.issuer = issuer
        self._ttl = ttl_seconds
        self._max = max_cached
        self._cache: dict[Principal, tuple[float, bytes]] = {}

    def authorization(self, principal: Principal) -> bytes:
        """``Bearer <token>`` for ``principal``; reused until half its lifetime is gone."""
        now = time.monotonic()
        cached = self._cache.get(principal)
        if cached is not None and cached[0] > now:
            return cached[1]
        if len(self._cache) >= self._max:
            self._cache.clear()
        header = b"Bearer " + self.issuer.mint(principal, ttl_seconds=self._ttl).encode()
        self._cache[principal] = (now + self._ttl / 2, header)
        return header
