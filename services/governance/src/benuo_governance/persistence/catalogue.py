"""Agencies (OPD) and the service catalogue."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from benuo_governance.persistence.columns import json_column, utc_column
from benuo_runtime.messaging.tables import utcnow


class Agency(SQLModel, table=True):
    __tablename__ = "agency"

    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=200)


class ServiceCategory(SQLModel, table=True):
    """A kind of problem citizens report (an Open311 service)."""

    __tablename__ = "service_category"

    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=120)
    name_en: str = Field(max_length=120)
    description: str = Field(max_length=1000)
    group: str = Field(max_length=80)
    keywords: list[str] = Field(default_factory=list, sa_column=json_column())
    agency_code: str = Field(foreign_key="agency.code", max_length=32)
    sla_working_days: int
    attributes: list[dict[str, Any]] = Field(default_factory=list, sa_column=json_column())
    retired_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    updated_by: str = Field(default="seed", max_length=200)
