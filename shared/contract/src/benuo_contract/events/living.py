"""Living events: public facilities and their live status, and the cost-of-living index."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import AwareDatetime, Field

from benuo_contract.registry import EventPayload, event_type
from benuo_contract.types import DesaCode, EntityVersion, GeoPoint, KecamatanCode


class FacilityStatus(StrEnum):
    OPERATIONAL = "operational"
    DEGRADED = "degraded"
    OUT_OF_SERVICE = "out_of_service"


class FacilityState(EventPayload):
    facility_id: str
    version: EntityVersion
    type: str = Field(examples=["street_light", "puskesmas", "school", "water_tap"])
    name: str
    kecamatan_code: KecamatanCode
    desa_code: DesaCode
    location: GeoPoint
    status: FacilityStatus
    demo: bool = Field(description="True for demonstration data not verified on the ground")
    opening_hours: str | None = Field(
        default=None,
        examples=["Mo-Sa 07:30-14:00", "24/7"],
        description="When it is open, in OpenStreetMap opening_hours syntax; null if always open",
    )


@event_type(
    "ppu.living.facility.created",
    version=1,
    subject_field="facility_id",
    summary="A public facility was added.",
    example={
        "facility_id": "FAC-PJU-0001",
        "version": 1,
        "type": "street_light",
        "name": "PJU Jl. Provinsi KM 4 No. 1",
        "kecamatan_code": "64.09.01",
        "desa_code": "64.09.01.1010",
        "location": {"lat": -1.2512, "lng": 116.8301},
        "status": "operational",
        "demo": True,
        "created_at": "2026-10-01T00:00:00Z",
    },
)
class FacilityCreatedV1(FacilityState):
    created_at: AwareDatetime


@event_type(
    "ppu.living.facility.updated",
    version=1,
    subject_field="facility_id",
    summary="A public facility's details changed.",
    example={
        "facility_id": "FAC-PKM-MARIDAN",
        "version": 2,
        "type": "puskesmas",
        "name": "UPT Puskesmas Maridan",
        "kecamatan_code": "64.09.04",
        "desa_code": "64.09.04.1007",
        "location": {"lat": -1.1102, "lng": 116.6876},
        "status": "operational",
        "demo": False,
        "opening_hours": "Mo-Sa 07:30-14:00",
        "updated_at": "2026-11-01T00:00:00Z",
    },
)
class FacilityUpdatedV1(FacilityState):
    updated_at: AwareDatetime


@event_type(
    "ppu.living.facility.status_changed",
    version=1,
    subject_field="facility_id",
    summary="A facility became operational, degraded or out of service.",
    example={
        "facility_id": "FAC-PJU-0001",
        "version": 2,
        "type": "street_light",
        "name": "PJU Jl. Provinsi KM 4 No. 1",
        "kecamatan_code": "64.09.01",
        "desa_code": "64.09.01.1010",
        "location": {"lat": -1.2512, "lng": 116.8301},
        "status": "degraded",
        "previous_status": "operational",
        "demo": True,
        "cause": "citizen_report",
        "open_request_ids": ["PPU-2026-000123"],
        "changed_at": "2026-11-02T01:15:03Z",
    },
)
class FacilityStatusChangedV1(FacilityState):
    previous_status: FacilityStatus
    cause: Literal["citizen_report", "officer"]
    open_request_ids: list[str] = Field(
        default_factory=list, description="Service requests that currently hold it degraded"
    )
    changed_at: AwareDatetime


@event_type(
    "ppu.living.facility.removed",
    version=1,
    subject_field="facility_id",
    summary="A public facility was taken off the register (demolished, or entered by mistake).",
    example={
        "facility_id": "FAC-PJU-0001",
        "version": 3,
        "type": "street_light",
        "kecamatan_code": "64.09.01",
        "desa_code": "64.09.01.1010",
        "demo": True,
        "removed_at": "2026-12-01T00:00:00Z",
    },
)
class FacilityRemovedV1(EventPayload):
    facility_id: str
    version: EntityVersion = Field(description="The facility's version after the removal")
    type: str
    kecamatan_code: KecamatanCode
    desa_code: DesaCode
    demo: bool
    removed_at: AwareDatetime


@event_type(
    "ppu.living.cost_index.updated",
    version=1,
    subject_field="index_id",
    summary="The staple-basket cost-of-living index moved by more than its threshold.",
    example={
        "index_id": "regency",
        "scope": "regency",
        "value": 103.4,
        "previous_value": 101.9,
        "change_pct": 1.47,
        "basket_cost": 412500,
        "as_of": "2026-11-27",
        "computed_at": "2026-11-27T02:10:05Z",
    },
)
class CostIndexUpdatedV1(EventPayload):
    index_id: str = Field(description="'regency' or the kecamatan code the index is for")
    scope: Literal["regency", "kecamatan"]
    kecamatan_code: KecamatanCode | None = None
    value: float = Field(description="Index value, base period = 100")
    previous_value: float | None = Field(
        default=None, description="The value last announced; absent for the first one"
    )
    change_pct: float | None = Field(
        default=None, description="Percent change since the value last announced"
    )
    basket_cost: int = Field(ge=0, description="Cost of the weighted basket in rupiah")
    as_of: dt.date
    computed_at: AwareDatetime
