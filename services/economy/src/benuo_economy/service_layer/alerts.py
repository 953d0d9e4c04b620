"""After prices change: assess every affected scope, record what changed, announce it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, or_, select

from benuo_contract.events.economy import AlertLevel, PriceAlertClearedV1, PriceAlertRaisedV1
from benuo_economy.domain.alerts import (
    NORMAL,
    AlertRules,
    AlertState,
    Assessment,
    DailyPrices,
    Transition,
    alert_id_for,
    assess,
    transition,
)
from benuo_economy.models import Commodity, Market, PriceAlertRecord, PriceWatch
from benuo_economy.service_layer.price_lookups import prices_since
from benuo_runtime.messaging.outbox import emit


@dataclass(frozen=True)
class Scope:
    commodity: Commodity
    market: Market | None  # None: regency-wide

    @property
    def alert_id(self) -> str:
        return alert_id_for(self.commodity.code, self.market.code if self.market else None)

    @property
    def name(self) -> str:
        return "market" if self.market else "regency"


@dataclass(frozen=True)
class AlertChange:
    alert_id: str
    transition: Transition
    level: AlertLevel
    previous_level: AlertLevel
    above_reference: bool


def reassess(
    session: Session,
    commodities: Sequence[Commodity],
    market: Market,
    *,
    since: date,
    rules: AlertRules,
    now: datetime,
) -> list[AlertChange]:
    """Re-assess ``market`` and the regency for each commodity whose prices changed on ``since``.

    An assessment is of the latest day of each scope, so a late or corrected observation
    for an earlier day counts through the averages it belongs to.
    """
    lookback = max(rules.window_days, rules.previous_max_age_days)
    codes = [commodity.code for commodity in commodities]
    prices = prices_since(session, codes, since - timedelta(days=lookback))
    watches = _watches(session, codes, market.code)
    changes = []
    for commodity in commodities:
        by_market = prices.get(commodity.code, {})
        own: dict[str, DailyPrices] = {market.code: by_market.get(market.code, {})}
        for scope, series in ((Scope(commodity, market), own), (Scope(commodity, None), by_market)):
            assessment = assess(series, commodity.reference_price, rules)
            if assessment is None:
                continue
            change = _record(session, scope, watches.get(scope.alert_id), assessment, now)
            if change is not None:
                changes.append(change)
    return changes


def _watches(session: Session, codes: list[str], market_code: str) -> dict[str, PriceWatch]:
    query = select(PriceWatch).where(
        col(PriceWatch.commodity_code).in_(codes),
        or_(col(PriceWatch.market_code) == market_code, col(PriceWatch.scope) == "regency"),
    )
    return {watch.alert_id: watch for watch in session.exec(query)}


def _record(
    session: Session,
    scope: Scope,
    watch: PriceWatch | None,
    assessment: Assessment,
    now: datetime,
) -> AlertChange | None:
    before = AlertState(AlertLevel(watch.level), watch.above_reference) if watch else NORMAL
    after = assessment.state
    happened = transition(before, after)
    if watch is None:
        watch = PriceWatch(
            alert_id=scope.alert_id,
            commodity_code=scope.commodity.code,
            scope=scope.name,
            market_code=scope.market.code if scope.market else None,
            kecamatan_code=scope.market.kecamatan_code if scope.market else None,
            level=AlertLevel.NORMAL,
            observed_on=assessment.observed_on,
            price=assessment.price,
            markets=assessment.markets,
        )
    _update_watch(watch, assessment, happened, now)
    session.add(watch)
    if happened is None:
        return None
    session.add(_history_entry(watch, happened, before, now))
    emit(session, _event(watch, before, happened, now))
    return AlertChange(watch.alert_id, happened, after.level, before.level, after.above_reference)


def _update_watch(
    watch: PriceWatch, assessment: Assessment, happened: Transition | None, now: datetime
) -> None:
    watch.level = assessment.state.level
    watch.above_reference = assessment.state.above_reference
    watch.observed_on = assessment.observed_on
    watch.price = assessment.price
    watch.markets = assessment.markets
    watch.change_vs_previous_pct = _rounded(assessment.change_vs_previous_pct)
    watch.change_vs_window_avg_pct = _rounded(assessment.change_vs_window_avg_pct)
    watch.reference_price = assessment.reference_price
    watch.updated_at = now
    if happened is Transition.RAISED:
        watch.alert_since = assessment.observed_on
    elif happened is Transition.CLEARED:
        watch.alert_since = None


def _rounded(change: float | None) -> float | None:
    return None if change is None else round(change, 2)


def _history_entry(
    watch: PriceWatch, happened: Transition, before: AlertState, now: datetime
) -> PriceAlertRecord:
    return PriceAlertRecord(
        alert_id=watch.alert_id,
        commodity_code=watch.commodity_code,
        scope=watch.scope,
        market_code=watch.market_code,
        transition=happened,
        level=watch.level,
        previous_level=before.level,
        above_reference=watch.above_reference,
        observed_on=watch.observed_on,
        price=watch.price,
        change_vs_previous_pct=watch.change_vs_previous_pct,
        change_vs_window_avg_pct=watch.change_vs_window_avg_pct,
        reference_price=watch.reference_price,
        recorded_at=now,
    )


def _event(
    watch: PriceWatch, before: AlertState, happened: Transition, now: datetime
) -> PriceAlertRaisedV1 | PriceAlertClearedV1:
    common = {
        "alert_id": watch.alert_id,
        "commodity_code": watch.commodity_code,
        "scope": watch.scope,
        "market_code": watch.market_code,
        "kecamatan_code": watch.kecamatan_code,
        "observed_on": watch.observed_on,
        "price": watch.price,
        "previous_level": before.level,
    }
    if happened is Transition.CLEARED:
        return PriceAlertClearedV1(**common, cleared_at=now)
    return PriceAlertRaisedV1(
        **common,
        level=AlertLevel(watch.level),
        change_vs_previous_pct=watch.change_vs_previous_pct,
        change_vs_7d_avg_pct=watch.change_vs_window_avg_pct,
        reference_price=watch.reference_price,
        above_reference=watch.above_reference,
        raised_at=now,
    )
