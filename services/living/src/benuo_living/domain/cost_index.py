"""The staple-basket cost-of-living index (a fixed-quantity, Laspeyres-type index).

index(scope, day) = 100 * sum(q_i * p_i(scope, day)) / sum(q_i * base_price_i)

- ``q_i``: the basket's quantity of commodity i (kg per household per month).
- ``p_i(scope, day)``: the mean, over the scope's markets, of each market's latest price of
  commodity i observed in the ``lookback_days`` ending on ``day``. A kecamatan whose markets
  did not price commodity i borrows the regency-wide price; with no price anywhere the
  base price stands in (that commodity then moves nothing).
- Corrected observations are replaced by their corrections, whatever order they arrive in.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

REGENCY = "regency"
PRICE_UNIT = "kg"


@dataclass(frozen=True)
class BasketItem:
    quantity_kg: float
    base_price: int


@dataclass(frozen=True)
class Basket:
    items: Mapping[str, BasketItem]
    base_period: str

    @property
    def base_cost(self) -> float:
        return sum(item.quantity_kg * item.base_price for item in self.items.values())


@dataclass(frozen=True)
class Observation:
    observation_id: str
    commodity_code: str
    market_code: str
    kecamatan_code: str
    observed_on: dt.date
    price: int
    unit: str = PRICE_UNIT
    corrects: str | None = None
    recorded_at: dt.datetime | None = None


@dataclass(frozen=True)
class IndexPoint:
    value: float
    basket_cost: int
    priced_commodities: int


def in_basket(observations: Iterable[Observation], basket: Basket) -> list[Observation]:
    """Observations the index can use: basket commodities, priced per kg, not corrected."""
    observations = list(observations)
    corrected = {o.corrects for o in observations if o.corrects}
    return [
        o
        for o in observations
        if o.commodity_code in basket.items
        and o.unit == PRICE_UNIT
        and o.observation_id not in corrected
    ]


def scope_prices(observations: Iterable[Observation]) -> dict[str, float]:
    """Per commodity, the mean over markets of each market's latest observed price."""
    latest: dict[tuple[str, str], Observation] = {}
    for o in observations:
        key = (o.commodity_code, o.market_code)
        if key not in latest or _recency(o) > _recency(latest[key]):
            latest[key] = o
    by_commodity: dict[str, list[int]] = defaultdict(list)
    for (commodity, _market), o in latest.items():
        by_commodity[commodity].append(o.price)
    return {commodity: sum(p) / len(p) for commodity, p in by_commodity.items()}


def _recency(o: Observation) -> tuple[dt.date, str, str]:
    # Same market, same day: the later-recorded observation wins; the id breaks exact ties
    # so the answer never depends on the order events arrived in.
    recorded = o.recorded_at.isoformat() if o.recorded_at else ""
    return (o.observed_on, recorded, o.observation_id)


def index_point(
    basket: Basket, prices: Mapping[str, float], fallback: Mapping[str, float]
) -> IndexPoint:
    cost = 0.0
    priced = 0
    for commodity, item in basket.items.items():
        price = prices.get(commodity, fallback.get(commodity))
        if price is None:
            price = item.base_price
        else:
            priced += 1
        cost += item.quantity_kg * price
    return IndexPoint(
        value=round(100 * cost / basket.base_cost, 2),
        basket_cost=round(cost),
        priced_commodities=priced,
    )


def indexes_on(
    day: dt.date, observations: Iterable[Observation], basket: Basket, lookback_days: int
) -> dict[str, IndexPoint]:
    """Every index that has data on ``day``: 'regency', and each kecamatan with a market
    price in the window. ``observations`` must already be filtered by ``in_basket``."""
    start = day - dt.timedelta(days=lookback_days)
    window = [o for o in observations if start < o.observed_on <= day]
    if not window:
        return {}
    regency_prices = scope_prices(window)
    points = {REGENCY: index_point(basket, regency_prices, {})}
    for kecamatan in sorted({o.kecamatan_code for o in window}):
        local = scope_prices(o for o in window if o.kecamatan_code == kecamatan)
        points[kecamatan] = index_point(basket, local, regency_prices)
    return points


def affected_days(changed: Iterable[dt.date], lookback_days: int) -> tuple[dt.date, dt.date]:
    """The days whose index an observation on any of ``changed`` days can move."""
    days = sorted(changed)
    return days[0], days[-1] + dt.timedelta(days=lookback_days - 1)


def moved_enough(published: float | None, value: float, threshold_pct: float) -> bool:
    """Whether ``value`` is worth announcing: the first value, or a move of more than
    ``threshold_pct`` since the last announced one (so slow drifts are announced too)."""
    if published is None:
        return True
    return abs(value - published) / published * 100 > threshold_pct


def change_pct(previous: float | None, value: float) -> float | None:
    if previous is None:
        return None
    return round((value - previous) / previous * 100, 2)
