"""Tables of the gateway service."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel

from benuo_gateway.events.webhooks.models import WEBHOOK_TABLES
from benuo_runtime.db import tables_of
from benuo_runtime.messaging.tables import MESSAGING_TABLES, utcnow


class ApiKey(SQLModel, table=True):
    """A machine client's key. Only the SHA-256 of the secret is kept; lists are space-separated."""

    __tablename__ = "gateway_api_key"

    id: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=16)
    secret_hash: str = Field(max_length=64, unique=True)
    roles: str = Field(default="", max_length=200)
    pillars: str = Field(default="", max_length=500)
    agencies: str = Field(default="", max_length=1000)
    scopes: str = Field(default="", max_length=1000)
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    expires_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


TABLES = (*tables_of(ApiKey), *MESSAGING_TABLES, *WEBHOOK_TABLES)
