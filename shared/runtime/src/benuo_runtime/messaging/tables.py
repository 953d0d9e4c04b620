"""The outbox and inbox tables every service carries next to its own."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, Index, Text, text
from sqlmodel import Field, SQLModel

from benuo_runtime.db import tables_of


def utcnow() -> datetime:
    return datetime.now(UTC)


class OutboxMessage(SQLModel, table=True):
    """An event written in the same transaction as the change it announces."""

    __tablename__ = "benuo_outbox"
    __table_args__ = (
        Index(
            "ix_benuo_outbox_pending",
            "id",
            sqlite_where=text("published_at IS NULL"),
            postgresql_where=text("published_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: uuid.UUID = Field(unique=True)
    subject: str = Field(max_length=255)
    event_type: str = Field(max_length=255)
    body: str = Field(sa_column=Column(Text, nullable=False))
    headers: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    published_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True, index=True)
    )
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=1000)


class InboxEntry(SQLModel, table=True):
    """An event a consumer has applied; written with the effect, so redelivery is harmless."""

    __tablename__ = "benuo_inbox"

    consumer: str = Field(primary_key=True, max_length=200)
    event_id: uuid.UUID = Field(primary_key=True)
    event_type: str = Field(max_length=255)
    processed_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


MESSAGING_TABLES = tables_of(OutboxMessage, InboxEntry)
