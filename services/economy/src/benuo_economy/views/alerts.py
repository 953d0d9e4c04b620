"""Current early-warning states and the history of alerts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, or_, select

from benuo_contract.events.economy import AlertLevel
from benuo_economy.domain.alerts import SEVERITY
from benuo_economy.models import PriceAlertRecord, PriceWatch


@dataclass(frozen=True)
class AlertFilters:
    commodity_code: str | None = None
    market_code: str | None = None
    scope: str | None = None

    def conditions(
        self, model: type[PriceWatch] | type[PriceAlertRecord]
    ) -> list[ColumnElement[bool]]:
        equal = {
            model.commodity_code: self.commodity_code,
            model.market_code: self.market_code,
            model.scope: self.scope,
        }
        return [col(column) == value for column, value in equal.items() if value is not None]


def current(session: Session, filters: AlertFilters) -> list[PriceWatch]:
    """Scopes in alert now, the most severe first."""
    query = select(PriceWatch).where(
        or_(col(PriceWatch.level) != AlertLevel.NORMAL, col(PriceWatch.above_reference)),
        *filters.conditions(PriceWatch),
    )
    return sorted(
        session.exec(query),
        key=lambda w: (-SEVERITY[AlertLevel(w.level)], w.commodity_code, w.alert_id),
    )


def regency_watches(session: Session) -> list[PriceWatch]:
    """The regency-wide state of every commodity that has prices."""
    query = select(PriceWatch).where(col(PriceWatch.scope) == "regency")
    return list(session.exec(query.order_by(col(PriceWatch.commodity_code))))


def history(
    session: Session,
    filters: AlertFilters,
    *,
    date_from: date | None,
    date_to: date | None,
    limit: int,
    offset: int,
) -> tuple[list[PriceAlertRecord], int]:
    conditions = filters.conditions(PriceAlertRecord)
    if date_from:
        conditions.append(col(PriceAlertRecord.observed_on) >= date_from)
    if date_to:
        conditions.append(col(PriceAlertRecord.observed_on) <= date_to)
    total = session.exec(
        select(func.count()).select_from(PriceAlertRecord).where(*conditions)
    ).one()
    page = session.exec(
        select(PriceAlertRecord)
        .where(*conditions)
        .order_by(col(PriceAlertRecord.id).desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(page), total
