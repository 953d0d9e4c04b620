"""After prices change: assess every affected scope, record what changed, announce it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

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
from benuo_economy.models import Commodity, Market, PriceAlertRecord
from benuo_economy.service_layer import price_lookups, watch_store
from benuo_economy.service_layer.watch_store import StoredWatch
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
    prices = price_lookups.prices_since(session, codes, since - timedelta(days=lookback))
    stored = watch_store.load(session, codes, market.code)
    rows, changes = [], []
    for commodity in commodities:
        by_market = prices.get(commodity.code, {})
        own: dict[str, DailyPrices] = {market.code: by_market.get(market.code, {})}
        for scope, series in ((Scope(commodity, market), own), (Scope(commodity, None), by_market)):
            assessment = assess(series, commodity.reference_price, rules)
            if assessment is None:
                continue
            before = stored.get(scope.alert_id, StoredWatch(NORMAL, None))
            happened = transition(before.state, assessment.state)
            rows.append(_watch_row(scope, assessment, _since(before, happened, assessment), now))
            if happened is not None:
                changes.append(_announce(session, scope, assessment, before.state, happened, now))
    watch_store.save(session, rows, existing=stored.keys())
    return changes


def _since(before: StoredWatch, happened: Transition | None, assessment: Assessment) -> date | None:
    """The day the scope's current alert began."""
    if happened is Transition.RAISED:
        return assessment.observed_on
    if happened is Transition.CLEARED:
        return None
    return before.alert_since


def _watch_row(
    scope: Scope, assessment: Assessment, alert_since: date | None, now: datetime
) -> dict[str, Any]:
    return {
        "alert_id": scope.alert_id,
        "commodity_code": scope.commodity.code,
        "scope": scope.name,
        "market_code": scope.market.code if scope.market else None,
        "kecamatan_code": scope.market.kecamatan_code if scope.market else None,
        "level": assessment.state.level.value,
        "above_reference": assessment.state.above_reference,
        "alert_since": alert_since,
        "observed_on": assessment.observed_on,
        "price": assessment.price,
        "markets": assessment.markets,
        "change_vs_previous_pct": assessment.change_vs_previous_pct,
        "change_vs_window_avg_pct": assessment.change_vs_window_avg_pct,
        "reference_price": assessment.reference_price,
        "updated_at": now,
    }


def _announce(
    session: Session,
    scope: Scope,
    assessment: Assessment,
    before: AlertState,
    happened: Transition,
    now: datetime,
) -> AlertChange:
    """Keep the change in the alert history and emit its event."""
    after = assessment.state
    figures: dict[str, Any] = {
        "alert_id": scope.alert_id,
        "commodity_code": scope.commodity.code,
        "scope": scope.name,
        "market_code": scope.market.code if scope.market else None,
        "observed_on": assessment.observed_on,
        "price": assessment.price,
        "previous_level": before.level,
    }
    changes: dict[str, Any] = {
        "change_vs_previous_pct": assessment.change_vs_previous_pct,
        "reference_price": assessment.reference_price,
    }
    session.add(
        PriceAlertRecord(
            **figures,
            **changes,
            transition=happened,
            level=after.level,
            above_reference=after.above_reference,
            change_vs_window_avg_pct=assessment.change_vs_window_avg_pct,
            recorded_at=now,
        )
    )
    kecamatan = scope.market.kecamatan_code if scope.market else None
    if happened is Transition.CLEARED:
        emit(session, PriceAlertClearedV1(**figures, kecamatan_code=kecamatan, cleared_at=now))
    else:
        emit(
            session,
            PriceAlertRaisedV1(
                **figures,
                **changes,
                kecamatan_code=kecamatan,
                level=after.level,
                change_vs_7d_avg_pct=assessment.change_vs_window_avg_pct,
                above_reference=after.above_reference,
                raised_at=now,
            ),
        )
    return AlertChange(scope.alert_id, happened, after.level, before.level, after.above_reference)
