"""Holidays the SLA clocks skip, and the audit trail of admin changes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Field, SQLModel

from benuo_governance.persistence.columns import json_column, utc_column
from benuo_runtime.messaging.tables import utcnow


class Holiday(SQLModel, table=True):
    __tablename__ = "holiday"

    day: date = Field(primary_key=True)
    name: str = Field(max_length=120)
    kind: str = Field(max_length=16, description="libur_nasional or cuti_bersama")
    status: str = Field(default="official", max_length=16)
    updated_by: str = Field(default="seed", max_length=200)


class AuditEntry(SQLModel, table=True):
    """Who changed the catalogue or the holidays, when, and to what."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    actor: str = Field(max_length=200)
    entity: str = Field(max_length=32)
    entity_id: str = Field(max_length=64)
    action: str = Field(max_length=16)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
