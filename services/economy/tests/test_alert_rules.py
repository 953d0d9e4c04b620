"""Early-warning levels on hand-made price series (pure domain, no I/O)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from benuo_contract.events.economy import AlertLevel
from benuo_economy.domain.alerts import (
    NORMAL,
    AlertRules,
    AlertState,
    Transition,
    assess,
    transition,
)

RULES = AlertRules()
START = date(2026, 11, 1)


def day(n: int) -> date:
    return START + timedelta(days=n)


def daily(*prices: int) -> dict[date, int]:
    return {day(n): price for n, price in enumerate(prices)}


def test_levels_start_strictly_above_each_threshold() -> None:
    changes = (None, -30, 5.0, 5.01, 8.0, 8.5, 12.0, 12.5, 20.0, 20.1)
    assert [RULES.level_for(change) for change in changes] == [
        AlertLevel.NORMAL, AlertLevel.NORMAL, AlertLevel.NORMAL, AlertLevel.RISING,
        AlertLevel.RISING, AlertLevel.WASPADA, AlertLevel.WASPADA, AlertLevel.SIAGA,
        AlertLevel.SIAGA, AlertLevel.AWAS,
    ]  # fmt: skip


def test_thresholds_are_configurable_and_must_rise() -> None:
    strict = AlertRules(rising_pct=2, waspada_pct=3, siaga_pct=4, awas_pct=6)
    assert strict.level_for(4.5) is AlertLevel.SIAGA
    with pytest.raises(ValueError, match="strictly increasing"):
        AlertRules(rising_pct=5, waspada_pct=12, siaga_pct=8, awas_pct=20)


def test_the_first_day_has_nothing_to_compare_with() -> None:
    first = assess({"PASAR-A": daily(62000)}, reference_price=57000, rules=RULES)
    assert first is not None
    assert (first.change_vs_previous_pct, first.change_vs_window_avg_pct) == (None, None)
    assert first.state == AlertState(AlertLevel.NORMAL, above_reference=True)
    plain = assess({"PASAR-A": daily(50000)}, reference_price=57000, rules=RULES)
    assert plain is not None
    assert plain.state == NORMAL
    assert assess({}, reference_price=None, rules=RULES) is None


def walk(
    prices: list[int], reference: int | None = None
) -> list[tuple[AlertLevel, Transition | None]]:
    """Assess the series day by day, as each day's observation arrives."""
    state, seen = NORMAL, []
    for n in range(len(prices)):
        assessment = assess({"PASAR-A": daily(*prices[: n + 1])}, reference, RULES)
        assert assessment is not None
        seen.append((assessment.state.level, transition(state, assessment.state)))
        state = assessment.state
    return seen


def test_a_level_going_up_and_coming_back_down() -> None:
    seen = walk(
        [50000] * 7 + [53000, 54000, 57500, 61000, 61000, 61000, 61000, 61000, 61000, 61000, 61000]
    )
    assert seen[:7] == [(AlertLevel.NORMAL, None)] * 7
    # 53000: +6% on yesterday and on the week's average of 50000.
    assert seen[7] == (AlertLevel.RISING, Transition.RAISED)
    # 54000: +1.9% on yesterday, +7.1% on the trailing average (50429): rising, no event.
    assert seen[8] == (AlertLevel.RISING, None)
    # 57500: +6.5% on yesterday, +12.75% on the average (51000): siaga.
    assert seen[9] == (AlertLevel.SIAGA, Transition.CHANGED)
    # 61000: +6.1% on yesterday, +17.2% on the average (52071): still siaga, no event.
    assert seen[10] == (AlertLevel.SIAGA, None)
    # Flat at 61000, the average catches up: +13.7%, +10.5%, +7.4%, +4.5% ...
    levels = [level for level, _ in seen[11:]]
    assert levels == [
        AlertLevel.SIAGA, AlertLevel.WASPADA, AlertLevel.RISING, AlertLevel.NORMAL,
        AlertLevel.NORMAL, AlertLevel.NORMAL, AlertLevel.NORMAL,
    ]  # fmt: skip
    transitions = [t for _, t in seen if t is not None]
    assert transitions == [
        Transition.RAISED,  # rising
        Transition.CHANGED,  # siaga
        Transition.CHANGED,  # waspada
        Transition.CHANGED,  # rising
        Transition.CLEARED,
    ]


def test_a_correction_replaces_the_days_price_and_clears_what_the_typo_raised() -> None:
    week = [50000] * 7
    typo = assess({"PASAR-A": daily(*week, 65000)}, reference_price=None, rules=RULES)
    assert typo is not None
    assert typo.state.level is AlertLevel.AWAS
    corrected = assess({"PASAR-A": daily(*week, 50500)}, reference_price=None, rules=RULES)
    assert corrected is not None
    assert corrected.state == NORMAL
    assert corrected.change_vs_previous_pct == pytest.approx(1.0)
    assert transition(typo.state, corrected.state) is Transition.CLEARED


def test_the_trailing_average_leaves_out_the_day_itself_and_older_days() -> None:
    prices = {day(0): 10000, **{day(n): 50000 for n in range(2, 9)}, day(9): 54000}
    assessment = assess({"PASAR-A": prices}, reference_price=None, rules=RULES)
    assert assessment is not None
    # Days 2..8 count; day 0 is more than 7 days before day 9. Exactly +8% is not above 8%.
    assert assessment.change_vs_window_avg_pct == 8.0
    assert assessment.state.level is AlertLevel.RISING


def test_a_previous_observation_older_than_the_limit_is_not_compared() -> None:
    prices = {day(0): 40000, day(20): 60000}
    assessment = assess({"PASAR-A": prices}, reference_price=None, rules=RULES)
    assert assessment is not None
    assert assessment.change_vs_previous_pct is None
    assert assessment.state == NORMAL


def test_regency_wide_changes_compare_each_market_with_itself() -> None:
    cheap = daily(*[40000] * 8)
    dear = daily(*[60000] * 8)
    only_the_dear_market_today = {
        "CHEAP": {d: p for d, p in cheap.items() if d < day(7)},
        "DEAR": dear,
    }
    assessment = assess(only_the_dear_market_today, reference_price=None, rules=RULES)
    assert assessment is not None
    assert (assessment.price, assessment.markets) == (60000, 1)
    # A naive mean would see 60000 against yesterday's 50000: +20%.
    assert assessment.change_vs_previous_pct == pytest.approx(0.0)
    assert assessment.state == NORMAL

    rising = {"CHEAP": daily(*[40000] * 7, 44000), "DEAR": daily(*[60000] * 7, 60000)}
    both = assess(rising, reference_price=None, rules=RULES)
    assert both is not None
    assert (both.price, both.markets) == (52000, 2)
    assert both.change_vs_previous_pct == pytest.approx(4.0)  # (44000+60000)/(40000+60000)
    assert both.state.level is AlertLevel.NORMAL


def test_above_reference_alone_is_an_alert_and_its_end_clears_it() -> None:
    above = AlertState(AlertLevel.NORMAL, above_reference=True)
    assert above.is_alert
    assert transition(NORMAL, above) is Transition.RAISED
    assert transition(above, AlertState(AlertLevel.RISING, True)) is Transition.CHANGED
    assert transition(above, above) is None
    assert transition(above, NORMAL) is Transition.CLEARED
    assert transition(NORMAL, NORMAL) is None
