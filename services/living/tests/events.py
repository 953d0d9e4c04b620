"""Contract events as governance and economy would publish them, and reading ours back."""

from __future__ import annotations

import datetime as dt
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from nats.aio.client import Client
from nats.js import JetStreamContext

from benuo_contract import CloudEvent, EventPayload, GeoPoint, new_event
from benuo_contract.events.economy import PriceRecordedV1
from benuo_contract.events.governance import (
    RequestCreatedV1,
    RequestResolvedV1,
    RequestStatus,
    RequestStatusChangedV1,
)
from benuo_runtime.messaging.dlq import REPLAY_OF
from benuo_runtime.testing import read_stream, wait_until_async

NOW = datetime(2026, 11, 2, 1, 15, tzinfo=UTC)


def request_state(
    request_id: str,
    version: int,
    status: RequestStatus,
    *,
    at: tuple[float, float],
    service_code: str = "PJU-MATI",
    facility_ref: str | None = None,
) -> dict[str, Any]:
    return {
        "request_id": request_id,
        "version": version,
        "status": status,
        "service_code": service_code,
        "agency_code": "DISHUB",
        "kecamatan_code": "64.09.01",
        "desa_code": "64.09.01.1010",
        "location": GeoPoint(lat=at[0], lng=at[1]),
        "facility_ref": facility_ref,
    }


def created(request_id: str, **state: Any) -> RequestCreatedV1:
    return RequestCreatedV1(
        **request_state(request_id, 1, RequestStatus.SUBMITTED, **state),
        submitted_at=NOW,
        verification_due_at=NOW + timedelta(days=3),
    )


def status_changed(
    request_id: str, version: int, status: RequestStatus, previous: RequestStatus, **state: Any
) -> RequestStatusChangedV1:
    return RequestStatusChangedV1(
        **request_state(request_id, version, status, **state),
        previous_status=previous,
        changed_at=NOW + timedelta(hours=version),
    )


def resolved(request_id: str, version: int, **state: Any) -> RequestResolvedV1:
    return RequestResolvedV1(
        **request_state(request_id, version, RequestStatus.RESOLVED, **state),
        resolved_at=NOW + timedelta(days=2),
        within_sla=True,
    )


def price(
    observation_id: str,
    commodity: str,
    value: int,
    *,
    market: str = "PASAR-INDUK-PENAJAM",
    kecamatan: str = "64.09.01",
    on: dt.date = dt.date(2026, 11, 27),
    corrects: str | None = None,
) -> PriceRecordedV1:
    return PriceRecordedV1(
        observation_id=observation_id,
        commodity_code=commodity,
        market_code=market,
        kecamatan_code=kecamatan,
        observed_on=on,
        price=value,
        unit="kg",
        corrects=corrects,
        recorded_at=datetime.combine(on, dt.time(2, 10), UTC),
    )


async def streams_ready(client: TestClient) -> None:
    """Wait until the service in ``client`` has provisioned the streams (publish after)."""

    async def ready() -> bool:
        return bool(client.app.state.runtime.streams_ready.is_set())

    await wait_until_async(ready, what="streams provisioned")


async def publish(js: JetStreamContext, *payloads: EventPayload | CloudEvent[Any]) -> None:
    """Publish as a relay would: one message per event, ``Nats-Msg-Id`` = the event id.

    A ``CloudEvent`` given again is stored again the way an operator's dead-letter replay
    stores it (same event, a replay message id), so the consumer really receives one event
    id twice and only its inbox can tell.
    """
    seen: set[str] = set()
    for item in payloads:
        event = item if isinstance(item, CloudEvent) else new_event(item)
        headers = {"Nats-Msg-Id": str(event.id)}
        if str(event.id) in seen:
            headers = {"Nats-Msg-Id": f"{event.id}:replay:{len(seen)}", REPLAY_OF: str(len(seen))}
        seen.add(str(event.id))
        subject = event.type.rsplit(".", 1)[0]
        await js.publish(subject, event.to_json(), headers=headers)


async def all_applied(nats_client: Client, stream: str, durable: str) -> bool:
    """Whether the consumer has fetched and acknowledged everything in its stream."""
    try:
        info = await nats_client.jetstream().consumer_info(stream, durable)
    except Exception:
        return False
    return info.num_pending == 0 and info.num_ack_pending == 0 and info.delivered.stream_seq > 0


async def living_events(nats_client: Client, event_type: str) -> list[dict[str, Any]]:
    """The data of every event of ``event_type`` in the LIVING stream, oldest first."""
    try:
        messages = await read_stream(nats_client.jetstream(), "LIVING")
    except Exception:
        return []
    bodies = [json.loads(message.data) for message in messages]
    return [body["data"] for body in bodies if body["type"] == event_type]
