"""Correcting a recorded price: a new observation replaces it, the old one stays."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from benuo_economy.domain.ids import OBSERVATION_ID
from benuo_economy.domain.observations import PriceRow, price_problems
from benuo_economy.domain.problems import InputProblem
from benuo_economy.models import Market, PriceObservation
from benuo_economy.service_layer import price_lookups
from benuo_economy.service_layer.alerts import reassess
from benuo_economy.service_layer.observations import (
    PricePolicy,
    Recorded,
    invalid,
    recorded_event,
)
from benuo_runtime.messaging.outbox import emit
from benuo_runtime.problems import ProblemError


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
    original = _observation(session, observation_id)
    code = original.commodity_code
    commodity = price_lookups.lock_commodities(session, [code])[code]
    # Another correction of it may have committed while we waited for the lock.
    session.refresh(original)
    _refuse_if_replaced(session, original, observation_id)
    row = PriceRow(code, price, original.unit, confirm_implausible)
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
    emit(session, recorded_event(correction, corrects=observation_id))
    market = session.get_one(Market, original.market_code)
    alerts = reassess(
        session, [commodity], market, since=original.observed_on, rules=policy.rules, now=now
    )
    return Recorded([correction], alerts)


def _observation(session: Session, observation_id: str) -> PriceObservation:
    number = OBSERVATION_ID.parse(observation_id)
    found = session.get(PriceObservation, number) if number is not None else None
    if found is None:
        raise ProblemError(404, f"There is no observation {observation_id}.", kind="not-found")
    return found


def _refuse_if_replaced(
    session: Session, observation: PriceObservation, observation_id: str
) -> None:
    """Only the current version of a price can be corrected; 409 naming it otherwise."""
    if observation.superseded_at is None:
        return
    successor = session.exec(
        select(PriceObservation).where(col(PriceObservation.corrects_id) == observation.id)
    ).one()
    raise ProblemError(
        409,
        f"{observation_id} was corrected by {successor.observation_id}; correct that one.",
        kind="superseded",
        current=successor.observation_id,
    )
