"""Recording staple prices and keeping the cost-of-living indexes and their history current."""

from __future__ import annotations

import datetime as dt
from datetime import UTC, datetime

from sqlalchemy import exists, text
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, delete, select

from benuo_contract.events.economy import PriceRecordedV1
from benuo_living.domain.cost_index import (
    Basket,
    IndexPoint,
    Observation,
    affected_days,
    in_basket,
    indexes_on,
)
from benuo_living.models import CostIndexPoint, PriceObservation
from benuo_living.store.announcements import announce_moves

_LOCK_KEY = 0x6C6976696E67  # "living"


def record_price(
    session: Session,
    price: PriceRecordedV1,
    *,
    basket: Basket,
    lookback_days: int,
    threshold_pct: float,
) -> None:
    """Store the observation (once) and recompute every index day it can move."""
    if session.get(PriceObservation, price.observation_id) is not None:
        return  # the same observation published again
    session.add(
        PriceObservation(
            observation_id=price.observation_id,
            commodity_code=price.commodity_code,
            market_code=price.market_code,
            kecamatan_code=price.kecamatan_code,
            observed_on=price.observed_on,
            price=price.price,
            unit=price.unit,
            corrects=price.corrects,
            recorded_at=price.recorded_at,
        )
    )
    if price.commodity_code not in basket.items:
        return
    _one_recompute_at_a_time(session)
    changed = [price.observed_on]
    if price.corrects is not None:
        corrected = session.get(PriceObservation, price.corrects)
        if corrected is not None:
            changed.append(corrected.observed_on)
    session.flush()
    recompute(session, changed, basket=basket, lookback_days=lookback_days)
    announce_moves(session, threshold_pct=threshold_pct)


def _one_recompute_at_a_time(session: Session) -> None:
    # Replicas recomputing overlapping days at once would trip over each other's rows.
    # SQLite serialises writers already; PostgreSQL needs a lock held until commit.
    if session.get_bind().dialect.name == "postgresql":
        session.connection().execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})


def recompute(
    session: Session, changed: list[dt.date], *, basket: Basket, lookback_days: int
) -> None:
    first, last = affected_days(changed, lookback_days)
    observations = in_basket(
        _live_observations(session, first - dt.timedelta(days=lookback_days), last), basket
    )
    days = {o.observed_on for o in observations if first <= o.observed_on <= last}
    days |= set(
        session.exec(
            select(col(CostIndexPoint.as_of)).where(col(CostIndexPoint.as_of).between(first, last))
        )
    )
    session.exec(delete(CostIndexPoint).where(col(CostIndexPoint.as_of).between(first, last)))
    now = datetime.now(UTC)
    for day in sorted(days):
        for index_id, point in indexes_on(day, observations, basket, lookback_days).items():
            session.add(_point_row(index_id, day, point, now))
    session.flush()


def _point_row(index_id: str, day: dt.date, point: IndexPoint, now: datetime) -> CostIndexPoint:
    return CostIndexPoint(
        index_id=index_id,
        as_of=day,
        value=point.value,
        basket_cost=point.basket_cost,
        priced_commodities=point.priced_commodities,
        computed_at=now,
    )


def _live_observations(session: Session, after: dt.date, until: dt.date) -> list[Observation]:
    """Observations in (after, until] that no other observation corrects."""
    correction = aliased(PriceObservation)
    rows = session.exec(
        select(PriceObservation).where(
            col(PriceObservation.observed_on) > after,
            col(PriceObservation.observed_on) <= until,
            ~exists().where(col(correction.corrects) == col(PriceObservation.observation_id)),
        )
    )
    return [
        Observation(
            observation_id=row.observation_id,
            commodity_code=row.commodity_code,
            market_code=row.market_code,
            kecamatan_code=row.kecamatan_code,
            observed_on=row.observed_on,
            price=row.price,
            unit=row.unit,
            corrects=row.corrects,
            recorded_at=row.recorded_at,
        )
        for row in rows
    ]
