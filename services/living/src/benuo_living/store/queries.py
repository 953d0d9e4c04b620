"""Finding facilities: by filters, and by distance from a point."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from benuo_living.domain.nearby import Ranked, rank_within
from benuo_living.models import Facility
from benuo_runtime.geo import BoundingBox


@dataclass(frozen=True)
class FacilityFilter:
    types: Sequence[str] = ()
    statuses: Sequence[str] = ()
    kecamatan_code: str | None = None
    desa_code: str | None = None
    demo: bool | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.types:
            conditions.append(col(Facility.type).in_(self.types))
        if self.statuses:
            conditions.append(col(Facility.status).in_(self.statuses))
        if self.kecamatan_code:
            conditions.append(col(Facility.kecamatan_code) == self.kecamatan_code)
        if self.desa_code:
            conditions.append(col(Facility.desa_code) == self.desa_code)
        if self.demo is not None:
            conditions.append(col(Facility.demo) == self.demo)
        return conditions


def list_facilities(
    session: Session, where: FacilityFilter, *, limit: int, offset: int
) -> tuple[list[Facility], int]:
    conditions = where.conditions()
    total = session.exec(select(func.count()).select_from(Facility).where(*conditions)).one()
    page = session.exec(
        select(Facility)
        .where(*conditions)
        .order_by(col(Facility.facility_id))
        .limit(limit)
        .offset(offset)
    ).all()
    return list(page), total


def rank_nearby(
    session: Session, lat: float, lng: float, radius_m: float, where: FacilityFilter
) -> list[Ranked]:
    """Every facility matching ``where`` within ``radius_m``, nearest first.

    The bounding box lets the (lat, lng) index discard most rows; only id and position are
    read, so the great-circle check stays cheap even for a regency-wide radius.
    """
    box = BoundingBox.around(lat, lng, radius_m)
    # Plain rows through the connection: a wide radius can bring back thousands of them,
    # and the ORM's per-row bookkeeping would then cost more than the distances.
    rows = session.connection().execute(
        select(col(Facility.facility_id), col(Facility.lat), col(Facility.lng)).where(
            col(Facility.lat).between(box.min_lat, box.max_lat),
            col(Facility.lng).between(box.min_lng, box.max_lng),
            *where.conditions(),
        )
    )
    return rank_within(lat, lng, radius_m, rows.tuples().all())


def nearby_page(
    session: Session,
    lat: float,
    lng: float,
    radius_m: float,
    where: FacilityFilter,
    *,
    limit: int,
    offset: int,
) -> tuple[list[tuple[Facility, float]], int]:
    """One page of the facilities near a point, with their distances in metres, and the total."""
    ranked = rank_nearby(session, lat, lng, radius_m, where)
    page = ranked[offset : offset + limit]
    found = {
        facility.facility_id: facility
        for facility in session.exec(
            select(Facility).where(col(Facility.facility_id).in_([r.facility_id for r in page]))
        )
    }
    return [(found[r.facility_id], r.distance_m) for r in page], len(ranked)
