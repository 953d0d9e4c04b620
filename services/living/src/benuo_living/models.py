"""Tables of the living service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, TypeDecorator
from sqlmodel import Field, SQLModel

from benuo_runtime.db import tables_of
from benuo_runtime.messaging.tables import MESSAGING_TABLES


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware timestamp on every database (SQLite hands back naive UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value


def timestamp(*, nullable: bool = False) -> Any:
    return Field(sa_column=Column(UtcDateTime(), nullable=nullable))


class Facility(SQLModel, table=True):
    """A public facility. ``status`` is what the public sees; ``officer_status`` is what an
    officer last said (open citizen requests can only make it worse, never better)."""

    __tablename__ = "living_facility"
    __table_args__ = (Index("ix_living_facility_lat_lng", "lat", "lng"),)

    facility_id: str = Field(primary_key=True, max_length=40)
    version: int = 1
    type: str = Field(max_length=32, index=True)
    name: str = Field(max_length=200)
    kecamatan_code: str = Field(max_length=8, index=True)
    desa_code: str = Field(max_length=13)
    lat: float
    lng: float
    status: str = Field(max_length=20, index=True)
    officer_status: str = Field(max_length=20)
    opening_hours: str | None = Field(default=None, max_length=120)
    demo: bool
    created_at: dt.datetime = timestamp()
    updated_at: dt.datetime = timestamp()


class FacilityStatusChange(SQLModel, table=True):
    """One change of a facility's public status: the history."""

    __tablename__ = "living_facility_status_change"

    id: int | None = Field(default=None, primary_key=True)
    facility_id: str = Field(max_length=40, index=True)
    facility_version: int
    status: str = Field(max_length=20)
    previous_status: str = Field(max_length=20)
    cause: str = Field(max_length=20)
    request_id: str | None = Field(default=None, max_length=64)
    open_request_ids: list[str] = Field(sa_column=Column(JSON, nullable=False))
    note: str | None = Field(default=None, max_length=500)
    changed_at: dt.datetime = timestamp()


class TrackedRequest(SQLModel, table=True):
    """The newest state seen of a citizen request about a facility, and the facility it holds."""

    __tablename__ = "living_request"

    request_id: str = Field(primary_key=True, max_length=64)
    version: int
    status: str = Field(max_length=20)
    service_code: str = Field(max_length=40)
    facility_id: str | None = Field(default=None, max_length=40, index=True)
    is_open: bool
    updated_at: dt.datetime = timestamp()


class PriceObservation(SQLModel, table=True):
    """A staple price recorded by the economy service (one per price event)."""

    __tablename__ = "living_price_observation"

    observation_id: str = Field(primary_key=True, max_length=64)
    commodity_code: str = Field(max_length=40)
    market_code: str = Field(max_length=64)
    kecamatan_code: str = Field(max_length=8)
    observed_on: dt.date = Field(index=True)
    price: int
    unit: str = Field(max_length=16)
    corrects: str | None = Field(default=None, max_length=64, index=True)
    recorded_at: dt.datetime = timestamp()


class CostIndexPoint(SQLModel, table=True):
    """The index of one scope ('regency' or a kecamatan code) on one day: the history."""

    __tablename__ = "living_cost_index_point"

    index_id: str = Field(primary_key=True, max_length=8)
    as_of: dt.date = Field(primary_key=True)
    value: float
    basket_cost: int
    priced_commodities: int
    computed_at: dt.datetime = timestamp()


class CostIndex(SQLModel, table=True):
    """The latest value of one index, and the last value announced in an event."""

    __tablename__ = "living_cost_index"

    index_id: str = Field(primary_key=True, max_length=8)
    value: float
    basket_cost: int
    priced_commodities: int
    as_of: dt.date
    published_value: float | None = None
    updated_at: dt.datetime = timestamp()


TABLES = (
    *tables_of(
        Facility, FacilityStatusChange, TrackedRequest, PriceObservation, CostIndexPoint, CostIndex
    ),
    *MESSAGING_TABLES,
)
