"""Platform events: things the platform itself does that integrators should hear about."""

from __future__ import annotations

from pydantic import AwareDatetime, Field

from benuo_contract.registry import EventPayload, event_type


@event_type(
    "ppu.platform.webhook.disabled",
    version=1,
    subject_field="subscription_id",
    summary="A webhook subscription was disabled after repeated delivery failures.",
    example={
        "subscription_id": "whs_01J2Y3",
        "reason": "10 consecutive deliveries failed; last: HTTP 503 from the receiver",
        "consecutive_failures": 10,
        "disabled_at": "2026-11-27T02:10:05Z",
    },
)
class WebhookDisabledV1(EventPayload):
    subscription_id: str
    reason: str = Field(max_length=500)
    consecutive_failures: int = Field(ge=1)
    disabled_at: AwareDatetime
