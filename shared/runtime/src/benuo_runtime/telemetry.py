"""OpenTelemetry: one trace from the gateway through the outbox relay to every consumer.

Spans are exported with OTLP only when ``OTEL_EXPORTER_OTLP_ENDPOINT`` (or the traces-specific
variable) is set; otherwise they are created, propagated and dropped.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ALWAYS_ON, ParentBased, Sampler

TRACER_NAME = "benuo"
_EXPORT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")


def otlp_configured() -> bool:
    return any(os.environ.get(name) for name in _EXPORT_VARIABLES)


def setup_tracing(service_name: str, *, processors: list[SpanProcessor] | None = None) -> None:
    """Install the tracer provider once per process; later calls only add processors."""
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        resource = Resource.create(
            {SERVICE_NAME: os.environ.get("OTEL_SERVICE_NAME", service_name)}
        )
        provider = TracerProvider(resource=resource, sampler=_sampler(bool(processors)))
        if otlp_configured():
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        trace.set_tracer_provider(provider)
    for processor in processors or ():
        provider.add_span_processor(processor)


def _sampler(has_processors: bool) -> Sampler | None:
    """Record what someone will see; an explicit ``OTEL_TRACES_SAMPLER`` always wins.

    With nowhere to send spans, do not record them (ids and propagation still work):
    recording every span costs a service about as much CPU as its own work. A process that
    does export records even when its caller did not sample: a caller that exports nothing
    (a client, or a gateway without a collector) marks its context "not sampled", and that
    must not hide this process's spans.
    """
    if os.environ.get("OTEL_TRACES_SAMPLER"):
        return None
    if otlp_configured() or has_processors:
        return ParentBased(ALWAYS_ON, remote_parent_not_sampled=ALWAYS_ON)
    return ParentBased(ALWAYS_OFF)


def shutdown_tracing() -> None:
    """Flush what is buffered; called on shutdown so the last spans are not lost."""
    provider = trace.get_tracer_provider()
    if isinstance(provider, TracerProvider):
        provider.force_flush(timeout_millis=3000)


def instrument_libraries() -> None:
    """SQLAlchemy, HTTP-client and Redis spans for the whole process (idempotent).

    SQLAlchemy is instrumented by wrapping ``create_engine``, so this runs before any engine
    is made (``db.make_engine`` looks the function up at call time for the same reason).
    """
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.redis import RedisInstrumentor
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    for instrumentor in (SQLAlchemyInstrumentor(), HTTPXClientInstrumentor(), RedisInstrumentor()):
        if not instrumentor.is_instrumented_by_opentelemetry:
            instrumentor.instrument()


def tracer() -> trace.Tracer:
    return trace.get_tracer(TRACER_NAME)


def current_trace_headers() -> dict[str, str]:
    """W3C ``traceparent``/``tracestate`` of the current span, for an outgoing message."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


def inject_into(headers: MutableMapping[str, str]) -> None:
    propagate.inject(headers)


def extract_from(headers: Mapping[str, Any] | None) -> otel_context.Context:
    return propagate.extract(dict(headers or {}))
