"""Approved permits published straight to JetStream, the way governance's relay would."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from nats.js import JetStreamContext

from benuo_contract import CloudEvent, new_event
from benuo_contract.events.governance import PermitApprovedV1, RiskLevel
from benuo_runtime.messaging.dlq import REPLAY_OF
from benuo_runtime.messaging.streams import pillar_streams, provision_streams
from benuo_runtime.testing import wait_until_async

SUBJECT = "ppu.governance.permit.approved"
DURABLE = "economy-registry"


def approval(
    application_id: str = "PRM-2026-000045", version: int = 3, **changes: Any
) -> PermitApprovedV1:
    facts: dict[str, Any] = {
        "application_id": application_id,
        "version": version,
        "business_name": "Warung Makan Benuo Taka",
        "kbli_code": "56101",
        "risk_level": RiskLevel.MENENGAH_RENDAH,
        "kecamatan_code": "64.09.01",
        "desa_code": "64.09.01.1010",
        "permit_number": f"503/{application_id[-4:]}/DPMPTSP-PPU/XI/2026",
        # 23:30 UTC is already the next day in PPU (WITA, UTC+8).
        "approved_at": datetime(2026, 11, 3, 23, 30, tzinfo=UTC),
    }
    return PermitApprovedV1(**{**facts, **changes})


async def provision(js: JetStreamContext) -> None:
    await provision_streams(
        js, pillar_streams(), max_age_seconds=3600, duplicate_window_seconds=120
    )


async def publish(
    js: JetStreamContext, event: CloudEvent[Any] | PermitApprovedV1, *, replay: bool = False
) -> int:
    """Publish an event as governance's relay would (a payload gets a fresh envelope);
    returns its stream sequence.

    ``replay`` publishes the same envelope once more the way an operator's dead-letter
    replay does: a new Nats-Msg-Id (so JetStream's dedup window keeps it) and the
    Benuo-Replay-Of header. The consumer then sees an event id it has already applied.
    """
    envelope = event if isinstance(event, CloudEvent) else new_event(event)
    headers = {"Nats-Msg-Id": str(envelope.id)}
    if replay:
        headers = {"Nats-Msg-Id": f"{envelope.id}:replay:{uuid.uuid4().hex}", REPLAY_OF: "test"}
    ack = await js.publish(SUBJECT, envelope.to_json(), headers=headers)
    return ack.seq


async def wait_consumed(js: JetStreamContext, sequence: int, timeout: float = 20) -> None:
    """Until the economy's registry consumer has acknowledged everything up to ``sequence``."""

    async def acknowledged() -> bool:
        try:
            info = await js.consumer_info("GOVERNANCE", DURABLE)
        except Exception:
            return False
        return info.ack_floor is not None and (info.ack_floor.stream_seq or 0) >= sequence

    await wait_until_async(acknowledged, timeout=timeout, what=f"{DURABLE} past #{sequence}")
