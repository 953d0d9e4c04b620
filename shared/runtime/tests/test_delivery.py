"""Delivery guarantees across outages, crashes and replicas, with real processes."""

from __future__ import annotations

import asyncio
import json

import pytest
from fastapi.testclient import TestClient
from nats.aio.client import Client
from sqlalchemy import text

from benuo_runtime.db import READ_ONLY, make_engine
from benuo_runtime.testing import read_stream, wait_until, wait_until_async
from benuo_runtime.testing.plugin import NatsFixture
from benuo_runtime.testing.publishing import provision, publish_requests

pytestmark = pytest.mark.slow


def effect_counts(database_url: str) -> tuple[int, int, dict[int, int]]:
    """(rows, distinct events, rows per process) in the probe's effect table."""
    engine = make_engine(database_url)
    try:
        with engine.connect().execution_options(**{READ_ONLY: True}) as connection:
            rows, distinct = connection.execute(
                text("SELECT count(*), count(DISTINCT event_id) FROM probe_effect")
            ).one()
            per_pid = dict(
                connection.execute(
                    text("SELECT pid, count(*) FROM probe_effect GROUP BY pid")
                ).all()
            )
    finally:
        engine.dispose()
    return rows, distinct, per_pid


async def test_writes_succeed_while_nats_is_down_and_their_events_arrive_once_after(
    probe_client: TestClient, nats_fixture: NatsFixture, nats_client: Client
) -> None:
    runtime = probe_client.app.state.runtime
    await wait_until_async(lambda: _ready(runtime), what="streams provisioned")
    nats_fixture.stop()
    wait_until(lambda: not runtime.nats.is_connected, what="the service to notice")

    for number in range(100):
        body = {"request_id": f"OUT-{number}", "description": "banjir"}
        response = await asyncio.to_thread(probe_client.post, "/api/v1/probe/requests", json=body)
        assert response.status_code == 201, response.text
    assert runtime.relay.stats().backlog == 100

    nats_fixture.start()

    async def all_stored() -> list:
        try:
            messages = await read_stream(nats_client.jetstream(), "GOVERNANCE")
        except Exception:
            return []
        return messages if len(messages) >= 100 else []

    messages = await wait_until_async(all_stored, timeout=30, what="100 events in the stream")
    ids = [json.loads(message.data)["id"] for message in messages]
    assert len(ids) == 100
    assert len(set(ids)) == 100
    assert {json.loads(m.data)["subject"] for m in messages} == {f"OUT-{n}" for n in range(100)}
    await wait_until_async(lambda: _backlog_empty(runtime), what="outbox drained")


async def _ready(runtime) -> bool:
    return runtime.streams_ready.is_set()


async def _backlog_empty(runtime) -> bool:
    return (await asyncio.to_thread(runtime.relay.stats)).backlog == 0


async def test_a_consumer_killed_mid_stream_applies_every_event_exactly_once_after_restart(
    nats_client: Client, probe_database: str, spawn_probe
) -> None:
    js = nats_client.jetstream()
    await provision(js)
    ids = await publish_requests(js, 1000)
    # A short ack wait lets the batch the dead process held come back quickly.
    ack_wait = {"CONSUMER_ACK_WAIT_SECONDS": "2"}
    slow = {"PROBE_EFFECT_DELAY_SECONDS": "0.01", "CONSUMER_BATCH_SIZE": "20", **ack_wait}

    first = spawn_probe(**slow).start()
    wait_until(lambda: effect_counts(probe_database)[0] >= 150, timeout=60, interval=0.01)
    first.kill()
    rows_at_kill = effect_counts(probe_database)[0]
    assert 0 < rows_at_kill < 1000, "the kill must land mid-stream"

    spawn_probe(**ack_wait).start()
    wait_until(lambda: effect_counts(probe_database)[1] == len(ids), timeout=60)
    await asyncio.sleep(0.5)  # a duplicate applied late would show up here
    rows, distinct, _ = effect_counts(probe_database)
    assert (rows, distinct) == (1000, 1000)


async def test_two_consumer_processes_share_one_durable_without_applying_anything_twice(
    nats_client: Client, probe_database: str, spawn_probe
) -> None:
    js = nats_client.jetstream()
    await provision(js)
    slow = {"PROBE_EFFECT_DELAY_SECONDS": "0.005", "CONSUMER_BATCH_SIZE": "10"}
    first, second = spawn_probe(**slow), spawn_probe(**slow)
    first.launch(), second.launch()
    first.wait_ready(ready=True), second.wait_ready(ready=True)
    await publish_requests(js, 1000)

    wait_until(lambda: effect_counts(probe_database)[1] == 1000, timeout=90)
    await asyncio.sleep(0.5)
    rows, distinct, per_pid = effect_counts(probe_database)
    assert (rows, distinct) == (1000, 1000)
    assert set(per_pid) == {first.process.pid, second.process.pid}
    assert min(per_pid.values()) >= 100, f"work was not shared: {per_pid}"


def test_sigterm_stops_a_service_cleanly(probe_process) -> None:
    probe_process.start(ready=True)
    # uvicorn finishes its graceful shutdown, then re-raises the signal it caught.
    assert probe_process.stop(timeout=15) in (0, -15)
    logs = probe_process.logs()
    assert "Application shutdown complete" in logs
    assert "Traceback" not in logs
