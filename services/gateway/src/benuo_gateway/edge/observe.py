"""One access line and the HTTP metrics for each exchange the edge answers itself.

Access lines are the same JSON lines as every other log line, but they are collected and
written in batches: formatting each through ``logging`` costs more than serving a cached
read. A line carries the trace id of the request's span, or the caller's ``traceparent``
for answers that needed no span (cache hits, refusals).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any, TextIO

import orjson
from prometheus_client.metrics import MetricWrapperBase

from benuo_gateway.edge.exchange import Exchange
from benuo_runtime.metrics import HTTP_DURATION, HTTP_REQUESTS

ACCESS_LOGGER = "benuo.access"
FLUSH_SECONDS = 0.2
MAX_PENDING = 512


class ExchangeObserver:
    def __init__(self, service: str, *, log_access: bool, stream: TextIO | None = None) -> None:
        self._service = service
        self._log_access = log_access
        self._stream = stream
        self._pending: list[dict[str, Any]] = []
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
            self._pending.append(
                {
                    "time": time.time(),
                    "message": f"{ex.method} {ex.path} {ex.status}",
                    "method": ex.method,
                    "path": ex.path,
                    "route": route,
                    "status": ex.status,
                    "duration_ms": round(elapsed * 1000, 2),
                    "request_id": ex.request_id,
                    "trace_id": ex.trace_id,
                    "cache": ex.cache_status,
                    "caller": ex.identity.kind.value if ex.identity else None,
                }
            )
            if len(self._pending) >= MAX_PENDING:
                self.flush()

    def flush(self) -> None:
        pending, self._pending = self._pending, []
        if not pending or not logging.getLogger(ACCESS_LOGGER).isEnabledFor(logging.INFO):
            return
        lines = []
        for entry in pending:
            moment = datetime.fromtimestamp(entry.pop("time"), UTC).isoformat(
                timespec="milliseconds"
            )
            line = {
                "time": moment,
                "level": "info",
                "service": self._service,
                "logger": ACCESS_LOGGER,
            }
            line.update((key, value) for key, value in entry.items() if value is not None)
            lines.append(orjson.dumps(line))
        stream = self._stream or sys.stderr
        stream.write(b"\n".join(lines).decode() + "\n")
        stream.flush()

    @asynccontextmanager
    async def flushing(self) -> AsyncIterator[None]:
        async def loop() -> None:
            while True:
                await asyncio.sleep(FLUSH_SECONDS)
                self.flush()

        task = asyncio.create_task(loop(), name="access-log")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            self.flush()
