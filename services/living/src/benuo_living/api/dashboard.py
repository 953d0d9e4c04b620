"""The living pillar's KPIs, for the gateway's aggregated dashboard."""

from __future__ import annotations

from collections import Counter, defaultdict

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlmodel import col, func, select

from benuo_contract.events.living import FacilityStatus
from benuo_living.api.cost_index import IndexOut, index_views
from benuo_living.api.deps import PREFIX
from benuo_living.models import Facility, TrackedRequest
from benuo_runtime.auth import caller
from benuo_runtime.db import SessionDep
from benuo_runtime.regions import ppu_regions

router = APIRouter(prefix=PREFIX, tags=["dashboard"], dependencies=[Depends(caller)])

NOT_OPERATIONAL = (FacilityStatus.DEGRADED, FacilityStatus.OUT_OF_SERVICE)


class Outages(BaseModel):
    degraded: int = 0
    out_of_service: int = 0


class KecamatanOutages(Outages):
    name: str


class FacilityKpis(BaseModel):
    total: int
    by_status: dict[FacilityStatus, int]
    not_operational: int
    not_operational_by_type: dict[str, Outages]
    not_operational_by_kecamatan: dict[str, KecamatanOutages]
    open_citizen_requests: int = Field(description="Requests currently holding a facility down")


class Dashboard(BaseModel):
    facilities: FacilityKpis
    cost_of_living: list[IndexOut] = Field(description="Regency first, then each kecamatan")


@router.get("/dashboard", summary="Facilities out of service or degraded; the index")
def dashboard(session: SessionDep) -> Dashboard:
    counts = session.exec(
        select(Facility.type, Facility.kecamatan_code, Facility.status, func.count()).group_by(
            col(Facility.type), col(Facility.kecamatan_code), col(Facility.status)
        )
    ).all()
    by_status: Counter[str] = Counter()
    down_by_type: dict[str, Counter[str]] = defaultdict(Counter)
    down_by_kecamatan: dict[str, Counter[str]] = defaultdict(Counter)
    for facility_type, kecamatan, status, count in counts:
        by_status[status] += count
        if status in NOT_OPERATIONAL:
            down_by_type[facility_type][status] += count
            down_by_kecamatan[kecamatan][status] += count
    open_requests = session.exec(
        select(func.count())
        .select_from(TrackedRequest)
        .where(col(TrackedRequest.is_open), col(TrackedRequest.facility_id).is_not(None))
    ).one()
    return Dashboard(
        facilities=FacilityKpis(
            total=sum(by_status.values()),
            by_status={status: by_status[status] for status in FacilityStatus},
            not_operational=sum(by_status[status] for status in NOT_OPERATIONAL),
            not_operational_by_type={
                facility_type: Outages(**down) for facility_type, down in down_by_type.items()
            },
            not_operational_by_kecamatan={
                k.code: KecamatanOutages(name=k.name, **down_by_kecamatan[k.code])
                for k in ppu_regions().kecamatan()
            },
            open_citizen_requests=open_requests,
        ),
        cost_of_living=index_views(session),
    )
