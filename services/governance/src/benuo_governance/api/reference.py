"""Reference data: regions, holidays (admin-editable) and KBLI activities."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query, Response, status
from pydantic import BaseModel
from sqlmodel import col, extract, select

from benuo_contract import GeoPoint
from benuo_governance.api.deps import AdminDep, api_router
from benuo_governance.persistence.permits import Kbli
from benuo_governance.persistence.reference import Holiday
from benuo_governance.service_layer import catalogue
from benuo_governance.service_layer.commands import HolidayFields
from benuo_governance.service_layer.places import village_for
from benuo_runtime.db import SessionDep
from benuo_runtime.regions import Region, ppu_regions

router = api_router("reference data")


class RegionOut(BaseModel):
    code: str
    name: str
    level: str
    centroid: GeoPoint


class KecamatanOut(RegionOut):
    villages: list[RegionOut]


class HolidayOut(BaseModel):
    date: date
    name: str
    kind: str
    status: str


class KbliOut(BaseModel):
    code: str
    title: str
    risk_level: str


def _region(region: Region) -> RegionOut:
    return RegionOut(
        code=region.code,
        name=region.name,
        level=region.level,
        centroid=GeoPoint(lat=region.lat, lng=region.lng),
    )


@router.get("/regions")
def list_regions() -> list[KecamatanOut]:
    """PPU's 4 kecamatan and 54 desa/kelurahan (Kemendagri codes) with their centroids."""
    regions = ppu_regions()
    return [
        KecamatanOut(
            **_region(k).model_dump(),
            villages=[_region(v) for v in sorted(regions.villages(k.code), key=lambda v: v.code)],
        )
        for k in sorted(regions.kecamatan(), key=lambda k: k.code)
    ]


@router.get("/regions/locate")
def locate(
    lat: Annotated[float, Query(ge=-90, le=90)], lng: Annotated[float, Query(ge=-180, le=180)]
) -> RegionOut:
    """The desa/kelurahan a point most likely lies in; 422 outside PPU."""
    return _region(village_for(lat, lng, kecamatan_code=None, desa_code=None))


@router.get("/holidays")
def list_holidays(
    session: SessionDep, year: Annotated[int | None, Query(ge=2000, le=2100)] = None
) -> list[HolidayOut]:
    """Days the SLA clocks skip besides weekends (official, or provisional until the SKB)."""
    query = select(Holiday).order_by(col(Holiday.day))
    if year is not None:
        query = query.where(extract("year", col(Holiday.day)) == year)
    return [
        HolidayOut(date=h.day, name=h.name, kind=h.kind, status=h.status)
        for h in session.exec(query)
    ]


@router.put("/holidays/{day}")
def put_holiday(
    day: date, command: HolidayFields, session: SessionDep, admin: AdminDep
) -> HolidayOut:
    """Add or correct a holiday. Deadlines already set are not recomputed."""
    holiday = catalogue.put_holiday(session, admin, day, command)
    session.commit()
    return HolidayOut(date=holiday.day, name=holiday.name, kind=holiday.kind, status=holiday.status)


@router.delete("/holidays/{day}", status_code=status.HTTP_204_NO_CONTENT)
def delete_holiday(day: date, session: SessionDep, admin: AdminDep) -> Response:
    catalogue.delete_holiday(session, admin, day)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/kbli")
def list_kbli(session: SessionDep) -> list[KbliOut]:
    """KBLI 2020 activities DPMPTSP licenses here, with their OSS-RBA risk level."""
    rows = session.exec(select(Kbli).order_by(col(Kbli.code)))
    return [KbliOut(code=k.code, title=k.title, risk_level=k.risk_level) for k in rows]
