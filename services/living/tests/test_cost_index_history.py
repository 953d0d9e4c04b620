"""Index history from prices arriving in any order (real database)."""

from __future__ import annotations

import datetime as dt
import json
import random

from sqlmodel import col, delete, select

from benuo_contract.events.economy import PriceRecordedV1
from benuo_living.domain.cost_index import Basket, BasketItem
from benuo_living.models import CostIndex, CostIndexPoint, PriceObservation
from benuo_living.store.cost_index import record_price
from benuo_runtime.db import SessionFactory
from benuo_runtime.messaging.tables import OutboxMessage
from services.living.tests.events import price

BASKET = Basket(
    items={"BERAS-MEDIUM": BasketItem(10, 13_000), "TELUR-AYAM-RAS": BasketItem(2, 30_000)},
    base_period="test",
)  # base cost 190,000
DAY = dt.date(2026, 11, 1)


def day(n: int) -> dt.date:
    return DAY + dt.timedelta(days=n)


def record(sessions: SessionFactory, *prices: PriceRecordedV1) -> None:
    with sessions() as session:
        for observed in prices:
            record_price(session, observed, basket=BASKET, lookback_days=7, threshold_pct=1.0)
        session.commit()


def history(sessions: SessionFactory) -> list[tuple[str, dt.date, float, int]]:
    with sessions() as session:
        points = session.exec(
            select(CostIndexPoint).order_by(col(CostIndexPoint.index_id), col(CostIndexPoint.as_of))
        ).all()
    return [(p.index_id, p.as_of, p.value, p.basket_cost) for p in points]


def forget_prices(sessions: SessionFactory) -> None:
    with sessions() as session:
        for table in (PriceObservation, CostIndexPoint, CostIndex, OutboxMessage):
            session.exec(delete(table))
        session.commit()


PRICES = [
    price("A1", "BERAS-MEDIUM", 13_000, market="P-A", on=day(0)),
    price("A2", "TELUR-AYAM-RAS", 30_000, market="P-A", on=day(0)),
    price("B1", "BERAS-MEDIUM", 14_000, market="P-B", kecamatan="64.09.04", on=day(2)),
    price("A3", "BERAS-MEDIUM", 19_000, market="P-A", on=day(4)),  # a typo ...
    price("A4", "BERAS-MEDIUM", 13_900, market="P-A", on=day(4), corrects="A3"),  # ... fixed
    price("A5", "TELUR-AYAM-RAS", 31_500, market="P-A", on=day(9)),
]


def test_the_history_is_the_same_whatever_order_the_prices_arrive_in(
    sessions: SessionFactory,
) -> None:
    record(sessions, *PRICES)
    in_order = history(sessions)
    # Regency, by hand (lookback 7 days: a price counts for the day it is observed and 6 more):
    # day 0: rice 13,000, eggs 30,000 -> 190,000 -> 100.00
    # day 2: rice (13,000 + 14,000) / 2 = 13,500 -> 135,000 + 60,000 = 195,000 -> 102.63
    # day 4: rice (13,900 + 14,000) / 2 = 13,950 -> 139,500 + 60,000 = 199,500 -> 105.00
    # day 9: A1/A2/B1 have aged out, A4 (day 4) counts: 139,000 + 2 * 31,500 = 202,000 -> 106.32
    regency = [(as_of, value, cost) for index, as_of, value, cost in in_order if index == "regency"]
    assert regency == [
        (day(0), 100.0, 190_000),
        (day(2), 102.63, 195_000),
        (day(4), 105.0, 199_500),
        (day(9), 106.32, 202_000),
    ]
    # Sepaku (64.09.04) only while its one price is in the window: days 2 and 4; eggs come
    # from the regency (30,000): day 2 140,000 + 60,000 = 200,000 -> 105.26; day 4 the same.
    sepaku = [(as_of, value) for index, as_of, value, _ in in_order if index == "64.09.04"]
    assert sepaku == [(day(2), 105.26), (day(4), 105.26)]

    for seed in (1, 2, 3):
        forget_prices(sessions)
        shuffled = PRICES[:]
        random.Random(seed).shuffle(shuffled)
        record(sessions, *shuffled)
        assert history(sessions) == in_order, [p.observation_id for p in shuffled]


def announcements(sessions: SessionFactory) -> list[tuple[str, float]]:
    with sessions() as session:
        rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
    return [
        (json.loads(row.body)["data"]["index_id"], json.loads(row.body)["data"]["value"])
        for row in rows
    ]


def test_a_late_price_rewrites_past_days_and_is_announced_only_where_the_latest_day_moves(
    sessions: SessionFactory,
) -> None:
    record(sessions, *PRICES)
    before = announcements(sessions)

    late_rice = price("A0", "BERAS-MEDIUM", 13_600, market="P-A", on=day(1))
    record(sessions, late_rice, late_rice)  # the same observation twice counts once
    regency = {as_of: value for index, as_of, value, _ in history(sessions) if index == "regency"}
    # day 1 is new: rice 13,600, eggs 30,000 -> 196,000 -> 103.16
    # day 2: rice (13,600 + 14,000) / 2 = 13,800 -> 198,000 -> 104.21; day 4 has A4; day 9 is
    # out of its reach, so no index's latest value moved and nothing is announced.
    assert (regency[day(1)], regency[day(2)], regency[day(4)], regency[day(9)]) == (
        103.16,
        104.21,
        105.0,
        106.32,
    )
    assert announcements(sessions) == before

    late_eggs = price("B0", "TELUR-AYAM-RAS", 36_000, market="P-B", kecamatan="64.09.04", on=day(1))
    record(sessions, late_eggs)
    # Sepaku's latest day (4) now has its own eggs: 140,000 + 72,000 = 212,000 -> 111.58,
    # 6 % above its last announcement (105.26). The regency's latest day (9) is out of reach.
    assert announcements(sessions) == [*before, ("64.09.04", 111.58)]
    with sessions() as session:
        assert len(session.exec(select(PriceObservation)).all()) == len(PRICES) + 2
