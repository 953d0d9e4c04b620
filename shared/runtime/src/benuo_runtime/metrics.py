"""Prometheus metrics: HTTP traffic, outbox backlog, consumer lag, dead letters."""

from __future__ import annotations

import logging
import time
import uuid

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HTTP_REQUESTS = Counter(
    "benuo_http_requests_total", "HTTP requests answered", ["service", "method", "route", "status"]
)
HTTP_DURATION = Histogram(
    "benuo_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["service", "method", "route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
OUTBOX_BACKLOG = Gauge("benuo_outbox_backlog", "Events written but not yet published", ["service"])
OUTBOX_OLDEST_AGE = Gauge(
    "benuo_outbox_oldest_age_seconds", "Age of the oldest unpublished event", ["service"]
)
OUTBOX_PUBLISHED = Counter(
    "benuo_outbox_published_total", "Events the relay published", ["service"]
)
CONSUMER_LAG = Gauge(
    "benuo_consumer_lag",
    "Messages not yet delivered to a durable consumer",
    ["service", "consumer", "stream"],
)
CONSUMER_ACK_PENDING = Gauge(
    "benuo_consumer_ack_pending",
    "Messages delivered but not yet acknowledged",
    ["service", "consumer", "stream"],
)
EVENTS_PROCESSED = Counter(
    "benuo_events_processed_total",
    "Events handled by consumers, by outcome",
    ["service", "consumer", "outcome"],
)
DLQ_MESSAGES = Gauge("benuo_dlq_messages", "Dead letters held, per consumer", ["consumer"])

REQUEST_ID_HEADER = "x-request-id"
access_log = logging.getLogger("benuo.access")


class HttpMetricsMiddleware:
    """Counts and times requests by route template, logs one access line, echoes request ids."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _header(scope, REQUEST_ID_HEADER.encode()) or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", "unmatched")
            method = scope["method"]
            HTTP_REQUESTS.labels(self.service, method, route, str(status)).inc()
            HTTP_DURATION.labels(self.service, method, route).observe(elapsed)
            if route not in ("/metrics", "/healthz", "/readyz"):
                access_log.info(
                    "%s %s %s",
                    method,
                    scope["path"],
                    status,
                    extra={
                        "method": method,
                        "path": scope["path"],
                        "route": route,
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 2),
                        "request_id": request_id,
                    },
                )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            decoded: str = value.decode("latin-1")
            return decoded[:128]
    return None


async def metrics_endpoint(_: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
