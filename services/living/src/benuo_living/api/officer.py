"""Officer writes to the facility register (officers of the living pillar, and admins)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response, status
from sqlmodel import Session

from benuo_living.api.deps import PREFIX, IfMatch, Officer, check_if_match, etag
from benuo_living.api.facilities import not_found
from benuo_living.api.schemas import FacilityCreate, FacilityOut, FacilityUpdate, StatusUpdate
from benuo_living.api.views import facility_view
from benuo_living.domain.places import PlaceError, resolve_place
from benuo_living.models import Facility
from benuo_living.store.registry import (
    add_facility,
    change_facility,
    remove_facility,
    set_officer_status,
)
from benuo_living.store.status import locked_facility
from benuo_runtime.auth import caller
from benuo_runtime.db import SessionDep
from benuo_runtime.problems import ProblemError
from benuo_runtime.regions import Region, ppu_regions

router = APIRouter(prefix=PREFIX, tags=["facilities (officers)"], dependencies=[Depends(caller)])


def place(lat: float, lng: float, desa_code: str | None) -> Region:
    try:
        return resolve_place(ppu_regions(), lat, lng, desa_code)
    except PlaceError as error:
        raise ProblemError(422, str(error), kind="invalid-place") from None


def for_change(session: Session, facility_id: str, if_match: str | None) -> Facility:
    facility = locked_facility(session, facility_id)
    if facility is None:
        raise not_found(facility_id)
    check_if_match(if_match, facility.version)
    return facility


def answer(session: Session, facility: Facility, response: Response) -> FacilityOut:
    response.headers["ETag"] = etag(facility.version)
    return facility_view(session, facility)


@router.post("/facilities", status_code=status.HTTP_201_CREATED, summary="Add a facility")
def create(
    body: FacilityCreate, session: SessionDep, _: Officer, response: Response
) -> FacilityOut:
    village = place(body.location.lat, body.location.lng, body.desa_code)
    facility = add_facility(
        session,
        type=body.type,
        name=body.name,
        lat=body.location.lat,
        lng=body.location.lng,
        village=village,
        opening_hours=body.opening_hours,
        status=body.status,
        demo=body.demo,
    )
    session.commit()
    response.headers["Location"] = f"{PREFIX}/facilities/{facility.facility_id}"
    return answer(session, facility, response)


@router.patch("/facilities/{facility_id}", summary="Change a facility's details")
def patch(
    facility_id: str,
    body: FacilityUpdate,
    session: SessionDep,
    _: Officer,
    response: Response,
    if_match: IfMatch = None,
) -> FacilityOut:
    facility = for_change(session, facility_id, if_match)
    changes = body.model_dump(exclude_unset=True, exclude={"location"})
    if body.location is not None or body.desa_code is not None:
        lat = body.location.lat if body.location else facility.lat
        lng = body.location.lng if body.location else facility.lng
        village = place(lat, lng, body.desa_code)
        changes |= {
            "lat": lat,
            "lng": lng,
            "desa_code": village.code,
            "kecamatan_code": village.parent_code,
        }
    change_facility(session, facility, changes)
    session.commit()
    return answer(session, facility, response)


@router.put("/facilities/{facility_id}/status", summary="Record what an officer found")
def put_status(
    facility_id: str,
    body: StatusUpdate,
    session: SessionDep,
    _: Officer,
    response: Response,
    if_match: IfMatch = None,
) -> FacilityOut:
    facility = for_change(session, facility_id, if_match)
    set_officer_status(session, facility, body.status, body.note)
    session.commit()
    return answer(session, facility, response)


@router.delete(
    "/facilities/{facility_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Take a facility off the register",
)
def remove(facility_id: str, session: SessionDep, _: Officer, if_match: IfMatch = None) -> Response:
    facility = for_change(session, facility_id, if_match)
    remove_facility(session, facility)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
