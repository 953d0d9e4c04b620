"""The transactional outbox and its relay, against a real NATS and a real database."""

from __future__ import annotations

import asyncio
import json

from fastapi.testclient import TestClient
from nats.aio.client import Client
from sqlalchemy import update
from sqlmodel import select

from benuo_runtime.messaging.tables import OutboxMessage
from benuo_runtime.testing import read_stream, wait_until, wait_until_async


async def stored_events(nats_client: Client) -> list:
    try:
        return await read_stream(nats_client.jetstream(), "GOVERNANCE")
    except Exception:
        return []


async def test_a_write_and_its_event_commit_together_and_are_published_once(
    probe_client: TestClient, nats_client: Client
) -> None:
    response = probe_client.post(
        "/api/v1/probe/requests", json={"request_id": "R-1", "description": "lampu mati"}
    )
    assert response.status_code == 201

    messages = await wait_until_async(lambda: stored_events(nats_client), what="the event")
    assert len(messages) == 1
    message = messages[0]
    body = json.loads(message.data)
    assert message.subject == "ppu.governance.request.created"
    assert message.headers["Nats-Msg-Id"] == body["id"]
    assert message.headers["Content-Type"] == "application/cloudevents+json"
    assert body["type"] == "ppu.governance.request.created.v1"
    assert body["subject"] == "R-1"

    runtime = probe_client.app.state.runtime

    def marked_row() -> OutboxMessage | None:
        with runtime.sessions() as session:
            row = session.exec(select(OutboxMessage)).one()
            return row if row.published_at is not None else None

    row = await asyncio.to_thread(wait_until, marked_row, what="the row marked sent")
    assert str(row.event_id) == body["id"]


async def test_a_refused_write_emits_nothing(probe_client: TestClient, nats_client: Client) -> None:
    first = {"request_id": "R-2", "description": "jalan rusak"}
    assert probe_client.post("/api/v1/probe/requests", json=first).status_code == 201
    again = probe_client.post("/api/v1/probe/requests", json=first)
    assert again.status_code == 409
    await wait_until_async(lambda: stored_events(nats_client))
    await asyncio.sleep(0.5)  # give a wrongly emitted second event the time to show up
    assert len(await stored_events(nats_client)) == 1


async def test_a_relay_that_died_after_publishing_causes_no_duplicate(
    probe_client: TestClient, nats_client: Client
) -> None:
    for number in range(5):
        body = {"request_id": f"R-{number}", "description": "sampah menumpuk"}
        assert probe_client.post("/api/v1/probe/requests", json=body).status_code == 201
    runtime = probe_client.app.state.runtime
    await wait_until_async(lambda: _count(nats_client, 5), what="5 events")
    await wait_until_async(lambda: _effects(probe_client, 5), what="5 effects")

    # The crash: JetStream has the events, the rows never got marked.
    with runtime.sessions() as session:
        session.exec(update(OutboxMessage).values(published_at=None))
        session.commit()
    runtime.relay.wake()

    def all_marked() -> bool:
        with runtime.sessions() as session:
            rows = session.exec(select(OutboxMessage)).all()
            return all(row.published_at is not None and row.attempts == 2 for row in rows)

    await wait_until_async(lambda: asyncio.to_thread(all_marked), what="republish")
    messages = await stored_events(nats_client)
    assert len(messages) == 5
    assert len({m.headers["Nats-Msg-Id"] for m in messages}) == 5
    # ... so the consumer has nothing new to apply.
    await asyncio.sleep(0.5)
    assert await _effects(probe_client, 5)


async def _count(nats_client: Client, expected: int) -> bool:
    return len(await stored_events(nats_client)) == expected


async def _effects(client: TestClient, expected: int) -> bool:
    response = await asyncio.to_thread(client.get, "/api/v1/probe/effects")
    return response.json() == {"total": expected}
