"""Economy events: the business registry and the staple-price watch (TPID early warning)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import AwareDatetime, Field

from benuo_contract.events.governance import RiskLevel
from benuo_contract.registry import EventPayload, event_type
from benuo_contract.types import DesaCode, EntityVersion, KecamatanCode, Rupiah


class BusinessStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class AlertLevel(StrEnum):
    """TPID early-warning levels, mildest first."""

    NORMAL = "normal"
    RISING = "rising"
    WASPADA = "waspada"
    SIAGA = "siaga"
    AWAS = "awas"


class BusinessState(EventPayload):
    business_id: str
    version: EntityVersion
    name: str
    kbli_code: str = Field(pattern=r"^\d{5}$")
    sector: str = Field(description="KBLI section letter and title, e.g. 'G Perdagangan'")
    risk_level: RiskLevel
    permit_number: str | None = None
    kecamatan_code: KecamatanCode
    desa_code: DesaCode
    status: BusinessStatus
    registered_on: dt.date
    origin: Literal["permit", "officer"]


@event_type(
    "ppu.economy.business.registered",
    version=1,
    subject_field="business_id",
    summary="A business entered the registry (from an approved permit or by an officer).",
    example={
        "business_id": "BIZ-000045",
        "version": 1,
        "name": "Warung Makan Benuo Taka",
        "kbli_code": "56101",
        "sector": "I Penyediaan Akomodasi dan Penyediaan Makan Minum",
        "risk_level": "menengah_rendah",
        "permit_number": "503/0045/DPMPTSP-PPU/XI/2026",
        "kecamatan_code": "64.09.01",
        "desa_code": "64.09.01.1010",
        "status": "active",
        "registered_on": "2026-11-04",
        "origin": "permit",
        "registered_at": "2026-11-04T06:00:02Z",
    },
)
class BusinessRegisteredV1(BusinessState):
    registered_at: AwareDatetime


@event_type(
    "ppu.economy.business.updated",
    version=1,
    subject_field="business_id",
    summary="A registered business changed (status, permit, place or classification).",
    example={
        "business_id": "BIZ-000045",
        "version": 2,
        "name": "Warung Makan Benuo Taka",
        "kbli_code": "56101",
        "sector": "I Penyediaan Akomodasi dan Penyediaan Makan Minum",
        "risk_level": "menengah_rendah",
        "permit_number": "503/0045/DPMPTSP-PPU/XI/2026",
        "kecamatan_code": "64.09.01",
        "desa_code": "64.09.01.1010",
        "status": "suspended",
        "registered_on": "2026-11-04",
        "origin": "permit",
        "updated_at": "2026-11-20T02:00:00Z",
    },
)
class BusinessUpdatedV1(BusinessState):
    updated_at: AwareDatetime


@event_type(
    "ppu.economy.price.recorded",
    version=1,
    subject_field="observation_id",
    summary="An officer recorded (or corrected) a staple price at a market.",
    example={
        "observation_id": "OBS-0000123",
        "commodity_code": "CABAI-RAWIT-MERAH",
        "market_code": "PASAR-INDUK-PENAJAM",
        "kecamatan_code": "64.09.01",
        "observed_on": "2026-11-27",
        "price": 62000,
        "unit": "kg",
        "recorded_at": "2026-11-27T02:10:00Z",
    },
)
class PriceRecordedV1(EventPayload):
    observation_id: str
    commodity_code: str
    market_code: str
    kecamatan_code: KecamatanCode
    observed_on: dt.date
    price: Rupiah
    unit: str = Field(examples=["kg"])
    corrects: str | None = Field(default=None, description="The observation this one corrects")
    recorded_at: AwareDatetime


class AlertScope(EventPayload):
    alert_id: str
    commodity_code: str
    scope: Literal["market", "regency"]
    market_code: str | None = Field(default=None, description="Set when scope is 'market'")
    kecamatan_code: KecamatanCode | None = Field(
        default=None, description="The market's kecamatan, when scope is 'market'"
    )
    observed_on: dt.date
    price: Rupiah = Field(
        description="The price that day; regency-wide, the mean over the markets that reported"
    )


@event_type(
    "ppu.economy.price.alert_raised",
    version=1,
    subject_field="alert_id",
    summary="A staple price crossed an early-warning level, or moved to another level.",
    example={
        "alert_id": "ALR-CABAI-RAWIT-MERAH-PASAR-INDUK-PENAJAM",
        "commodity_code": "CABAI-RAWIT-MERAH",
        "scope": "market",
        "market_code": "PASAR-INDUK-PENAJAM",
        "kecamatan_code": "64.09.01",
        "observed_on": "2026-11-27",
        "price": 62000,
        "level": "siaga",
        "previous_level": "waspada",
        "change_vs_previous_pct": 9.7,
        "change_vs_7d_avg_pct": 14.2,
        "reference_price": 57000,
        "above_reference": True,
        "raised_at": "2026-11-27T02:10:01Z",
    },
)
class PriceAlertRaisedV1(AlertScope):
    level: AlertLevel
    previous_level: AlertLevel
    # These three default to None: the envelope leaves None members out of its JSON, so a
    # required-but-null member would not survive the trip and the event would not parse.
    change_vs_previous_pct: float | None = Field(
        default=None,
        description="Rise against the previous observation, in percent; absent without one",
    )
    change_vs_7d_avg_pct: float | None = Field(
        default=None,
        description=(
            "Rise against the average of the trailing 7 days (the day itself excluded; the "
            "window is configurable), in percent; absent without observations in it"
        ),
    )
    reference_price: Rupiah | None = Field(
        default=None, description="HET/HAP where one exists; absent otherwise"
    )
    above_reference: bool
    raised_at: AwareDatetime


@event_type(
    "ppu.economy.price.alert_cleared",
    version=1,
    subject_field="alert_id",
    summary="A staple price returned to normal; the alert is over.",
    example={
        "alert_id": "ALR-CABAI-RAWIT-MERAH-PASAR-INDUK-PENAJAM",
        "commodity_code": "CABAI-RAWIT-MERAH",
        "scope": "market",
        "market_code": "PASAR-INDUK-PENAJAM",
        "kecamatan_code": "64.09.01",
        "observed_on": "2026-12-04",
        "price": 51000,
        "previous_level": "siaga",
        "cleared_at": "2026-12-04T02:10:01Z",
    },
)
class PriceAlertClearedV1(AlertScope):
    previous_level: AlertLevel
    cleared_at: AwareDatetime
