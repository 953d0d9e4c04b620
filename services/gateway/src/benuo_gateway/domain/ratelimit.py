"""Rate-limit policy and fixed-window arithmetic.

A window's count lives in Redis so every replica shares it. To keep Redis off the hot path a
replica claims a small lease of the window's allowance at a time and spends it locally;
the claims are atomic, so replicas together never grant more than the limit. Leases are at
most 1/20 of the limit, so a replica holding an unspent lease can refuse others at most
that early. Limits under 40 per window lease one request at a time: exact.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from benuo_gateway.domain.routing import SAFE_METHODS

_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86_400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(?:(\d+)\s*)?(second|minute|hour|day|s)s?\s*$")


class CallerKind(StrEnum):
    IP = "ip"
    USER = "user"
    KEY = "key"


@dataclass(frozen=True)
class Rate:
    limit: int
    window_seconds: int

    @property
    def lease_size(self) -> int:
        return max(1, min(self.limit // 20, 200))

    def window_index(self, now: float) -> int:
        return int(now // self.window_seconds)

    def reset_after(self, now: float) -> int:
        """Whole seconds until the current window ends (at least 1)."""
        end = (self.window_index(now) + 1) * self.window_seconds
        return max(1, int(end - now + 0.999))


def parse_rate(text: str) -> Rate:
    """``"600/minute"``, ``"10/second"``, ``"100/30s"``."""
    match = _RATE.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a rate like '600/minute' or '100/30s'")
    count, multiple, unit = match.groups()
    seconds = int(multiple or 1) * (1 if unit == "s" else _UNITS[unit])
    return Rate(int(count), seconds)


def route_group(method: str, path: str) -> str:
    if path.startswith("/api/v1/auth/"):
        return "auth"
    if path.startswith("/api/v1/events"):
        return "events"
    return "read" if method in SAFE_METHODS else "write"


class RatePolicy:
    """Limits per route group and caller kind; a pair with no entry is not limited."""

    def __init__(self, table: Mapping[str, Mapping[str, str]]) -> None:
        self._rates = {
            (group, CallerKind(kind)): parse_rate(rate)
            for group, per_kind in table.items()
            for kind, rate in per_kind.items()
        }

    def rate_for(self, group: str, kind: CallerKind) -> Rate | None:
        return self._rates.get((group, kind))


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int

    def headers(self) -> list[tuple[bytes, bytes]]:
        headers = [
            (b"ratelimit-limit", str(self.limit).encode()),
            (b"ratelimit-remaining", str(self.remaining).encode()),
            (b"ratelimit-reset", str(self.reset_seconds).encode()),
        ]
        if not self.allowed:
            headers.append((b"retry-after", str(self.reset_seconds).encode()))
        return headers


@dataclass
class _Window:
    index: int
    leased: int = 0  # claimed from the shared count, not yet spent here
    used: int = 0  # the shared count as of the last claim


class LeasedWindows:
    """This replica's view of each window: what it may still spend without asking Redis."""

    def __init__(self, max_keys: int = 100_000) -> None:
        self._windows: dict[str, _Window] = {}
        self._max_keys = max_keys

    def spend(self, key: str, rate: Rate, now: float) -> Decision | None:
        """A decision from the local lease, or None when a new claim is needed."""
        window = self._windows.get(key)
        index = rate.window_index(now)
        if window is None or window.index != index:
            return None
        if window.leased > 0:
            window.leased -= 1
            return Decision(True, rate.limit, self._remaining(rate, window), rate.reset_after(now))
        if window.used >= rate.limit:
            return Decision(False, rate.limit, 0, rate.reset_after(now))
        return None

    def claimed(self, key: str, rate: Rate, now: float, granted: int, used: int) -> Decision:
        """Record a claim's result (``granted`` of the lease, shared count now ``used``)."""
        index = rate.window_index(now)
        window = self._windows.get(key)
        if window is None or window.index != index:
            if len(self._windows) >= self._max_keys:
                self._forget_old(index)
            window = self._windows[key] = _Window(index)
        window.used = max(window.used, used)
        window.leased += granted
        if window.leased == 0:
            return Decision(False, rate.limit, 0, rate.reset_after(now))
        window.leased -= 1
        return Decision(True, rate.limit, self._remaining(rate, window), rate.reset_after(now))

    @staticmethod
    def _remaining(rate: Rate, window: _Window) -> int:
        return max(0, rate.limit - window.used + window.leased)

    def _forget_old(self, index: int) -> None:
        self._windows = {k: w for k, w in self._windows.items() if w.index >= index}
        if len(self._windows) >= self._max_keys:
            self._windows.clear()


class LocalCounter:
    """Per-process fixed windows: what limits mean while Redis is unreachable."""

    def __init__(self) -> None:
        self._windows = LeasedWindows()

    def hit(self, key: str, rate: Rate, now: float) -> Decision:
        decision = self._windows.spend(key, rate, now)
        if decision is not None:
            return decision
        # Lease the whole window to ourselves: there is no one to share it with.
        return self._windows.claimed(key, rate, now, granted=rate.limit, used=rate.limit)
