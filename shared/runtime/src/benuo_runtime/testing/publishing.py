"""Publishing contract events straight to JetStream, as another service's relay would."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from nats.js import JetStreamContext

from benuo_contract import GeoPoint, new_event
from benuo_contract.events.governance import RequestCreatedV1, RequestStatus
from benuo_runtime.messaging.streams import pillar_streams, provision_streams


def request_created(request_id: str) -> RequestCreatedV1:
    now = datetime.now(UTC)
    return RequestCreatedV1(
        request_id=request_id,
        version=1,
        status=RequestStatus.SUBMITTED,
        service_code="PROBE",
        agency_code="PROBE",
        kecamatan_code="64.09.01",
        desa_code="64.09.01.1010",
        location=GeoPoint(lat=-1.25, lng=116.83),
        submitted_at=now,
        verification_due_at=now + timedelta(days=3),
    )


async def provision(js: JetStreamContext) -> None:
    await provision_streams(
        js, pillar_streams(), max_age_seconds=3600, duplicate_window_seconds=120
    )


async def publish_requests(js: JetStreamContext, count: int, prefix: str = "R") -> list[str]:
    """Publish ``count`` request-created events; returns their event ids."""
    ids = []
    futures = []
    for number in range(count):
        event = new_event(request_created(f"{prefix}-{number}"))
        ids.append(str(event.id))
        futures.append(
            await js.publish_async(
                "ppu.governance.request.created",
                event.to_json(),
                headers={"Nats-Msg-Id": str(event.id)},
            )
        )
    for future in futures:
        await future
    return ids


async def publish_raw(js: JetStreamContext, body: bytes) -> None:
    await js.publish(
        "ppu.governance.request.created", body, headers={"Nats-Msg-Id": uuid.uuid4().hex}
    )
