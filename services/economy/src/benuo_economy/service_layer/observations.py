"""Recording staple prices: a market day at once, every row or none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import insert
from sqlmodel import Session

from benuo_contract.events.economy import PriceRecordedV1
from benuo_economy.domain.alerts import AlertRules
from benuo_economy.domain.calendar import as_utc, wita_today
from benuo_economy.domain.observations import (
    Plausibility,
    PriceRow,
    date_problems,
    row_problems,
)
from benuo_economy.domain.problems import InputProblem
from benuo_economy.models import Market, PriceObservation
from benuo_economy.service_layer import price_lookups
from benuo_economy.service_layer.alerts import AlertChange, reassess
from benuo_runtime.messaging.outbox import emit
from benuo_runtime.problems import ProblemError


@dataclass(frozen=True)
class PricePolicy:
    rules: AlertRules
    plausibility: Plausibility


@dataclass(frozen=True)
class Recorded:
    observations: list[PriceObservation]
    alerts: list[AlertChange]


def record_market_day(
    session: Session,
    market_code: str,
    observed_on: date,
    rows: Sequence[PriceRow],
    *,
    recorded_by: str,
    policy: PricePolicy,
    now: datetime,
) -> Recorded:
    """Write every row or none: a refused day raises 422 naming each offending row."""
    market = session.get(Market, market_code)
    if market is None:
        message = f"{market_code!r} is not a known market; GET /api/v1/economy/markets lists them."
        raise invalid([InputProblem("market_code", message, "unknown-market")])
    codes = {row.commodity_code for row in rows}
    commodities = price_lookups.lock_commodities(session, codes)
    standing = price_lookups.standing_on(session, market.code, observed_on, codes)
    problems = date_problems(observed_on, wita_today(now)) + row_problems(
        rows,
        units={code: commodity.unit for code, commodity in commodities.items()},
        last_prices=price_lookups.last_prices(session, market.code, codes, before=observed_on),
        recorded={code: obs.observation_id for code, obs in standing.items()},
        plausibility=policy.plausibility,
    )
    if problems:
        raise invalid(problems)
    observations = _insert_day(session, market, observed_on, rows, recorded_by, now)
    for observation in observations:
        emit(session, recorded_event(observation, corrects=None))
    changed = [commodities[row.commodity_code] for row in rows]
    alerts = reassess(session, changed, market, since=observed_on, rules=policy.rules, now=now)
    return Recorded(observations, alerts)


def _insert_day(
    session: Session,
    market: Market,
    observed_on: date,
    rows: Sequence[PriceRow],
    recorded_by: str,
    now: datetime,
) -> list[PriceObservation]:
    """Insert the day's rows in one statement, then load them back in row order.

    The ORM would insert them one by one to learn their ids; one executemany and one
    select do the same for any number of rows.
    """
    values = [
        {
            "commodity_code": row.commodity_code,
            "market_code": market.code,
            "kecamatan_code": market.kecamatan_code,
            "observed_on": observed_on,
            "price": row.price,
            "unit": row.unit,
            "confirmed_implausible": row.confirm_implausible,
            "recorded_by": recorded_by,
            "recorded_at": now,
        }
        for row in rows
    ]
    session.connection().execute(insert(PriceObservation), values)
    codes = [row.commodity_code for row in rows]
    stored = price_lookups.standing_on(session, market.code, observed_on, codes)
    return [stored[code] for code in codes]


def invalid(problems: list[InputProblem]) -> ProblemError:
    rows = sorted({p.row for p in problems if p.row is not None})
    where = f" in rows {', '.join(map(str, rows))}" if rows else ""
    return ProblemError(
        422,
        f"Nothing was recorded: {len(problems)} problem(s){where}.",
        kind="invalid-prices",
        title="The prices were not recorded",
        errors=[problem.as_dict() for problem in problems],
    )


def recorded_event(observation: PriceObservation, *, corrects: str | None) -> PriceRecordedV1:
    return PriceRecordedV1(
        observation_id=observation.observation_id,
        commodity_code=observation.commodity_code,
        market_code=observation.market_code,
        kecamatan_code=observation.kecamatan_code,
        observed_on=observation.observed_on,
        price=observation.price,
        unit=observation.unit,
        corrects=corrects,
        recorded_at=as_utc(observation.recorded_at),
    )
