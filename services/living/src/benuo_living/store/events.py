"""The public state of a facility, as its events carry it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from benuo_contract import GeoPoint
from benuo_contract.events.living import (
    FacilityCreatedV1,
    FacilityRemovedV1,
    FacilityStatus,
    FacilityUpdatedV1,
)
from benuo_living.models import Facility
from benuo_runtime.messaging.outbox import emit


def facility_state(facility: Facility) -> dict[str, Any]:
    return {
        "facility_id": facility.facility_id,
        "version": facility.version,
        "type": facility.type,
        "name": facility.name,
        "kecamatan_code": facility.kecamatan_code,
        "desa_code": facility.desa_code,
        "location": GeoPoint(lat=facility.lat, lng=facility.lng),
        "status": FacilityStatus(facility.status),
        "demo": facility.demo,
        "opening_hours": facility.opening_hours,
    }


def emit_created(session: Session, facility: Facility) -> None:
    emit(session, FacilityCreatedV1(**facility_state(facility), created_at=facility.created_at))


def emit_updated(session: Session, facility: Facility) -> None:
    emit(session, FacilityUpdatedV1(**facility_state(facility), updated_at=facility.updated_at))


def emit_removed(session: Session, facility: Facility, removed_at: datetime) -> None:
    emit(
        session,
        FacilityRemovedV1(
            facility_id=facility.facility_id,
            version=facility.version + 1,
            type=facility.type,
            kecamatan_code=facility.kecamatan_code,
            desa_code=facility.desa_code,
            demo=facility.demo,
            removed_at=removed_at,
        ),
    )
