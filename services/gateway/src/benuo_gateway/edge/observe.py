"""One access line and the HTTP metrics for each exchange the edge answers itself."""

from __future__ import annotations

import logging
import time

from prometheus_client.metrics import MetricWrapperBase

from benuo_gateway.edge.exchange import Exchange
from benuo_runtime.metrics import HTTP_DURATION, HTTP_REQUESTS

access_log = logging.getLogger("benuo.access")


class ExchangeObserver:
    def __init__(self, service: str, *, log_access: bool) -> None:
        self._service = service
        self._log_access = log_access
        self._counters: dict[tuple[str, str, int], MetricWrapperBase] = {}
        self._timers: dict[tuple[str, str], MetricWrapperBase] = {}

    def finished(self, ex: Exchange, route: str, started: float) -> None:
        elapsed = time.perf_counter() - started
        counter_key = (ex.method, route, ex.status)
        counter = self._counters.get(counter_key)
        if counter is None:
            counter = self._counters[counter_key] = HTTP_REQUESTS.labels(
                self._service, ex.method, route, str(ex.status)
            )
        counter.inc()  # type: ignore[attr-defined]
        timer = self._timers.get((ex.method, route))
        if timer is None:
            timer = self._timers[(ex.method, route)] = HTTP_DURATION.labels(
                self._service, ex.method, route
            )
        timer.observe(elapsed)  # type: ignore[attr-defined]
        if self._log_access:
            access_log.info(
                "%s %s %s",
                ex.method,
                ex.path,
                ex.status,
                extra={
                    "method": ex.method,
                    "path": ex.path,
                    "route": route,
                    "status": ex.status,
                    "duration_ms": round(elapsed * 1000, 2),
                    "request_id": ex.request_id,
                    "cache": ex.cache_status,
                    "caller": ex.identity.rate_key.partition(":")[0] if ex.identity else None,
                },
            )
