"""Public reads: the facility register, nearby search and status history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from sqlmodel import Session, col, func, select

from benuo_contract.events.living import FacilityStatus
from benuo_living.api.deps import PILLAR, PREFIX, Limit, Offset, etag
from benuo_living.api.schemas import FacilityOut, NearbyFacility, Page, StatusChangeOut
from benuo_living.api.views import facility_view, facility_views
from benuo_living.domain.facilities import FacilityType
from benuo_living.models import Facility, FacilityStatusChange
from benuo_living.store.queries import FacilityFilter, list_facilities, nearby_page
from benuo_runtime.auth import Caller, caller
from benuo_runtime.db import SessionDep
from benuo_runtime.problems import ProblemError
from benuo_runtime.regions import ppu_regions

router = APIRouter(prefix=PREFIX, tags=["facilities"], dependencies=[Depends(caller)])

CODE = r"^[0-9.]+$"


def facility_filter(
    type: Annotated[list[FacilityType], Query()] = [],  # noqa: B006 (FastAPI copies it)
    status: Annotated[list[FacilityStatus], Query()] = [],  # noqa: B006
    kecamatan_code: Annotated[str | None, Query(pattern=CODE, max_length=8)] = None,
    desa_code: Annotated[str | None, Query(pattern=CODE, max_length=13)] = None,
    demo: bool | None = None,
) -> FacilityFilter:
    regions = ppu_regions()
    if kecamatan_code and kecamatan_code not in {k.code for k in regions.kecamatan()}:
        raise _unknown(kecamatan_code, "kecamatan")
    village = regions.get(desa_code) if desa_code else None
    if desa_code and (village is None or not village.is_village):
        raise _unknown(desa_code, "desa or kelurahan")
    return FacilityFilter(type, status, kecamatan_code, desa_code, demo)


def _unknown(code: str, level: str) -> ProblemError:
    return ProblemError(
        422, f"{code} is not a {level} of Penajam Paser Utara.", kind="validation-error"
    )


Filter = Annotated[FacilityFilter, Depends(facility_filter)]


@router.get("/facilities", summary="List facilities, by id")
def list_(
    session: SessionDep, where: Filter, limit: Limit = 20, offset: Offset = 0
) -> Page[FacilityOut]:
    facilities, total = list_facilities(session, where, limit=limit, offset=offset)
    return Page(items=facility_views(session, facilities), total=total, limit=limit, offset=offset)


@router.get("/facilities/nearby", summary="Facilities within a radius, nearest first")
def nearby(
    session: SessionDep,
    where: Filter,
    lat: Annotated[float, Query(ge=-90, le=90)],
    lng: Annotated[float, Query(ge=-180, le=180)],
    radius_m: Annotated[float, Query(gt=0, le=50_000, description="Metres")] = 1000,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Page[NearbyFacility]:
    found, total = nearby_page(session, lat, lng, radius_m, where, limit=limit, offset=offset)
    views = facility_views(session, [facility for facility, _ in found])
    items = [
        NearbyFacility(**view.model_dump(), distance_m=round(distance, 1))
        for view, (_, distance) in zip(views, found, strict=True)
    ]
    return Page(items=items, total=total, limit=limit, offset=offset)


def existing(session: Session, facility_id: str) -> Facility:
    facility = session.get(Facility, facility_id)
    if facility is None:
        raise not_found(facility_id)
    return facility


def not_found(facility_id: str) -> ProblemError:
    return ProblemError(404, f"There is no facility {facility_id}.", kind="not-found")


@router.get("/facilities/{facility_id}", summary="One facility; its ETag is its version")
def get(facility_id: str, session: SessionDep, response: Response) -> FacilityOut:
    facility = existing(session, facility_id)
    response.headers["ETag"] = etag(facility.version)
    return facility_view(session, facility)


@router.get("/facilities/{facility_id}/history", summary="Status changes, newest first")
def history(
    facility_id: str, session: SessionDep, principal: Caller, limit: Limit = 20, offset: Offset = 0
) -> Page[StatusChangeOut]:
    existing(session, facility_id)
    of_facility = col(FacilityStatusChange.facility_id) == facility_id
    total = session.exec(
        select(func.count()).select_from(FacilityStatusChange).where(of_facility)
    ).one()
    changes = session.exec(
        select(FacilityStatusChange)
        .where(of_facility)
        .order_by(col(FacilityStatusChange.id).desc())
        .limit(limit)
        .offset(offset)
    ).all()
    officer = principal.is_officer_of(PILLAR)
    items = [
        StatusChangeOut.model_validate(change, from_attributes=True).model_copy(
            update={"note": change.note if officer else None}
        )
        for change in changes
    ]
    return Page(items=items, total=total, limit=limit, offset=offset)
