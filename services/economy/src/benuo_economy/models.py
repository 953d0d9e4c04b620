"""Tables of the economy service."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, DateTime, ForeignKey, Index, String, text
from sqlmodel import Field, SQLModel

from benuo_economy.domain.ids import BUSINESS_ID, OBSERVATION_ID
from benuo_runtime.db import tables_of
from benuo_runtime.messaging.tables import MESSAGING_TABLES, utcnow


def _moment() -> Column:  # type: ignore[type-arg]
    return Column(DateTime(timezone=True), nullable=False)


class Business(SQLModel, table=True):
    """A business in the registry: from an approved permit, or entered by an officer."""

    __tablename__ = "economy_business"

    id: int | None = Field(default=None, primary_key=True)
    version: int = 1
    name: str = Field(max_length=200)
    kbli_code: str = Field(max_length=5, index=True)
    sector_code: str | None = Field(default=None, max_length=1, index=True)
    risk_level: str = Field(max_length=20)
    permit_number: str | None = Field(default=None, max_length=100, unique=True)
    application_id: str | None = Field(default=None, max_length=64, unique=True)
    permit_version: int | None = None
    kecamatan_code: str = Field(max_length=8, index=True)
    desa_code: str = Field(max_length=13, index=True)
    status: str = Field(max_length=20, index=True)
    registered_on: date = Field(index=True)
    origin: str = Field(max_length=10)
    registered_at: datetime = Field(default_factory=utcnow, sa_column=_moment())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_moment())

    @property
    def business_id(self) -> str:
        assert self.id is not None, "flush first: the id comes from the database"
        return BUSINESS_ID.format(self.id)


class Market(SQLModel, table=True):
    __tablename__ = "economy_market"

    code: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=120)
    address: str | None = Field(default=None, max_length=200)
    kecamatan_code: str = Field(max_length=8)
    desa_code: str = Field(max_length=13)
    demo: bool = False


class Commodity(SQLModel, table=True):
    __tablename__ = "economy_commodity"

    code: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=120)
    unit: str = Field(max_length=10)
    reference_price: int | None = None
    reference_kind: str | None = Field(default=None, max_length=10)
    reference_source: str | None = Field(default=None, max_length=300)


class PriceObservation(SQLModel, table=True):
    """A price seen at a market on a day. A correction is a new row; the old one stays."""

    __tablename__ = "economy_price_observation"
    __table_args__ = (
        Index(
            "ix_economy_price_observation_series", "commodity_code", "market_code", "observed_on"
        ),
        Index("ix_economy_price_observation_day", "commodity_code", "observed_on"),
        Index(
            "uq_economy_price_observation_current",
            "commodity_code",
            "market_code",
            "observed_on",
            unique=True,
            sqlite_where=text("superseded_at IS NULL"),
            postgresql_where=text("superseded_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    commodity_code: str = Field(
        sa_column=Column(String(40), ForeignKey("economy_commodity.code"), nullable=False)
    )
    market_code: str = Field(
        sa_column=Column(String(40), ForeignKey("economy_market.code"), nullable=False)
    )
    kecamatan_code: str = Field(max_length=8)
    observed_on: date
    price: int
    unit: str = Field(max_length=10)
    confirmed_implausible: bool = False
    corrects_id: int | None = Field(default=None, index=True)
    correction_reason: str | None = Field(default=None, max_length=300)
    superseded_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    recorded_by: str = Field(max_length=200)
    recorded_at: datetime = Field(default_factory=utcnow, sa_column=_moment())

    @property
    def observation_id(self) -> str:
        assert self.id is not None, "flush first: the id comes from the database"
        return OBSERVATION_ID.format(self.id)


class PriceWatch(SQLModel, table=True):
    """The early-warning state of one scope (a commodity at a market, or regency-wide)."""

    __tablename__ = "economy_price_watch"

    alert_id: str = Field(primary_key=True, max_length=100)
    commodity_code: str = Field(max_length=40, index=True)
    scope: str = Field(max_length=10)
    market_code: str | None = Field(default=None, max_length=40)
    kecamatan_code: str | None = Field(default=None, max_length=8)
    level: str = Field(max_length=10)
    above_reference: bool = False
    alert_since: date | None = None
    observed_on: date
    price: int
    markets: int
    change_vs_previous_pct: float | None = None
    change_vs_window_avg_pct: float | None = None
    reference_price: int | None = None
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_moment())


class PriceAlertRecord(SQLModel, table=True):
    """One raise, change or clear of an alert: the history the early-warning team reviews."""

    __tablename__ = "economy_price_alert_history"

    id: int | None = Field(default=None, primary_key=True)
    alert_id: str = Field(max_length=100, index=True)
    commodity_code: str = Field(max_length=40, index=True)
    scope: str = Field(max_length=10)
    market_code: str | None = Field(default=None, max_length=40)
    transition: str = Field(max_length=10)
    level: str = Field(max_length=10)
    previous_level: str = Field(max_length=10)
    above_reference: bool
    observed_on: date = Field(index=True)
    price: int
    change_vs_previous_pct: float | None = None
    change_vs_window_avg_pct: float | None = None
    reference_price: int | None = None
    recorded_at: datetime = Field(default_factory=utcnow, sa_column=_moment())


TABLES = (
    *tables_of(Business, Market, Commodity, PriceObservation, PriceWatch, PriceAlertRecord),
    *MESSAGING_TABLES,
)
