"""TPID-style early warning on staple prices.

An assessment looks at the latest day of a price series and compares it with the previous
observation and with the average of the trailing window (the ``window_days`` before that
day, not counting it). The larger rise decides the level. For several markets at once (the
regency-wide view) both comparisons are made market by market on the markets that reported
on the latest day, so a day on which only the dearest market has reported does not look
like a rise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from statistics import fmean

from benuo_contract.events.economy import AlertLevel

SEVERITY = {level: rank for rank, level in enumerate(AlertLevel)}

# One market's current price per day.
DailyPrices = Mapping[date, int]


@dataclass(frozen=True)
class AlertRules:
    """Thresholds in percent (a rise strictly above one reaches its level)."""

    rising_pct: float = 5.0
    waspada_pct: float = 8.0
    siaga_pct: float = 12.0
    awas_pct: float = 20.0
    window_days: int = 7
    previous_max_age_days: int = 14

    def __post_init__(self) -> None:
        thresholds = [self.rising_pct, self.waspada_pct, self.siaga_pct, self.awas_pct]
        if thresholds[0] <= 0 or thresholds != sorted(set(thresholds)):
            raise ValueError(
                "alert thresholds must be positive and strictly increasing "
                f"(rising < waspada < siaga < awas), got {thresholds}"
            )
        if self.window_days < 1 or self.previous_max_age_days < 1:
            raise ValueError("the trailing window and the previous-observation age must be >= 1")

    def level_for(self, change_pct: float | None) -> AlertLevel:
        if change_pct is None:
            return AlertLevel.NORMAL
        for level, threshold in (
            (AlertLevel.AWAS, self.awas_pct),
            (AlertLevel.SIAGA, self.siaga_pct),
            (AlertLevel.WASPADA, self.waspada_pct),
            (AlertLevel.RISING, self.rising_pct),
        ):
            if change_pct > threshold:
                return level
        return AlertLevel.NORMAL


@dataclass(frozen=True)
class AlertState:
    level: AlertLevel = AlertLevel.NORMAL
    above_reference: bool = False

    @property
    def is_alert(self) -> bool:
        return self.level != AlertLevel.NORMAL or self.above_reference


NORMAL = AlertState()


@dataclass(frozen=True)
class Assessment:
    observed_on: date
    price: int
    markets: int
    change_vs_previous_pct: float | None
    change_vs_window_avg_pct: float | None
    reference_price: int | None
    state: AlertState


def assess(
    prices_by_market: Mapping[str, DailyPrices], reference_price: int | None, rules: AlertRules
) -> Assessment | None:
    """The early-warning state on the latest day of the series; None for an empty series."""
    days = {day for prices in prices_by_market.values() for day in prices}
    if not days:
        return None
    latest = max(days)
    reporting = {m: prices for m, prices in prices_by_market.items() if latest in prices}
    price = round(fmean(prices[latest] for prices in reporting.values()))
    previous_pairs, window_pairs = [], []
    for prices in reporting.values():
        now = prices[latest]
        previous = _previous(prices, latest, rules.previous_max_age_days)
        if previous is not None:
            previous_pairs.append((now, float(previous)))
        window = [
            p for d, p in prices.items() if latest - timedelta(rules.window_days) <= d < latest
        ]
        if window:
            window_pairs.append((now, fmean(window)))
    vs_previous = _matched_change(previous_pairs)
    vs_window = _matched_change(window_pairs)
    level = max(rules.level_for(vs_previous), rules.level_for(vs_window), key=SEVERITY.__getitem__)
    above = reference_price is not None and price > reference_price
    return Assessment(
        observed_on=latest,
        price=price,
        markets=len(reporting),
        change_vs_previous_pct=vs_previous,
        change_vs_window_avg_pct=vs_window,
        reference_price=reference_price,
        state=AlertState(level, above),
    )


def _previous(prices: DailyPrices, latest: date, max_age_days: int) -> int | None:
    earlier = [d for d in prices if latest - timedelta(max_age_days) <= d < latest]
    return prices[max(earlier)] if earlier else None


def _matched_change(pairs: list[tuple[int, float]]) -> float | None:
    """Percent change of the summed current prices over the summed prices compared with.

    Rounded to hundredths, the precision it is published with, so that the level always
    agrees with the figure people see (an 8.00% rise is not above 8%).
    """
    if not pairs:
        return None
    before = sum(b for _, b in pairs)
    return round((sum(n for n, _ in pairs) / before - 1) * 100, 2)


class Transition(StrEnum):
    RAISED = "raised"
    CHANGED = "changed"
    CLEARED = "cleared"


def transition(before: AlertState, after: AlertState) -> Transition | None:
    """What happened to the alert of one scope; None when nothing a watcher needs to hear."""
    if before == after:
        return None
    if not after.is_alert:
        return Transition.CLEARED
    return Transition.CHANGED if before.is_alert else Transition.RAISED


def alert_id_for(commodity_code: str, market_code: str | None) -> str:
    """The stable id of one scope's alert (the events' subject): per market, or regency-wide."""
    return f"ALR-{commodity_code}-{market_code or 'REGENCY'}"
