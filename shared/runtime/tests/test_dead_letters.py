"""Poison messages go to the DLQ with their history; the stream keeps flowing; replay works."""

from __future__ import annotations

import asyncio
import json

import pytest
from fastapi.testclient import TestClient
from nats.aio.client import Client
from sqlalchemy import delete, func
from sqlmodel import select

from benuo_contract import new_event
from benuo_runtime.messaging.dlq import list_dead_letters, replay_dead_letter
from benuo_runtime.testing import wait_until_async
from benuo_runtime.testing.probe.models import ProbeEffect, ProbeFault
from benuo_runtime.testing.publishing import publish_raw, publish_requests, request_created


def effects_of(client: TestClient, request_id: str | None = None) -> int:
    runtime = client.app.state.runtime
    with runtime.sessions() as session:
        query = select(func.count()).select_from(ProbeEffect)
        if request_id is not None:
            query = query.where(ProbeEffect.request_id == request_id)
        return session.exec(query).one()


async def wait_effects(client: TestClient, expected: int, request_id: str | None = None) -> None:
    async def reached() -> bool:
        return await asyncio.to_thread(effects_of, client, request_id) == expected

    await wait_until_async(reached, what=f"{expected} effects for {request_id or 'all'}")


async def dead_letters(nats_client: Client) -> list:
    return await list_dead_letters(nats_client.jetstream())


@pytest.mark.invalid_events
async def test_an_invalid_payload_is_dead_lettered_at_once_and_later_events_flow(
    probe_client: TestClient, nats_client: Client
) -> None:
    runtime = probe_client.app.state.runtime
    await wait_until_async(lambda: _is_set(runtime.streams_ready))
    js = nats_client.jetstream()
    good = json.loads(new_event(request_created("OK-0")).to_json())
    good["data"]["desa_code"] = "Nenang"  # not a Kemendagri code: the payload does not validate
    await publish_raw(js, json.dumps(good).encode())
    await publish_requests(js, 3, prefix="AFTER")

    await wait_effects(probe_client, 3)
    letters = await wait_until_async(lambda: dead_letters(nats_client), what="a dead letter")
    assert len(letters) == 1
    letter = letters[0]
    assert letter.consumer == "probe-tally"
    assert letter.original_subject == "ppu.governance.request.created"
    assert letter.original_stream == "GOVERNANCE"
    assert letter.delivery_count == 1
    assert "invalid event" in letter.error
    assert "desa_code" in letter.error
    assert json.loads(letter.data)["data"]["desa_code"] == "Nenang"


async def test_an_event_failing_max_deliver_times_is_dead_lettered_and_replays_once_fixed(
    probe_client: TestClient, nats_client: Client
) -> None:
    runtime = probe_client.app.state.runtime
    await wait_until_async(lambda: _is_set(runtime.streams_ready))
    with runtime.sessions() as session:
        session.add(ProbeFault(request_id="FAIL-0"))
        session.commit()
    js = nats_client.jetstream()
    await publish_requests(js, 1, prefix="FAIL")
    await publish_requests(js, 5, prefix="NEXT")

    await wait_effects(probe_client, 5)  # the failing event does not hold the others back
    letters = await wait_until_async(lambda: dead_letters(nats_client), what="a dead letter")
    letter = letters[0]
    assert letter.delivery_count == 3  # CONSUMER_MAX_DELIVER in the probe's environment
    assert "simulated fault for FAIL-0" in letter.error
    assert letter.original_subject == "ppu.governance.request.created"
    assert effects_of(probe_client, "FAIL-0") == 0

    with runtime.sessions() as session:  # the operator fixes the cause ...
        session.exec(delete(ProbeFault))
        session.commit()
    replayed = await replay_dead_letter(js, letter.sequence)  # ... and replays
    assert replayed.event_id == letter.event_id

    await wait_effects(probe_client, 1, "FAIL-0")
    assert await dead_letters(nats_client) == []
    await asyncio.sleep(0.5)  # a second application would show up here
    assert effects_of(probe_client, "FAIL-0") == 1
    assert effects_of(probe_client) == 6


@pytest.mark.invalid_events  # the same event under two message ids, on purpose
async def test_a_redelivered_event_already_applied_is_not_applied_again(
    probe_client: TestClient, nats_client: Client
) -> None:
    runtime = probe_client.app.state.runtime
    await wait_until_async(lambda: _is_set(runtime.streams_ready))
    js = nats_client.jetstream()
    event = new_event(request_created("TWICE"))
    for attempt in range(2):
        # Past JetStream's dedup window (simulated with distinct message ids): only the
        # consumer's inbox stands between a repeat and a second effect.
        await js.publish(
            "ppu.governance.request.created",
            event.to_json(),
            headers={"Nats-Msg-Id": f"{event.id}-{attempt}"},
        )
    await publish_requests(js, 1, prefix="MARKER")
    await wait_effects(probe_client, 1, "MARKER-0")
    assert effects_of(probe_client, "TWICE") == 1


async def _is_set(event: asyncio.Event) -> bool:
    return event.is_set()
