"""The early-warning state of each scope, read and written in bulk with Core statements.

Every market day touches two scopes per commodity; doing that through ORM objects costs
more than the assessment itself, so these rows go in and out as plain values.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, insert, or_, select, update
from sqlmodel import Session

from benuo_contract.events.economy import AlertLevel
from benuo_economy.domain.alerts import AlertState
from benuo_economy.models import PriceWatch

WATCH = PriceWatch.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class StoredWatch:
    state: AlertState
    alert_since: date | None


def load(session: Session, codes: Collection[str], market_code: str) -> dict[str, StoredWatch]:
    """The stored state of ``market_code``'s and the regency's scopes of these commodities."""
    query = select(WATCH.c.alert_id, WATCH.c.level, WATCH.c.above_reference, WATCH.c.alert_since)
    query = query.where(
        WATCH.c.commodity_code.in_(codes),
        or_(WATCH.c.market_code == market_code, WATCH.c.scope == "regency"),
    )
    return {
        alert_id: StoredWatch(AlertState(AlertLevel(level), above), since)
        for alert_id, level, above, since in session.connection().execute(query)
    }


def save(session: Session, rows: Sequence[dict[str, Any]], *, existing: Collection[str]) -> None:
    """Insert the new scopes' rows and update the others, each kind in one statement."""
    connection = session.connection()
    fresh = [row for row in rows if row["alert_id"] not in existing]
    known = [
        {"key": row["alert_id"], **{k: v for k, v in row.items() if k != "alert_id"}}
        for row in rows
        if row["alert_id"] in existing
    ]
    if fresh:
        connection.execute(insert(WATCH), fresh)
    if known:
        # The SET clause comes from the parameters' keys; "key" only selects the row.
        connection.execute(update(WATCH).where(WATCH.c.alert_id == bindparam("key")), known)
