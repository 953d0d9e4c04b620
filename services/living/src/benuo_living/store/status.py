"""Keeping a facility's public status in step with officers and open citizen requests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from sqlmodel import Session, col, select

from benuo_contract.events.living import FacilityStatus, FacilityStatusChangedV1
from benuo_living.domain.facilities import effective_status
from benuo_living.models import Facility, FacilityStatusChange, TrackedRequest
from benuo_living.store.events import facility_state
from benuo_runtime.messaging.outbox import emit

Cause = Literal["citizen_report", "officer"]


def open_request_ids(session: Session, facility_id: str) -> list[str]:
    return list(
        session.exec(
            select(TrackedRequest.request_id)
            .where(TrackedRequest.facility_id == facility_id, col(TrackedRequest.is_open))
            .order_by(col(TrackedRequest.request_id))
        )
    )


def refresh_status(
    session: Session,
    facility: Facility,
    *,
    cause: Cause,
    request_id: str | None = None,
    note: str | None = None,
) -> bool:
    """Recompute the public status; on a change, bump the version, keep the history and
    emit ``FacilityStatusChangedV1``. Returns whether the status changed.

    The caller holds the facility row locked, so concurrent consumers count each other's
    committed requests.
    """
    session.flush()
    holding = open_request_ids(session, facility.facility_id)
    status = effective_status(FacilityStatus(facility.officer_status), len(holding))
    if status == facility.status:
        return False
    previous = FacilityStatus(facility.status)
    now = datetime.now(UTC)
    facility.status = status
    facility.version += 1
    facility.updated_at = now
    session.add(facility)
    session.add(
        FacilityStatusChange(
            facility_id=facility.facility_id,
            facility_version=facility.version,
            status=status,
            previous_status=previous,
            cause=cause,
            request_id=request_id,
            open_request_ids=holding,
            note=note,
            changed_at=now,
        )
    )
    emit(
        session,
        FacilityStatusChangedV1(
            **facility_state(facility),
            previous_status=previous,
            cause=cause,
            open_request_ids=holding,
            changed_at=now,
        ),
    )
    return True


def locked_facility(session: Session, facility_id: str) -> Facility | None:
    """The facility, row-locked until the transaction ends (a no-op lock on SQLite, whose
    writers are serialised anyway)."""
    statement = (
        select(Facility)
        .where(Facility.facility_id == facility_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.exec(statement).first()
