"""Citizen requests from governance, over real NATS, move a street light's status."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from nats.aio.client import Client
from sqlmodel import col, select

from benuo_contract import new_event
from benuo_contract.events.governance import RequestStatus
from benuo_runtime.db import SessionFactory
from benuo_runtime.messaging.tables import OutboxMessage
from benuo_runtime.testing import wait_until_async
from services.living.tests.events import (
    all_applied,
    created,
    living_events,
    publish,
    resolved,
    status_changed,
    streams_ready,
)

FACILITIES = "/api/v1/living/facilities"
LIGHT = "FAC-PJU-0001"
STATUS_CHANGED = "ppu.living.facility.status_changed.v1"
DURABLE = "living-facility-status"
SUBMITTED, IN_PROGRESS = RequestStatus.SUBMITTED, RequestStatus.IN_PROGRESS


def light_position(client: TestClient) -> tuple[float, float]:
    location = client.get(f"{FACILITIES}/{LIGHT}").json()["location"]
    return location["lat"], location["lng"]


async def light_when(client: TestClient, condition: Callable[[dict[str, Any]], bool]) -> dict:
    async def check() -> dict | None:
        body = (await asyncio.to_thread(client.get, f"{FACILITIES}/{LIGHT}")).json()
        return body if condition(body) else None

    return await wait_until_async(check, what=f"{LIGHT} to match {condition}")


def history(client: TestClient) -> list[tuple[str, str, str | None, list[str]]]:
    items = client.get(f"{FACILITIES}/{LIGHT}/history").json()["items"]
    return [
        (h["previous_status"], h["status"], h["request_id"], h["open_request_ids"])
        for h in reversed(items)
    ]


async def status_events(nats_client: Client, count: int) -> list[dict[str, Any]]:
    async def enough() -> list[dict[str, Any]]:
        events = await living_events(nats_client, STATUS_CHANGED)
        return events if len(events) >= count else []

    return await wait_until_async(enough, what=f"{count} status events")


def emitted_status_changes(sessions: SessionFactory) -> int:
    """Status events written to the outbox (published or not): what the handlers did."""
    with sessions() as session:
        rows = session.exec(
            select(OutboxMessage.id).where(col(OutboxMessage.event_type) == STATUS_CHANGED)
        ).all()
    return len(rows)


async def test_a_street_light_report_degrades_the_light_until_the_request_is_resolved(
    client: TestClient, nats_client: Client
) -> None:
    js = nats_client.jetstream()
    await streams_ready(client)
    at = light_position(client)

    await publish(js, created("PPU-2026-000123", at=at))
    degraded = await light_when(client, lambda light: light["status"] == "degraded")
    assert degraded["open_request_ids"] == ["PPU-2026-000123"]
    dashboard = client.get("/api/v1/living/dashboard").json()["facilities"]
    assert dashboard["not_operational_by_type"]["street_light"]["degraded"] == 1
    assert dashboard["not_operational_by_kecamatan"]["64.09.01"]["degraded"] == 1
    assert dashboard["open_citizen_requests"] == 1

    await publish(
        js,
        status_changed("PPU-2026-000123", 2, IN_PROGRESS, SUBMITTED, at=at),
        resolved("PPU-2026-000123", 3, at=at),
    )
    back = await light_when(client, lambda light: light["status"] == "operational")
    assert (back["open_request_ids"], back["version"]) == ([], 3)
    assert history(client) == [
        ("operational", "degraded", "PPU-2026-000123", ["PPU-2026-000123"]),
        ("degraded", "operational", "PPU-2026-000123", []),
    ]
    events = await status_events(nats_client, 2)
    assert [(e["facility_id"], e["version"], e["status"], e["cause"]) for e in events] == [
        (LIGHT, 2, "degraded", "citizen_report"),
        (LIGHT, 3, "operational", "citizen_report"),
    ]
    assert events[0]["open_request_ids"] == ["PPU-2026-000123"]


async def test_duplicated_events_change_the_light_once_each_way(
    client: TestClient, nats_client: Client, sessions: SessionFactory
) -> None:
    js = nats_client.jetstream()
    await streams_ready(client)
    at = light_position(client)
    first = new_event(created("PPU-2026-000200", at=at))
    last = new_event(resolved("PPU-2026-000200", 3, at=at))
    await publish(
        js,
        first,
        first,  # replayed: the same event id again
        created("PPU-2026-000200", at=at),  # re-published by governance: a new event id
        status_changed("PPU-2026-000200", 2, IN_PROGRESS, SUBMITTED, at=at),
        status_changed("PPU-2026-000200", 2, IN_PROGRESS, SUBMITTED, at=at),
        last,
        last,
        resolved("PPU-2026-000200", 3, at=at),
    )
    await wait_until_async(lambda: all_applied(nats_client, "GOVERNANCE", DURABLE))

    light = client.get(f"{FACILITIES}/{LIGHT}").json()
    assert (light["status"], light["version"], light["open_request_ids"]) == ("operational", 3, [])
    assert [(before, after) for before, after, *_ in history(client)] == [
        ("operational", "degraded"),
        ("degraded", "operational"),
    ]
    assert emitted_status_changes(sessions) == 2


async def test_reordered_events_end_in_the_state_of_the_newest_version(
    client: TestClient, nats_client: Client, sessions: SessionFactory
) -> None:
    js = nats_client.jetstream()
    await streams_ready(client)
    at = light_position(client)
    # A's resolution overtakes its creation; B stays open all along.
    await publish(
        js,
        resolved("PPU-2026-000301", 3, at=at),
        created("PPU-2026-000302", at=at),
        created("PPU-2026-000301", at=at),
        status_changed("PPU-2026-000301", 2, IN_PROGRESS, SUBMITTED, at=at),
    )
    await wait_until_async(lambda: all_applied(nats_client, "GOVERNANCE", DURABLE))
    light = client.get(f"{FACILITIES}/{LIGHT}").json()
    assert (light["status"], light["open_request_ids"]) == ("degraded", ["PPU-2026-000302"])
    assert history(client) == [("operational", "degraded", "PPU-2026-000302", ["PPU-2026-000302"])]

    # B's resolution and a stale, earlier state of B arrive in the wrong order.
    await publish(
        js,
        resolved("PPU-2026-000302", 4, at=at),
        status_changed("PPU-2026-000302", 3, IN_PROGRESS, SUBMITTED, at=at),
    )
    back = await light_when(client, lambda light: light["status"] == "operational")
    await wait_until_async(lambda: all_applied(nats_client, "GOVERNANCE", DURABLE))
    light = client.get(f"{FACILITIES}/{LIGHT}").json()
    assert light == back  # the stale state after the resolution changed nothing
    assert emitted_status_changes(sessions) == 2
