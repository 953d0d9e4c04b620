"""Reading what the service wrote: its outbox, its tables."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import col, select

from benuo_contract import parse_event
from benuo_economy.domain.calendar import wita_today
from benuo_runtime.messaging.tables import OutboxMessage


def outbox(client: TestClient, type_prefix: str = "") -> list[dict[str, Any]]:
    """The CloudEvents the service has written, oldest first (published or not).

    Each one must parse with the contract, as every consumer will parse it.
    """
    with client.app.state.runtime.sessions() as session:  # type: ignore[attr-defined]
        rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
    for row in rows:
        parse_event(row.body)
    events = [json.loads(row.body) for row in rows]
    return [event for event in events if event["type"].startswith(type_prefix)]


def days_ago(days: int) -> date:
    return wita_today() - timedelta(days=days)


def market_day(market: str, day: date, prices: dict[str, int], **extra: Any) -> dict[str, Any]:
    return {
        "market_code": market,
        "observed_on": day.isoformat(),
        "prices": [{"commodity_code": c, "price": p, **extra} for c, p in prices.items()],
    }
