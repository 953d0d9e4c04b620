"""Readiness says why a service is not ready; metrics show the messaging backlog."""

from __future__ import annotations

import asyncio
import json
import logging
import re

import pytest
from fastapi.testclient import TestClient
from nats.aio.client import Client

from benuo_runtime.logging import JsonFormatter
from benuo_runtime.messaging.streams import pillar_streams, provision_streams
from benuo_runtime.testing import wait_until
from benuo_runtime.testing.plugin import NatsFixture
from benuo_runtime.testing.publishing import publish_raw


def metric(text: str, name: str, **labels: str) -> float:
    selector = ",".join(f'{key}="{value}"' for key, value in labels.items())
    match = re.search(rf"^{name}\{{[^}}]*{re.escape(selector)}[^}}]*\}} (\S+)$", text, re.M)
    assert match, f"{name}{{{selector}}} not in metrics"
    return float(match.group(1))


def test_readiness_names_the_failing_dependency(
    probe_client: TestClient, nats_fixture: NatsFixture
) -> None:
    wait_until(lambda: probe_client.get("/readyz").status_code == 200, what="ready")
    nats_fixture.stop()
    response = wait_until(
        lambda: (r := probe_client.get("/readyz")).status_code == 503 and r, what="not ready"
    )
    body = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["nats"]["ok"] is False
    assert "nats" in body["detail"]
    assert probe_client.get("/healthz").status_code == 200  # alive, only not ready

    nats_fixture.start()
    wait_until(lambda: probe_client.get("/readyz").status_code == 200, timeout=30, what="back")


@pytest.mark.invalid_events
async def test_metrics_report_backlog_lag_and_dead_letters(
    probe_client: TestClient, nats_client: Client
) -> None:
    runtime = probe_client.app.state.runtime
    await asyncio.to_thread(
        wait_until, lambda: runtime.streams_ready.is_set(), what="streams provisioned"
    )
    # Counters are per process and other tests in this process may have counted already.
    before = _published(probe_client.get("/metrics").text)
    await publish_raw(nats_client.jetstream(), b"{not json")
    for number in range(3):
        body = {"request_id": f"M-{number}", "description": "x"}
        assert probe_client.post("/api/v1/probe/requests", json=body).status_code == 201

    def reported() -> str | None:
        text = probe_client.get("/metrics").text
        try:
            ok = (
                metric(text, "benuo_dlq_messages", consumer="probe-tally") == 1
                and metric(text, "benuo_outbox_published_total", service="probe") == before + 3
                and metric(text, "benuo_consumer_lag", consumer="probe-tally") == 0
            )
        except AssertionError:
            return None
        return text if ok else None

    text = await asyncio.to_thread(wait_until, reported, timeout=20, what="metrics")
    assert metric(text, "benuo_outbox_backlog", service="probe") == 0
    assert (
        metric(text, "benuo_events_processed_total", consumer="probe-tally", outcome="applied") >= 3
    )
    assert 'route="/api/v1/probe/requests"' in text


def _published(text: str) -> float:
    try:
        return metric(text, "benuo_outbox_published_total", service="probe")
    except AssertionError:
        return 0.0


async def test_stream_provisioning_is_idempotent_and_applies_changes(nats_client: Client) -> None:
    js = nats_client.jetstream()
    first = await provision_streams(
        js, pillar_streams(), max_age_seconds=3600, duplicate_window_seconds=120
    )
    assert all(line.endswith("created") for line in first)
    again = await provision_streams(
        js, pillar_streams(), max_age_seconds=3600, duplicate_window_seconds=120
    )
    assert all(line.endswith("unchanged") for line in again)
    changed = await provision_streams(
        js, pillar_streams(), max_age_seconds=7200, duplicate_window_seconds=120
    )
    assert all(line.endswith("updated") for line in changed)
    info = await js.stream_info("GOVERNANCE")
    assert info.config.max_age == 7200
    assert info.config.duplicate_window == 120
    assert info.config.subjects == ["ppu.governance.>"]
    assert (await js.stream_info("DLQ")).config.subjects == ["benuo.dlq.>"]


def test_log_lines_are_json_with_trace_ids() -> None:
    from opentelemetry import trace
    from opentelemetry.sdk.trace import TracerProvider

    formatter = JsonFormatter("probe")
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("work") as span:
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello %s", ("PPU",), None)
        record.request_id = "abc"
        line = json.loads(formatter.format(record))
        context = span.get_span_context()
    assert line["message"] == "hello PPU"
    assert line["service"] == "probe"
    assert line["request_id"] == "abc"
    assert line["trace_id"] == format(context.trace_id, "032x")
    assert line["span_id"] == format(context.span_id, "016x")
    assert trace.get_current_span().get_span_context().is_valid is False


def test_spans_are_recorded_only_when_there_is_somewhere_to_send_them(monkeypatch) -> None:
    from opentelemetry.sdk.trace.sampling import Decision
    from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags, set_span_in_context

    from benuo_runtime.telemetry import _sampler

    for name in ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_TRACES_SAMPLER"):
        monkeypatch.delenv(name, raising=False)
    quiet = _sampler(has_processors=False)
    assert quiet is not None
    assert quiet.should_sample(None, 0x1234, "span").decision is Decision.DROP

    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")
    exporting = _sampler(has_processors=False)
    assert exporting is not None
    # A caller that exports nothing sends "not sampled"; this process records anyway.
    unsampled_caller = SpanContext(0x1234, 0x5678, is_remote=True, trace_flags=TraceFlags(0))
    parent = set_span_in_context(NonRecordingSpan(unsampled_caller))
    decision = exporting.should_sample(parent, 0x1234, "span").decision
    assert decision is Decision.RECORD_AND_SAMPLE

    monkeypatch.setenv("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
    assert _sampler(has_processors=False) is None  # the operator's choice, read by the SDK
