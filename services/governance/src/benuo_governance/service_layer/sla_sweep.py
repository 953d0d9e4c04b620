"""The periodic SLA sweep: find missed deadlines, record each once, announce each once.

Every replica runs the sweep. The breach row's unique key (request, stage, due_at) makes a
second finder's insert fail, and its event is never written: one event per breach.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from benuo_governance.domain.sla import Breach, Stage, breaches
from benuo_governance.persistence.requests import ServiceRequest, SlaBreach
from benuo_governance.service_layer import events
from benuo_runtime.app import ServiceRuntime
from benuo_runtime.db import SessionFactory
from benuo_runtime.messaging.outbox import emit

log = logging.getLogger(__name__)
R = ServiceRequest


def _missed_unrecorded(stage: Stage, due: Any, done: Any, now: datetime) -> ColumnElement[bool]:
    """The domain's rule (``breaches``) in SQL, minus the breaches already recorded."""
    recorded = exists().where(
        col(SlaBreach.request_id) == R.id,
        col(SlaBreach.stage) == stage.value,
        col(SlaBreach.due_at) == due,
    )
    return and_(due <= now, or_(done.is_(None), done >= due), ~recorded)


def candidates(session: Session, now: datetime) -> list[int]:
    """Requests with a missed deadline not recorded yet (on-time ones are never looked at)."""
    query = select(R.id).where(
        or_(
            _missed_unrecorded(
                Stage.VERIFICATION,
                col(R.verification_due_at),
                col(R.verification_done_at),
                now,
            ),
            _missed_unrecorded(
                Stage.FOLLOW_UP, col(R.follow_up_due_at), col(R.follow_up_done_at), now
            ),
        )
    )
    return [request_id for request_id in session.exec(query.order_by(col(R.id))) if request_id]


def sweep(sessions: SessionFactory, now: datetime) -> int:
    """Record and announce every breach found as of ``now``; returns how many were new."""
    with sessions() as session:
        request_ids = candidates(session, now)
    recorded = 0
    for request_id in request_ids:
        with sessions() as session:
            request = session.get(R, request_id)
            assert request is not None
            known = {
                (row.stage, row.due_at)
                for row in session.exec(select(SlaBreach).where(SlaBreach.request_id == request_id))
            }
            for breach in breaches(request.clocks, now):
                if (breach.stage.value, breach.due_at) not in known:
                    recorded += _record(session, request, breach, now)
    return recorded


def _record(session: Session, request: ServiceRequest, breach: Breach, now: datetime) -> int:
    assert request.id is not None
    row = SlaBreach(
        request_id=request.id, stage=breach.stage.value, due_at=breach.due_at, detected_at=now
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        # Another replica recorded it in the meantime, and announced it.
        return 0
    emit(session, events.sla_breached(request, breach, now))
    session.commit()
    return 1


def sweep_job(runtime: ServiceRuntime) -> None:
    """The body of the periodic job (``benuo_runtime.jobs.periodic``)."""
    found = sweep(runtime.sessions, datetime.now(UTC))
    if found:
        log.info("SLA breaches recorded", extra={"count": found})
