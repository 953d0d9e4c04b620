"""What the registry's routes accept and answer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from benuo_contract import DesaCode, KecamatanCode
from benuo_contract.events.economy import BusinessStatus
from benuo_contract.events.governance import RiskLevel
from benuo_economy.domain.calendar import as_utc
from benuo_economy.domain.kbli import sector_label
from benuo_economy.models import Business
from benuo_economy.reference import kbli_entries
from benuo_runtime.regions import ppu_regions

BusinessName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)
]
PermitNumber = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
]
KbliCode = Annotated[str, Field(pattern=r"^\d{5}$", examples=["56102"])]


class BusinessIn(BaseModel):
    """A business an officer enters by hand (one that came without a permit event)."""

    model_config = ConfigDict(extra="forbid")

    name: BusinessName
    kbli_code: KbliCode
    risk_level: RiskLevel | None = Field(
        default=None, description="Defaults to the KBLI code's typical level, where known"
    )
    permit_number: PermitNumber | None = None
    kecamatan_code: KecamatanCode
    desa_code: DesaCode
    registered_on: date | None = Field(default=None, description="Defaults to today (WITA)")


class BusinessChange(BaseModel):
    """Only the fields sent change; ``version`` makes the change conditional."""

    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(default=None, ge=1, description="Refuse if no longer current")
    name: BusinessName | None = None
    kbli_code: KbliCode | None = None
    risk_level: RiskLevel | None = None
    permit_number: PermitNumber | None = None
    kecamatan_code: KecamatanCode | None = None
    desa_code: DesaCode | None = None
    status: BusinessStatus | None = None

    @model_validator(mode="after")
    def _only_the_permit_number_can_be_removed(self) -> BusinessChange:
        nulls = sorted(
            name
            for name in self.model_fields_set - {"permit_number"}
            if getattr(self, name) is None
        )
        if nulls:
            raise ValueError(f"{', '.join(nulls)} cannot be null; leave out what does not change")
        return self


class BusinessOut(BaseModel):
    business_id: str
    version: int
    name: str
    kbli_code: str
    kbli_title: str | None = Field(description="Null for a code outside our KBLI reference list")
    sector_code: str | None = Field(description="KBLI section letter; null when unknown")
    sector: str
    risk_level: RiskLevel
    permit_number: str | None
    permit_application_id: str | None
    kecamatan_code: str
    kecamatan_name: str
    desa_code: str
    desa_name: str
    status: BusinessStatus
    registered_on: date
    origin: Literal["permit", "officer"]
    registered_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, business: Business) -> BusinessOut:
        regions = ppu_regions()
        known = kbli_entries().get(business.kbli_code)
        kecamatan, desa = regions.get(business.kecamatan_code), regions.get(business.desa_code)
        return cls(
            business_id=business.business_id,
            version=business.version,
            name=business.name,
            kbli_code=business.kbli_code,
            kbli_title=known.title if known else None,
            sector_code=business.sector_code,
            sector=sector_label(business.sector_code),
            risk_level=RiskLevel(business.risk_level),
            permit_number=business.permit_number,
            permit_application_id=business.application_id,
            kecamatan_code=business.kecamatan_code,
            kecamatan_name=kecamatan.name if kecamatan else business.kecamatan_code,
            desa_code=business.desa_code,
            desa_name=desa.name if desa else business.desa_code,
            status=BusinessStatus(business.status),
            registered_on=business.registered_on,
            origin=business.origin,
            registered_at=as_utc(business.registered_at),
            updated_at=as_utc(business.updated_at),
        )
