"""One trace from an HTTP write, through the relay's publish, to a consumer in another process."""

from __future__ import annotations

import httpx
from opentelemetry.proto.trace.v1.trace_pb2 import Span
from sqlalchemy import text

from benuo_runtime.db import make_engine
from benuo_runtime.testing import wait_until
from benuo_runtime.testing.otlp import OtlpReceiver
from benuo_runtime.testing.plugin import AuthKeys

SUBJECT = "ppu.governance.request.created"


def test_one_trace_spans_the_write_the_publish_and_the_processing_in_another_process(
    spawn_probe, auth_keys: AuthKeys, probe_database: str
) -> None:
    with OtlpReceiver() as receiver:
        otlp = {"OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint, "OTEL_BSP_SCHEDULE_DELAY": "100"}
        writer = spawn_probe(PROBE_CONSUME="0", OTEL_SERVICE_NAME="probe-writer", **otlp)
        consumer = spawn_probe(OTEL_SERVICE_NAME="probe-consumer", **otlp)
        writer.launch(), consumer.launch()
        writer.wait_ready(ready=True), consumer.wait_ready(ready=True)

        response = httpx.post(
            f"{writer.url}/api/v1/probe/requests",
            json={"request_id": "TRACE-1", "description": "pohon tumbang"},
            headers=auth_keys.headers("citizen"),
        )
        assert response.status_code == 201

        def spans_arrived():
            named = {(s.service, s.name): s for s in receiver.spans}
            wanted = [
                ("probe-writer", "POST /api/v1/probe/requests"),
                ("probe-writer", f"{SUBJECT} publish"),
                ("probe-consumer", f"{SUBJECT} process"),
            ]
            return [named[key] for key in wanted] if all(k in named for k in wanted) else None

        http_span, publish, process = wait_until(spans_arrived, timeout=30, what="the spans")
        writer.stop()  # while the receiver still listens, so their last flush succeeds
        consumer.stop()

    assert http_span.trace_id == publish.trace_id == process.trace_id
    assert http_span.kind == Span.SPAN_KIND_SERVER
    assert publish.kind == Span.SPAN_KIND_PRODUCER
    assert process.kind == Span.SPAN_KIND_CONSUMER
    assert process.parent_span_id == publish.span_id
    assert publish.attributes["messaging.destination.name"] == SUBJECT
    assert process.attributes["messaging.consumer.group.name"] == "probe-tally"
    # The publish descends from the HTTP request that wrote the outbox row.
    writer_spans = {s.span_id: s for s in receiver.spans if s.trace_id == http_span.trace_id}
    ancestor = publish
    while ancestor.parent_span_id and ancestor.span_id != http_span.span_id:
        ancestor = writer_spans[ancestor.parent_span_id]
    assert ancestor.span_id == http_span.span_id

    # The consumer's effect was written inside that same trace.
    engine = make_engine(probe_database)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT trace_id FROM probe_effect")).scalar_one()
    engine.dispose()
    assert stored == http_span.trace_id
