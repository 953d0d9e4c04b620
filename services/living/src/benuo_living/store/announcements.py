"""Announcing an index when its latest value moved past the threshold."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import exists
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from benuo_contract.events.living import CostIndexUpdatedV1
from benuo_living.domain.cost_index import REGENCY, change_pct, moved_enough
from benuo_living.models import CostIndex, CostIndexPoint
from benuo_runtime.messaging.outbox import emit


def announce_moves(session: Session, *, threshold_pct: float) -> None:
    """Bring each index's latest value up to date; emit when it moved past the threshold."""
    now = datetime.now(UTC)
    for latest in _latest_points(session):
        known = session.get(CostIndex, latest.index_id)
        published = known.published_value if known else None
        current = session.merge(
            CostIndex(
                index_id=latest.index_id,
                value=latest.value,
                basket_cost=latest.basket_cost,
                priced_commodities=latest.priced_commodities,
                as_of=latest.as_of,
                published_value=published,
                updated_at=now,
            )
        )
        if moved_enough(published, latest.value, threshold_pct):
            emit(session, _announcement(current, now))
            current.published_value = latest.value


def _latest_points(session: Session) -> list[CostIndexPoint]:
    """Each index's newest day; the regency first, then kecamatan by code (a stable order
    for the events)."""
    newest = aliased(CostIndexPoint)
    points = session.exec(
        select(CostIndexPoint).where(
            ~exists().where(
                col(newest.index_id) == col(CostIndexPoint.index_id),
                col(newest.as_of) > col(CostIndexPoint.as_of),
            )
        )
    )
    return sorted(points, key=lambda point: (point.index_id != REGENCY, point.index_id))


def _announcement(index: CostIndex, now: datetime) -> CostIndexUpdatedV1:
    regency = index.index_id == REGENCY
    return CostIndexUpdatedV1(
        index_id=index.index_id,
        scope="regency" if regency else "kecamatan",
        kecamatan_code=None if regency else index.index_id,
        value=index.value,
        previous_value=index.published_value,
        change_pct=change_pct(index.published_value, index.value),
        basket_cost=index.basket_cost,
        as_of=index.as_of,
        computed_at=now,
    )
