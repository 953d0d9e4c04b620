"""What the living API reads and writes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Generic, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from benuo_contract import DesaCode, GeoPoint, KecamatanCode
from benuo_contract.events.living import FacilityStatus
from benuo_living.domain.facilities import FacilityType

ItemT = TypeVar("ItemT")

FacilityName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
OpeningHours = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
    Field(examples=["Mo-Sa 07:30-14:00"], description="OpenStreetMap opening_hours syntax"),
]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class Page(BaseModel, Generic[ItemT]):
    items: list[ItemT]
    total: int = Field(description="Items matching the query, over all pages")
    limit: int
    offset: int


class FacilityCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: FacilityType
    name: FacilityName
    location: GeoPoint
    desa_code: DesaCode | None = Field(
        default=None, description="Derived from the location when left out"
    )
    opening_hours: OpeningHours | None = None
    status: FacilityStatus = FacilityStatus.OPERATIONAL
    demo: bool = False


class FacilityUpdate(BaseModel):
    """Only the fields sent change; ``opening_hours: null`` clears the opening hours."""

    model_config = ConfigDict(extra="forbid")

    type: FacilityType | None = None
    name: FacilityName | None = None
    location: GeoPoint | None = None
    desa_code: DesaCode | None = None
    opening_hours: OpeningHours | None = None
    demo: bool | None = None

    @model_validator(mode="after")
    def _something_valid_to_change(self) -> Self:
        if not self.model_fields_set:
            raise ValueError("send at least one field to change")
        for name in self.model_fields_set - {"opening_hours"}:
            if getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class StatusUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: FacilityStatus = Field(description="What the officer found on the ground")
    note: Note | None = Field(default=None, description="Shown to officers only")


class FacilityOut(BaseModel):
    facility_id: str
    version: int
    type: FacilityType
    name: str
    kecamatan_code: KecamatanCode
    kecamatan_name: str
    desa_code: DesaCode
    desa_name: str
    location: GeoPoint
    status: FacilityStatus = Field(description="What the public sees")
    officer_status: FacilityStatus = Field(description="What an officer last said")
    open_request_ids: list[str] = Field(description="Citizen requests holding it degraded")
    opening_hours: str | None
    demo: bool = Field(description="Demonstration data, not verified on the ground")
    created_at: datetime
    updated_at: datetime


class NearbyFacility(FacilityOut):
    distance_m: float = Field(description="Great-circle distance from the query point")


class StatusChangeOut(BaseModel):
    facility_version: int
    status: FacilityStatus
    previous_status: FacilityStatus
    cause: str = Field(examples=["citizen_report", "officer"])
    request_id: str | None
    open_request_ids: list[str]
    note: str | None = Field(default=None, description="Officers only")
    changed_at: datetime
