"""The reads that writing prices needs: commodities, last prices, what a day already has."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date, timedelta

from sqlalchemy import func, tuple_
from sqlmodel import Session, col, select

from benuo_economy.domain.alerts import DailyPrices
from benuo_economy.domain.observations import LastPrice
from benuo_economy.models import Commodity, PriceObservation

Obs = PriceObservation
CURRENT = col(Obs.superseded_at).is_(None)
# A price older than a year is no yardstick for today's; it also bounds the scan.
LAST_PRICE_HORIZON_DAYS = 366


def lock_commodities(session: Session, codes: Collection[str]) -> dict[str, Commodity]:
    """The known commodities among ``codes``, locked until commit (PostgreSQL).

    Writers of the same commodity take turns, so each one's regency-wide assessment sees
    the observations the one before it committed.
    """
    query = (
        select(Commodity)
        .where(col(Commodity.code).in_(sorted(codes)))
        .order_by(col(Commodity.code))
        .with_for_update()
    )
    return {commodity.code: commodity for commodity in session.exec(query)}


def last_prices(
    session: Session, market_code: str, codes: Collection[str], *, before: date
) -> dict[str, LastPrice]:
    """The market's most recent current price of each commodity in the year before ``before``."""
    conditions = (
        col(Obs.market_code) == market_code,
        col(Obs.commodity_code).in_(codes),
        col(Obs.observed_on) < before,
        col(Obs.observed_on) >= before - timedelta(days=LAST_PRICE_HORIZON_DAYS),
        CURRENT,
    )
    # Two plain queries rather than a join on a grouped subquery: PostgreSQL planned that
    # join as a nested loop over the whole history while the table's statistics lagged
    # behind a bulk load, seconds per market day.
    last_days = session.exec(
        select(col(Obs.commodity_code), func.max(Obs.observed_on))
        .where(*conditions)
        .group_by(col(Obs.commodity_code))
    ).all()
    if not last_days:
        return {}
    query = select(col(Obs.commodity_code), col(Obs.observed_on), col(Obs.price)).where(
        *conditions, tuple_(col(Obs.commodity_code), col(Obs.observed_on)).in_(last_days)
    )
    return {code: LastPrice(day, price) for code, day, price in session.exec(query)}


def standing_on(
    session: Session, market_code: str, day: date, codes: Collection[str]
) -> dict[str, PriceObservation]:
    """The current observation of each commodity of ``codes`` at this market and day."""
    query = select(Obs).where(
        col(Obs.market_code) == market_code,
        col(Obs.observed_on) == day,
        col(Obs.commodity_code).in_(codes),
        CURRENT,
    )
    return {obs.commodity_code: obs for obs in session.exec(query)}


def prices_since(
    session: Session, codes: Collection[str], since: date
) -> dict[str, dict[str, DailyPrices]]:
    """Current prices from ``since`` on: commodity -> market -> day -> price."""
    query = select(
        col(Obs.commodity_code), col(Obs.market_code), col(Obs.observed_on), col(Obs.price)
    ).where(col(Obs.commodity_code).in_(codes), col(Obs.observed_on) >= since, CURRENT)
    found: dict[str, dict[str, dict[date, int]]] = defaultdict(lambda: defaultdict(dict))
    # A plain Core query: this is the hot read of every market day (hundreds of rows).
    for commodity, market, day, price in session.connection().execute(query):
        found[commodity][market][day] = price
    return {commodity: dict(markets) for commodity, markets in found.items()}
