"""Recording staple prices: a market day at once, or a correction of one observation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from benuo_contract.events.economy import PriceRecordedV1
from benuo_economy.domain.alerts import AlertRules
from benuo_economy.domain.calendar import wita_today
from benuo_economy.domain.ids import OBSERVATION_ID
from benuo_economy.domain.observations import (
    Plausibility,
    PriceRow,
    date_problems,
    price_problems,
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
    problems = date_problems(observed_on, wita_today(now)) + row_problems(
        rows,
        units={code: commodity.unit for code, commodity in commodities.items()},
        last_prices=price_lookups.last_prices(session, market.code, codes, before=observed_on),
        recorded=price_lookups.recorded_on(session, market.code, observed_on, codes),
        plausibility=policy.plausibility,
    )
    if problems:
        raise invalid(problems)
    observations = [
        PriceObservation(
            commodity_code=row.commodity_code,
            market_code=market.code,
            kecamatan_code=market.kecamatan_code,
            observed_on=observed_on,
            price=row.price,
            unit=row.unit,
            confirmed_implausible=row.confirm_implausible,
            recorded_by=recorded_by,
            recorded_at=now,
        )
        for row in rows
    ]
    session.add_all(observations)
    session.flush()
    for observation in observations:
        emit(session, _recorded_event(observation, corrects=None))
    changed = [commodities[row.commodity_code] for row in rows]
    alerts = reassess(session, changed, market, since=observed_on, rules=policy.rules, now=now)
    return Recorded(observations, alerts)


def correct(
    session: Session,
    observation_id: str,
    price: int,
    *,
    confirm_implausible: bool,
    reason: str | None,
    recorded_by: str,
    policy: PricePolicy,
    now: datetime,
) -> Recorded:
    """A new observation replacing ``observation_id``; the corrected one stays in the history."""
    original = current_observation(session, observation_id)
    row = PriceRow(original.commodity_code, price, original.unit, confirm_implausible)
    commodity = price_lookups.lock_commodities(session, [original.commodity_code])[
        original.commodity_code
    ]
    last = price_lookups.last_prices(
        session, original.market_code, [commodity.code], before=original.observed_on
    ).get(commodity.code)
    problems = price_problems(row, last=last, plausibility=policy.plausibility, index=None)
    if row.price == original.price:
        message = f"{observation_id} already says Rp{row.price:,}: there is nothing to correct."
        problems.append(InputProblem("price", message, "unchanged"))
    if problems:
        raise invalid(problems)
    original.superseded_at = now
    session.add(original)
    session.flush()  # frees the day's one current slot before the correction takes it
    correction = PriceObservation(
        commodity_code=original.commodity_code,
        market_code=original.market_code,
        kecamatan_code=original.kecamatan_code,
        observed_on=original.observed_on,
        price=row.price,
        unit=original.unit,
        confirmed_implausible=row.confirm_implausible,
        corrects_id=original.id,
        correction_reason=reason,
        recorded_by=recorded_by,
        recorded_at=now,
    )
    session.add(correction)
    session.flush()
    emit(session, _recorded_event(correction, corrects=observation_id))
    market = session.get_one(Market, original.market_code)
    alerts = reassess(
        session, [commodity], market, since=original.observed_on, rules=policy.rules, now=now
    )
    return Recorded([correction], alerts)


def current_observation(session: Session, observation_id: str) -> PriceObservation:
    """The observation, if it is still the current one; 404 or 409 saying why otherwise."""
    number = OBSERVATION_ID.parse(observation_id)
    found = session.get(PriceObservation, number) if number is not None else None
    if found is None:
        raise ProblemError(404, f"There is no observation {observation_id}.", kind="not-found")
    if found.superseded_at is not None:
        successor = session.exec(
            select(PriceObservation).where(col(PriceObservation.corrects_id) == found.id)
        ).one()
        raise ProblemError(
            409,
            f"{observation_id} was corrected by {successor.observation_id}; correct that one.",
            kind="superseded",
            current=successor.observation_id,
        )
    return found


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


def _recorded_event(observation: PriceObservation, *, corrects: str | None) -> PriceRecordedV1:
    return PriceRecordedV1(
        observation_id=observation.observation_id,
        commodity_code=observation.commodity_code,
        market_code=observation.market_code,
        kecamatan_code=observation.kecamatan_code,
        observed_on=observation.observed_on,
        price=observation.price,
        unit=observation.unit,
        corrects=corrects,
        recorded_at=observation.recorded_at,
    )
