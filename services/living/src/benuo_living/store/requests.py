"""Applying a citizen request's newest state to the facility it is about."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from sqlmodel import Session, select

from benuo_contract.events.governance import RequestState
from benuo_living.domain.requests import (
    Candidate,
    choose_facility,
    facility_type_for,
    is_newer,
    is_open,
)
from benuo_living.models import Facility, TrackedRequest
from benuo_living.store.queries import FacilityFilter, rank_nearby
from benuo_living.store.status import locked_facility, refresh_status


def track_request(
    session: Session, state: RequestState, *, types: Mapping[str, str], radius_m: float
) -> None:
    """Link the request to its facility (or keep, move or drop the link) and refresh the
    status of every facility it held or holds. Stale states change nothing."""
    tracked = session.exec(
        select(TrackedRequest)
        .where(TrackedRequest.request_id == state.request_id)
        .with_for_update()
    ).first()
    if not is_newer(state.version, tracked.version if tracked else None):
        return
    wanted = facility_type_for(state.service_code, types)
    if tracked is None and wanted is None:
        return  # not about a facility, and never was
    held_before = tracked.facility_id if tracked else None
    target = choose_facility(
        wanted,
        named=_candidate(session, state.facility_ref),
        current=_candidate(session, held_before),
        nearest=lambda: _nearest(session, wanted, state, radius_m),
    )
    newest = TrackedRequest(
        request_id=state.request_id,
        version=state.version,
        status=state.status,
        service_code=state.service_code,
        facility_id=target.facility_id if target else None,
        is_open=is_open(state.status),
        updated_at=datetime.now(UTC),
    )
    tracked = session.merge(newest)
    session.flush()
    # Sorted, so two consumers moving links between the same facilities lock in one order.
    for facility_id in sorted({fid for fid in (held_before, tracked.facility_id) if fid}):
        facility = locked_facility(session, facility_id)
        if facility is not None:
            refresh_status(session, facility, cause="citizen_report", request_id=state.request_id)


def _candidate(session: Session, facility_id: str | None) -> Candidate | None:
    if facility_id is None:
        return None
    row = session.exec(
        select(Facility.facility_id, Facility.type).where(Facility.facility_id == facility_id)
    ).first()
    return Candidate(*row) if row else None


def _nearest(
    session: Session, wanted: str | None, state: RequestState, radius_m: float
) -> Candidate | None:
    assert wanted is not None
    location = state.location
    ranked = rank_nearby(
        session, location.lat, location.lng, radius_m, FacilityFilter(types=[wanted])
    )
    return Candidate(ranked[0].facility_id, wanted) if ranked else None
