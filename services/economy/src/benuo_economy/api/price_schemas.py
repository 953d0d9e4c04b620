"""What the price routes accept and answer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from benuo_contract.events.economy import AlertLevel
from benuo_economy.domain.calendar import as_utc
from benuo_economy.domain.ids import OBSERVATION_ID
from benuo_economy.models import PriceAlertRecord, PriceObservation, PriceWatch
from benuo_economy.service_layer.alerts import AlertChange
from benuo_economy.service_layer.observations import Recorded

Code = Annotated[str, Field(min_length=1, max_length=40, examples=["CABAI-RAWIT-MERAH"])]
ConfirmImplausible = Annotated[
    bool, Field(description="Record a price 5x above (or below) the last one anyway")
]


class PriceRowIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    commodity_code: Code
    price: int = Field(description="Rupiah per unit", examples=[62000])
    unit: str = Field(default="kg", max_length=10)
    confirm_implausible: ConfirmImplausible = False


class MarketDayIn(BaseModel):
    """A market's prices of one day: recorded all together or not at all."""

    model_config = ConfigDict(extra="forbid")

    market_code: Code
    observed_on: date
    prices: list[PriceRowIn] = Field(min_length=1, max_length=100)


class ObservationIn(PriceRowIn):
    market_code: Code
    observed_on: date


class CorrectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    price: int
    confirm_implausible: ConfirmImplausible = False
    reason: str | None = Field(default=None, max_length=300, examples=["salah ketik"])


class ObservationOut(BaseModel):
    observation_id: str
    commodity_code: str
    market_code: str
    kecamatan_code: str
    observed_on: date
    price: int
    unit: str
    current: bool = Field(description="False once a correction replaced it")
    corrects: str | None
    correction_reason: str | None
    confirmed_implausible: bool
    recorded_at: datetime

    @classmethod
    def of(cls, obs: PriceObservation) -> ObservationOut:
        return cls(
            observation_id=obs.observation_id,
            commodity_code=obs.commodity_code,
            market_code=obs.market_code,
            kecamatan_code=obs.kecamatan_code,
            observed_on=obs.observed_on,
            price=obs.price,
            unit=obs.unit,
            current=obs.superseded_at is None,
            corrects=OBSERVATION_ID.format(obs.corrects_id) if obs.corrects_id else None,
            correction_reason=obs.correction_reason,
            confirmed_implausible=obs.confirmed_implausible,
            recorded_at=as_utc(obs.recorded_at),
        )


class AlertChangeOut(BaseModel):
    alert_id: str
    transition: str
    level: AlertLevel
    previous_level: AlertLevel
    above_reference: bool

    @classmethod
    def of(cls, change: AlertChange) -> AlertChangeOut:
        return cls.model_validate(change, from_attributes=True)


class RecordedOut(BaseModel):
    observations: list[ObservationOut]
    alert_changes: list[AlertChangeOut]

    @classmethod
    def of(cls, recorded: Recorded) -> RecordedOut:
        return cls(
            observations=[ObservationOut.of(obs) for obs in recorded.observations],
            alert_changes=[AlertChangeOut.of(change) for change in recorded.alerts],
        )


class WatchOut(BaseModel):
    """The early-warning state of one scope."""

    model_config = ConfigDict(from_attributes=True)

    alert_id: str
    commodity_code: str
    scope: str
    market_code: str | None
    kecamatan_code: str | None
    level: AlertLevel
    above_reference: bool
    alert_since: date | None
    observed_on: date
    price: int = Field(description="Regency-wide: mean over the markets that reported that day")
    markets: int
    change_vs_previous_pct: float | None
    change_vs_window_avg_pct: float | None
    reference_price: int | None

    @classmethod
    def of(cls, watch: PriceWatch) -> WatchOut:
        return cls.model_validate(watch)


class AlertRecordOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    alert_id: str
    commodity_code: str
    scope: str
    market_code: str | None
    transition: str
    level: AlertLevel
    previous_level: AlertLevel
    above_reference: bool
    observed_on: date
    price: int
    change_vs_previous_pct: float | None
    change_vs_window_avg_pct: float | None
    reference_price: int | None
    recorded_at: datetime

    @classmethod
    def of(cls, record: PriceAlertRecord) -> AlertRecordOut:
        out = cls.model_validate(record)
        return out.model_copy(update={"recorded_at": as_utc(record.recorded_at)})
