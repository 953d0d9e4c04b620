"""Officers keeping the facility register: add, change, set status, remove."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, delete, update

from benuo_contract.events.living import FacilityStatus
from benuo_living.domain.facilities import FacilityType
from benuo_living.models import Facility, FacilityStatusChange, TrackedRequest
from benuo_living.store.events import emit_created, emit_removed, emit_updated
from benuo_living.store.status import refresh_status
from benuo_runtime.regions import Region


def add_facility(
    session: Session,
    *,
    type: FacilityType,
    name: str,
    lat: float,
    lng: float,
    village: Region,
    opening_hours: str | None,
    status: FacilityStatus,
    demo: bool,
) -> Facility:
    now = datetime.now(UTC)
    facility = Facility(
        facility_id=f"FAC-{type.id_prefix}-{uuid.uuid4().hex[:8].upper()}",
        version=1,
        type=type,
        name=name,
        kecamatan_code=village.parent_code,
        desa_code=village.code,
        lat=lat,
        lng=lng,
        status=status,
        officer_status=status,
        opening_hours=opening_hours,
        demo=demo,
        created_at=now,
        updated_at=now,
    )
    session.add(facility)
    emit_created(session, facility)
    return facility


def change_facility(session: Session, facility: Facility, changes: dict[str, Any]) -> bool:
    """Apply the changed fields (already validated); a new version and event only if
    something really changed."""
    changed = {key: value for key, value in changes.items() if getattr(facility, key) != value}
    if not changed:
        return False
    for key, value in changed.items():
        setattr(facility, key, value)
    facility.version += 1
    facility.updated_at = datetime.now(UTC)
    session.add(facility)
    emit_updated(session, facility)
    return True


def set_officer_status(
    session: Session, facility: Facility, status: FacilityStatus, note: str | None
) -> None:
    """Record what the officer found. The public status follows unless citizen requests
    still hold the facility degraded."""
    if facility.officer_status == status:
        return
    facility.officer_status = status
    if not refresh_status(session, facility, cause="officer", note=note):
        facility.version += 1
        facility.updated_at = datetime.now(UTC)
        session.add(facility)


def remove_facility(session: Session, facility: Facility) -> None:
    """Take it off the register; requests that held it hold nothing any more."""
    emit_removed(session, facility, datetime.now(UTC))
    session.exec(
        update(TrackedRequest)
        .where(col(TrackedRequest.facility_id) == facility.facility_id)
        .values(facility_id=None)
    )
    session.exec(
        delete(FacilityStatusChange).where(
            col(FacilityStatusChange.facility_id) == facility.facility_id
        )
    )
    session.delete(facility)
