from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from benuo_runtime.db import tables_of
from benuo_runtime.messaging.tables import MESSAGING_TABLES, utcnow


class ProbeRequest(SQLModel, table=True):
    __tablename__ = "probe_request"

    request_id: str = Field(primary_key=True, max_length=64)
    description: str = Field(max_length=500)
    created_at: datetime = Field(default_factory=utcnow)


class ProbeEffect(SQLModel, table=True):
    __tablename__ = "probe_effect"

    id: int | None = Field(default=None, primary_key=True)
    event_id: uuid.UUID = Field(index=True)
    request_id: str = Field(max_length=64)
    trace_id: str = Field(max_length=32)
    pid: int


class ProbeFault(SQLModel, table=True):
    """A request id whose events the consumer fails on, until the row is deleted."""

    __tablename__ = "probe_fault"

    request_id: str = Field(primary_key=True, max_length=64)


PROBE_TABLES = (*tables_of(ProbeRequest, ProbeEffect, ProbeFault), *MESSAGING_TABLES)
