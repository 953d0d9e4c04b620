"""Facilities as the API shows them: with place names and the requests holding them down."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlmodel import Session, col, select

from benuo_contract import GeoPoint
from benuo_contract.events.living import FacilityStatus
from benuo_living.api.schemas import FacilityOut
from benuo_living.domain.facilities import FacilityType
from benuo_living.models import Facility, TrackedRequest
from benuo_runtime.regions import ppu_regions


def facility_views(session: Session, facilities: Sequence[Facility]) -> list[FacilityOut]:
    holding: dict[str, list[str]] = defaultdict(list)
    ids = [facility.facility_id for facility in facilities]
    for request_id, facility_id in session.exec(
        select(TrackedRequest.request_id, TrackedRequest.facility_id)
        .where(col(TrackedRequest.facility_id).in_(ids), col(TrackedRequest.is_open))
        .order_by(col(TrackedRequest.request_id))
    ):
        holding[str(facility_id)].append(request_id)
    regions = ppu_regions().by_code
    return [
        FacilityOut(
            facility_id=f.facility_id,
            version=f.version,
            type=FacilityType(f.type),
            name=f.name,
            kecamatan_code=f.kecamatan_code,
            kecamatan_name=regions[f.kecamatan_code].name,
            desa_code=f.desa_code,
            desa_name=regions[f.desa_code].name,
            location=GeoPoint(lat=f.lat, lng=f.lng),
            status=FacilityStatus(f.status),
            officer_status=FacilityStatus(f.officer_status),
            open_request_ids=holding[f.facility_id],
            opening_hours=f.opening_hours,
            demo=f.demo,
            created_at=f.created_at,
            updated_at=f.updated_at,
        )
        for f in facilities
    ]


def facility_view(session: Session, facility: Facility) -> FacilityOut:
    return facility_views(session, [facility])[0]
