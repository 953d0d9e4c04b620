"""Webhook tables: subscriptions, where each one is in each stream, and the delivery log."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column, DateTime, Index
from sqlmodel import Field, SQLModel

from benuo_runtime.db import tables_of
from benuo_runtime.messaging.tables import utcnow


class SubscriptionStatus(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"


class Outcome(StrEnum):
    DELIVERED = "delivered"
    FAILED = "failed"


def _timestamp(*, nullable: bool = False, index: bool = False) -> Column[datetime]:
    return Column(DateTime(timezone=True), nullable=nullable, index=index)


class WebhookSubscription(SQLModel, table=True):
    __tablename__ = "webhook_subscription"

    id: str = Field(primary_key=True, max_length=40)
    owner: str = Field(max_length=200, index=True, description="The subject who registered it")
    url: str = Field(max_length=2000)
    subjects: str = Field(max_length=2000, description="Subject filters, comma-separated")
    description: str | None = Field(default=None, max_length=200)
    secret: str = Field(max_length=100)
    status: str = Field(default=SubscriptionStatus.ACTIVE, max_length=20)
    disabled_reason: str | None = Field(default=None, max_length=500)
    disabled_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    start_at: datetime = Field(sa_column=_timestamp(), description="Deliver events from here")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_timestamp())


class WebhookLane(SQLModel, table=True):
    """A subscription delivers each pillar stream in its own ordered lane.

    ``last_sequence`` mirrors the JetStream consumer's position, so a lost consumer is
    recreated where it was instead of replaying from the start; ``consecutive_failures``
    counts failed attempts at the lane's head event since its last success.
    """

    __tablename__ = "webhook_lane"

    subscription_id: str = Field(primary_key=True, max_length=40)
    stream: str = Field(primary_key=True, max_length=50)
    last_sequence: int = Field(sa_column=Column(BigInteger, nullable=False))
    consecutive_failures: int = 0


class WebhookDelivery(SQLModel, table=True):
    """One delivery attempt, successful or not."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (Index("ix_webhook_delivery_subscription", "subscription_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: str = Field(max_length=40)
    event_id: str = Field(max_length=100)
    event_type: str = Field(max_length=255)
    stream: str = Field(max_length=50)
    stream_sequence: int = Field(sa_column=Column(BigInteger, nullable=False))
    attempt: int
    outcome: str = Field(max_length=20)
    status_code: int | None = None
    error: str | None = Field(default=None, max_length=500)
    duration_ms: int
    attempted_at: datetime = Field(default_factory=utcnow, sa_column=_timestamp(index=True))


WEBHOOK_TABLES = tables_of(WebhookSubscription, WebhookLane, WebhookDelivery)
