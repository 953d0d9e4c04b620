"""What the webhook API takes and returns."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from benuo_gateway.events.domain.cursor import check_since
from benuo_gateway.events.domain.filters import MAX_FILTERS
from benuo_gateway.events.webhooks.models import (
    Outcome,
    SubscriptionStatus,
    WebhookDelivery,
    WebhookLane,
    WebhookSubscription,
)

_PRINTABLE = r"^[^\x00-\x1f\x7f]*$"


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive UTC; PostgreSQL aware. Callers always get aware UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class SubscriptionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(max_length=2000, examples=["https://example.org/benuo/events"])
    subjects: list[str] = Field(
        min_length=1, max_length=MAX_FILTERS, examples=[["ppu.governance.request.>"]]
    )
    description: str | None = Field(default=None, max_length=200, pattern=_PRINTABLE)
    since: AwareDatetime | None = Field(
        default=None, description="Deliver events from this time on (default: from now)"
    )

    @field_validator("since")
    @classmethod
    def _in_the_past(cls, since: datetime | None) -> datetime | None:
        return None if since is None else check_since(since, datetime.now(UTC))


class LanePublic(BaseModel):
    stream: str
    last_sequence: int = Field(description="The last event of this stream delivered")
    consecutive_failures: int


class SubscriptionPublic(BaseModel):
    id: str
    owner: str
    url: str
    subjects: list[str] = Field(description="The filters, one per pillar stream")
    description: str | None
    status: SubscriptionStatus
    disabled_reason: str | None
    disabled_at: datetime | None
    start_at: datetime
    created_at: datetime
    lanes: list[LanePublic] = Field(description="Where delivery is, per stream")

    @classmethod
    def of(
        cls, row: WebhookSubscription, lanes: list[WebhookLane] | None = None
    ) -> SubscriptionPublic:
        return cls(
            id=row.id,
            owner=row.owner,
            url=row.url,
            subjects=row.subjects.split(","),
            description=row.description,
            status=SubscriptionStatus(row.status),
            disabled_reason=row.disabled_reason,
            disabled_at=as_utc(row.disabled_at) if row.disabled_at else None,
            start_at=as_utc(row.start_at),
            created_at=as_utc(row.created_at),
            lanes=[
                LanePublic(
                    stream=lane.stream,
                    last_sequence=lane.last_sequence,
                    consecutive_failures=lane.consecutive_failures,
                )
                for lane in lanes or []
            ],
        )


class SubscriptionCreated(SubscriptionPublic):
    secret: str = Field(description="Shown once: keep it to verify the signatures")


class SecretRotated(BaseModel):
    secret: str = Field(description="Shown once; deliveries from now on are signed with it")


class DeliveryPublic(BaseModel):
    id: int
    event_id: str
    event_type: str
    stream: str
    stream_sequence: int
    attempt: int
    outcome: Outcome
    status_code: int | None
    error: str | None
    duration_ms: int
    attempted_at: datetime

    @classmethod
    def of(cls, row: WebhookDelivery) -> DeliveryPublic:
        assert row.id is not None
        return cls(
            id=row.id,
            event_id=row.event_id,
            event_type=row.event_type,
            stream=row.stream,
            stream_sequence=row.stream_sequence,
            attempt=row.attempt,
            outcome=Outcome(row.outcome),
            status_code=row.status_code,
            error=row.error,
            duration_ms=row.duration_ms,
            attempted_at=as_utc(row.attempted_at),
        )


class DeliveryPage(BaseModel):
    items: list[DeliveryPublic]
    next_before: int | None = Field(description="Pass as `before` for the next (older) page")
