"""When a failed webhook delivery is tried again, and when a subscription gives up."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    base_seconds: float
    max_seconds: float
    max_consecutive_failures: int

    def delay(self, consecutive_failures: int) -> float:
        """Exponential: base, 2 x base, 4 x base ... capped at ``max_seconds``."""
        exponent = max(consecutive_failures - 1, 0)
        # Beyond 2**30 the cap has long been reached; keep the float from overflowing.
        return min(self.base_seconds * 2.0 ** min(exponent, 30), self.max_seconds)

    def gives_up(self, consecutive_failures: int) -> bool:
        return consecutive_failures >= self.max_consecutive_failures

    def disabled_reason(self, consecutive_failures: int, last_error: str) -> str:
        reason = f"{consecutive_failures} consecutive deliveries failed; last: {last_error}"
        return reason[:500]
