"""The index against values computed by hand (no I/O)."""

from __future__ import annotations

import datetime as dt

import pytest

from benuo_living.domain.cost_index import (
    Basket,
    BasketItem,
    Observation,
    affected_days,
    change_pct,
    in_basket,
    indexes_on,
    moved_enough,
)
from benuo_living.settings import Settings

DAY = dt.date(2026, 11, 27)
SMALL = Basket(
    items={"BERAS-MEDIUM": BasketItem(10, 13_000), "TELUR-AYAM-RAS": BasketItem(2, 30_000)},
    base_period="test",
)  # base cost: 10 * 13,000 + 2 * 30,000 = 190,000


def obs(
    oid: str,
    commodity: str,
    price: int,
    *,
    market: str = "PASAR-A",
    kecamatan: str = "64.09.01",
    on: dt.date = DAY,
    corrects: str | None = None,
    unit: str = "kg",
) -> Observation:
    return Observation(oid, commodity, market, kecamatan, on, price, unit, corrects)


def test_the_default_basket_costs_856_100_rupiah_at_base_prices() -> None:
    basket = Settings(auth_jwks_path="unused").basket()
    # 20*13,100 + 5*15,400 + 1*41,500 + 0.5*40,000 + 0.5*55,000 + 0.5*55,000 + 0.5*57,000
    # + 0.25*40,000 + 0.5*140,000 + 3*40,000 + 3*30,000 + 2*17,500 + 3*15,700
    # = 262,000 + 77,000 + 41,500 + 20,000 + 27,500 + 27,500 + 28,500 + 10,000 + 70,000
    #   + 120,000 + 90,000 + 35,000 + 47,100 = 856,100
    assert basket.base_cost == 856_100
    assert len(basket.items) == 13
    at_base = [
        obs(f"O{n}", code, item.base_price) for n, (code, item) in enumerate(basket.items.items())
    ]
    point = indexes_on(DAY, at_base, basket, 30)["regency"]
    assert (point.value, point.basket_cost, point.priced_commodities) == (100.0, 856_100, 13)


def test_the_regency_index_averages_each_markets_price() -> None:
    observations = [
        obs("1", "BERAS-MEDIUM", 14_000, market="PASAR-A"),
        obs("2", "BERAS-MEDIUM", 15_000, market="PASAR-B", kecamatan="64.09.04"),
        obs("3", "TELUR-AYAM-RAS", 33_000, market="PASAR-A"),
    ]
    point = indexes_on(DAY, observations, SMALL, 30)["regency"]
    # rice: (14,000 + 15,000) / 2 = 14,500; eggs 33,000
    # cost = 10 * 14,500 + 2 * 33,000 = 211,000; index = 100 * 211,000 / 190,000 = 111.0526
    assert (point.value, point.basket_cost, point.priced_commodities) == (111.05, 211_000, 2)


def test_a_kecamatan_borrows_regency_prices_then_base_prices_for_what_its_markets_lack() -> None:
    observations = [
        obs("1", "BERAS-MEDIUM", 14_000, kecamatan="64.09.01"),
        obs("2", "TELUR-AYAM-RAS", 36_000, market="PASAR-B", kecamatan="64.09.04"),
    ]
    points = indexes_on(DAY, observations, SMALL, 30)
    # Penajam: own rice 14,000, Sepaku's eggs via the regency: 140,000 + 72,000 = 212,000
    assert (points["64.09.01"].value, points["64.09.01"].basket_cost) == (111.58, 212_000)
    # Sepaku: rice via the regency 14,000, own eggs 36,000: the same 212,000
    assert points["64.09.04"].basket_cost == 212_000
    assert set(points) == {"regency", "64.09.01", "64.09.04"}

    only_rice = indexes_on(DAY, observations[:1], SMALL, 30)["regency"]
    # no egg price anywhere: eggs stay at base, 140,000 + 60,000 = 200,000 -> 105.26
    assert (only_rice.value, only_rice.basket_cost, only_rice.priced_commodities) == (
        105.26,
        200_000,
        1,
    )


def test_each_market_counts_with_its_latest_price_within_the_lookback() -> None:
    observations = [
        obs("old", "BERAS-MEDIUM", 20_000, on=DAY - dt.timedelta(days=30)),  # out of the window
        obs("mid", "BERAS-MEDIUM", 13_000, on=DAY - dt.timedelta(days=10)),
        obs("new", "BERAS-MEDIUM", 13_650, on=DAY - dt.timedelta(days=2)),
    ]
    point = indexes_on(DAY, observations, SMALL, 30)["regency"]
    # 10 * 13,650 + 2 * 30,000 (eggs at base) = 196,500 -> 103.42
    assert (point.value, point.basket_cost) == (103.42, 196_500)
    assert indexes_on(DAY - dt.timedelta(days=5), observations, SMALL, 30)["regency"].value == 100
    assert indexes_on(DAY + dt.timedelta(days=28), observations, SMALL, 30) == {}


def test_corrections_replace_what_they_correct_whatever_the_order() -> None:
    original = obs("A", "BERAS-MEDIUM", 31_000)  # a typo
    correction = obs("B", "BERAS-MEDIUM", 13_100, corrects="A")
    for arrival in ([original, correction], [correction, original]):
        usable = in_basket(arrival, SMALL)
        assert [o.observation_id for o in usable] == ["B"]
        assert indexes_on(DAY, usable, SMALL, 30)["regency"].basket_cost == 191_000


def test_commodities_outside_the_basket_and_other_units_are_left_out() -> None:
    observations = [
        obs("1", "IKAN-BANDENG", 33_000),
        obs("2", "BERAS-MEDIUM", 70_000, unit="karung-5kg"),
        obs("3", "TELUR-AYAM-RAS", 30_000),
    ]
    assert [o.observation_id for o in in_basket(observations, SMALL)] == ["3"]


def test_same_day_same_market_the_later_recording_wins() -> None:
    early = Observation(
        "A",
        "BERAS-MEDIUM",
        "P",
        "64.09.01",
        DAY,
        14_000,
        "kg",
        None,
        dt.datetime(2026, 11, 27, 2, tzinfo=dt.UTC),
    )
    late = Observation(
        "B",
        "BERAS-MEDIUM",
        "P",
        "64.09.01",
        DAY,
        15_000,
        "kg",
        None,
        dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC),
    )
    for order in ([early, late], [late, early]):
        assert indexes_on(DAY, order, SMALL, 30)["regency"].basket_cost == 210_000


def test_an_announcement_needs_a_move_beyond_the_threshold_since_the_last_one() -> None:
    assert moved_enough(None, 100.0, 1.0)
    assert not moved_enough(100.0, 101.0, 1.0)  # exactly 1 % is not more than 1 %
    assert moved_enough(100.0, 101.01, 1.0)
    assert moved_enough(100.0, 98.9, 1.0)
    assert change_pct(102.10, 103.56) == 1.43
    assert change_pct(None, 100.0) is None


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        ([DAY], (DAY, DAY + dt.timedelta(days=29))),
        (
            [DAY, DAY - dt.timedelta(days=3)],
            (DAY - dt.timedelta(days=3), DAY + dt.timedelta(days=29)),
        ),
    ],
)
def test_an_observation_moves_the_days_whose_window_holds_it(changed, expected) -> None:
    assert affected_days(changed, 30) == expected
