"""Checking a market day's rows before anything is written (pure domain)."""

from __future__ import annotations

from datetime import date

from benuo_economy.domain.observations import (
    LastPrice,
    Plausibility,
    PriceRow,
    date_problems,
    row_problems,
)
from benuo_economy.domain.series import Bucket, aggregate

UNITS = {"BERAS-MEDIUM": "kg", "CABAI-RAWIT-MERAH": "kg", "TELUR-AYAM-RAS": "kg"}
LAST = {"CABAI-RAWIT-MERAH": LastPrice(date(2026, 11, 26), 60000)}


def problems(*rows: PriceRow, recorded: dict[str, str] | None = None) -> list[tuple]:
    found = row_problems(
        rows, units=UNITS, last_prices=LAST, recorded=recorded or {}, plausibility=Plausibility(5)
    )
    return [(p.row, p.field, p.code) for p in found]


def test_a_clean_market_day_has_no_problems() -> None:
    assert (
        problems(PriceRow("BERAS-MEDIUM", 13000, "kg"), PriceRow("CABAI-RAWIT-MERAH", 65000, "kg"))
        == []
    )


def test_every_bad_row_is_named_with_its_field() -> None:
    assert problems(
        PriceRow("BERAS-MEDIUM", 13000, "kg"),
        PriceRow("BERAS-SUPER", 20000, "kg"),
        PriceRow("TELUR-AYAM-RAS", 0, "kg"),
        PriceRow("TELUR-AYAM-RAS", 29000, "kg"),
        PriceRow("CABAI-RAWIT-MERAH", 61000, "ons"),
        recorded={},
    ) == [
        (1, "commodity_code", "unknown-commodity"),
        (2, "price", "not-positive"),
        (3, "commodity_code", "duplicate-row"),
        (4, "unit", "wrong-unit"),
    ]


def test_a_price_five_times_the_last_one_or_a_fifth_of_it_needs_confirming() -> None:
    assert problems(PriceRow("CABAI-RAWIT-MERAH", 299_999, "kg")) == []
    assert problems(PriceRow("CABAI-RAWIT-MERAH", 300_000, "kg")) == [
        (0, "price", "implausible-price")
    ]
    assert problems(PriceRow("CABAI-RAWIT-MERAH", 12_000, "kg")) == [
        (0, "price", "implausible-price")
    ]
    assert problems(PriceRow("CABAI-RAWIT-MERAH", 300_000, "kg", confirm_implausible=True)) == []
    # Without a last price there is nothing to be implausible against.
    assert problems(PriceRow("BERAS-MEDIUM", 900_000, "kg")) == []


def test_the_implausible_message_says_what_the_last_price_was() -> None:
    [problem] = row_problems(
        [PriceRow("CABAI-RAWIT-MERAH", 600_000, "kg")],
        units=UNITS,
        last_prices=LAST,
        recorded={},
        plausibility=Plausibility(5),
    )
    assert "Rp60,000 on 2026-11-26" in problem.message
    assert "confirm_implausible" in problem.message


def test_a_price_beyond_any_staple_is_refused_even_when_confirmed() -> None:
    row = PriceRow("BERAS-MEDIUM", 10**12, "kg", confirm_implausible=True)
    assert problems(row) == [(0, "price", "too-large")]


def test_a_commodity_already_recorded_that_day_points_to_the_correction_route() -> None:
    found = row_problems(
        [PriceRow("BERAS-MEDIUM", 13000, "kg")],
        units=UNITS,
        last_prices={},
        recorded={"BERAS-MEDIUM": "OBS-0000042"},
        plausibility=Plausibility(),
    )
    assert [(p.row, p.code) for p in found] == [(0, "already-recorded")]
    assert "/observations/OBS-0000042/corrections" in found[0].message


def test_a_day_in_the_future_is_refused() -> None:
    assert date_problems(date(2026, 11, 28), today=date(2026, 11, 28)) == []
    [problem] = date_problems(date(2026, 11, 29), today=date(2026, 11, 28))
    assert (problem.field, problem.code) == ("observed_on", "future-date")


def test_series_points_hold_min_avg_max_per_period() -> None:
    observations = [
        (date(2026, 11, 2), 50000),  # Monday
        (date(2026, 11, 2), 54000),
        (date(2026, 11, 8), 53000),  # Sunday, same ISO week
        (date(2026, 11, 9), 60000),
        (date(2026, 12, 1), 40000),
    ]
    days = aggregate(observations, Bucket.DAY)
    assert [(p.period_start.day, p.min, p.avg, p.max, p.observations) for p in days[:1]] == [
        (2, 50000, 52000.0, 54000, 2)
    ]
    weeks = aggregate(observations, Bucket.WEEK)
    assert [(str(p.period_start), p.min, p.max, p.observations) for p in weeks] == [
        ("2026-11-02", 50000, 54000, 3),
        ("2026-11-09", 60000, 60000, 1),
        ("2026-11-30", 40000, 40000, 1),
    ]
    months = aggregate(observations, Bucket.MONTH)
    assert [(str(p.period_start), p.avg) for p in months] == [
        ("2026-11-01", 54250.0),
        ("2026-12-01", 40000.0),
    ]
