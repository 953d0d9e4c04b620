"""Public price reads: the latest prices and price series."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlmodel import select

from benuo_contract import KecamatanCode
from benuo_economy.api.price_schemas import WatchOut
from benuo_economy.domain.calendar import wita_today
from benuo_economy.domain.series import Bucket, SeriesPoint
from benuo_economy.models import Commodity
from benuo_economy.views import alerts, prices
from benuo_economy.views.prices import PriceFilters
from benuo_runtime.auth import caller
from benuo_runtime.db import SessionDep
from benuo_runtime.problems import ProblemError

router = APIRouter(prefix="/api/v1/economy/prices", tags=["prices"], dependencies=[Depends(caller)])
MAX_SERIES_DAYS = 3 * 366
EARLIEST = date(2000, 1, 1)  # the default start, 29 days before the end, must exist


class LatestPrice(BaseModel):
    observation_id: str
    commodity_code: str
    market_code: str
    kecamatan_code: str
    observed_on: date
    price: int
    unit: str
    reference_price: int | None
    above_reference: bool


class LatestPrices(BaseModel):
    markets: list[LatestPrice] = Field(description="Each commodity's last price at each market")
    regency: list[WatchOut] = Field(description="Each commodity's last regency-wide assessment")


@router.get("/latest", summary="The latest price of each commodity at each market")
def latest_prices(
    session: SessionDep,
    commodity_code: str | None = None,
    market_code: str | None = None,
    kecamatan_code: KecamatanCode | None = None,
) -> LatestPrices:
    references = {c.code: c.reference_price for c in session.exec(select(Commodity))}
    filters = PriceFilters(commodity_code, market_code, kecamatan_code)
    items = []
    for obs in prices.latest(session, filters):
        reference = references.get(obs.commodity_code)
        items.append(
            LatestPrice(
                observation_id=obs.observation_id,
                commodity_code=obs.commodity_code,
                market_code=obs.market_code,
                kecamatan_code=obs.kecamatan_code,
                observed_on=obs.observed_on,
                price=obs.price,
                unit=obs.unit,
                reference_price=reference,
                above_reference=reference is not None and obs.price > reference,
            )
        )
    regency = [
        WatchOut.of(watch)
        for watch in alerts.regency_watches(session)
        if commodity_code in (None, watch.commodity_code)
    ]
    return LatestPrices(markets=items, regency=regency)


class Series(BaseModel):
    commodity_code: str
    unit: str
    reference_price: int | None
    market_code: str | None
    kecamatan_code: str | None
    bucket: Bucket
    date_from: date
    date_to: date
    points: list[SeriesPoint]


@router.get("/series", summary="Min/avg/max per day, week or month of one commodity")
def price_series(
    session: SessionDep,
    commodity_code: str,
    market_code: str | None = None,
    kecamatan_code: KecamatanCode | None = None,
    date_from: Annotated[date | None, Query(ge=EARLIEST)] = None,
    date_to: Annotated[date | None, Query(ge=EARLIEST)] = None,
    bucket: Annotated[Bucket, Query(description="Period of each point")] = Bucket.DAY,
) -> Series:
    """Over every market unless ``market_code`` or ``kecamatan_code`` narrows it."""
    commodity = session.get(Commodity, commodity_code)
    if commodity is None:
        raise ProblemError(404, f"There is no commodity {commodity_code}.", kind="not-found")
    date_to = date_to or wita_today()
    date_from = date_from or date_to - timedelta(days=29)
    if not 0 <= (date_to - date_from).days <= MAX_SERIES_DAYS:
        raise ProblemError(
            422,
            f"date_from must be on or before date_to and at most {MAX_SERIES_DAYS} days earlier.",
            kind="validation-error",
            errors=[{"field": "date_from", "message": "out of range", "code": "range"}],
        )
    filters = PriceFilters(commodity.code, market_code, kecamatan_code, date_from, date_to)
    return Series(
        commodity_code=commodity.code,
        unit=commodity.unit,
        reference_price=commodity.reference_price,
        market_code=market_code,
        kecamatan_code=kecamatan_code,
        bucket=bucket,
        date_from=date_from,
        date_to=date_to,
        points=prices.series(session, filters, bucket),
    )
