"""Latest prices, price series and the observation history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, tuple_
from sqlmodel import Session, col, select

from benuo_economy.domain.ids import OBSERVATION_ID
from benuo_economy.domain.series import Bucket, SeriesPoint, aggregate
from benuo_economy.models import PriceObservation

Obs = PriceObservation
CURRENT = col(Obs.superseded_at).is_(None)


@dataclass(frozen=True)
class PriceFilters:
    commodity_code: str | None = None
    market_code: str | None = None
    kecamatan_code: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        equal = {
            Obs.commodity_code: self.commodity_code,
            Obs.market_code: self.market_code,
            Obs.kecamatan_code: self.kecamatan_code,
        }
        found = [col(column) == value for column, value in equal.items() if value is not None]
        if self.date_from:
            found.append(col(Obs.observed_on) >= self.date_from)
        if self.date_to:
            found.append(col(Obs.observed_on) <= self.date_to)
        return found


def latest(session: Session, filters: PriceFilters) -> list[PriceObservation]:
    """The most recent current observation of each commodity at each market."""
    last_days = session.exec(
        select(col(Obs.commodity_code), col(Obs.market_code), func.max(Obs.observed_on))
        .where(CURRENT, *filters.conditions())
        .group_by(col(Obs.commodity_code), col(Obs.market_code))
    ).all()
    if not last_days:
        return []
    keys = tuple_(col(Obs.commodity_code), col(Obs.market_code), col(Obs.observed_on))
    query = (
        select(Obs)
        .where(CURRENT, keys.in_(last_days))
        .order_by(col(Obs.commodity_code), col(Obs.market_code))
    )
    return list(session.exec(query))


def series(session: Session, filters: PriceFilters, bucket: Bucket) -> list[SeriesPoint]:
    query = select(col(Obs.observed_on), col(Obs.price)).where(CURRENT, *filters.conditions())
    return aggregate(session.exec(query), bucket)


def history(
    session: Session, filters: PriceFilters, *, include_corrected: bool, limit: int, offset: int
) -> tuple[list[PriceObservation], int]:
    conditions = filters.conditions() + ([] if include_corrected else [CURRENT])
    total = session.exec(select(func.count()).select_from(Obs).where(*conditions)).one()
    page = session.exec(
        select(Obs)
        .where(*conditions)
        .order_by(col(Obs.observed_on).desc(), col(Obs.id).desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(page), total


def with_corrections(session: Session, observation_id: str) -> list[PriceObservation]:
    """Every version of one market-day price, oldest first; empty for an unknown id."""
    number = OBSERVATION_ID.parse(observation_id)
    found = session.get(Obs, number) if number is not None else None
    if found is None:
        return []
    chain = [found]
    while chain[0].corrects_id is not None:
        chain.insert(0, session.get_one(Obs, chain[0].corrects_id))
    while chain[-1].superseded_at is not None:
        successor = select(Obs).where(col(Obs.corrects_id) == chain[-1].id)
        chain.append(session.exec(successor).one())
    return chain
