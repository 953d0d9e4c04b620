"""What callers ask for, validated: the bodies of the JSON API, built from Open311 forms too."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, model_validator

from benuo_contract import DesaCode, GeoPoint, KecamatanCode
from benuo_contract.events.governance import RequestStatus
from benuo_governance.domain.attributes import Answer, AttributeDefinition, check_definitions
from benuo_governance.domain.permits import PermitStatus
from benuo_governance.domain.text import markup_problem


def _plain(text: str) -> str:
    problem = markup_problem(text)
    if problem:
        raise ValueError(problem)
    return text.strip()


PlainText = Annotated[str, AfterValidator(_plain)]
Phone = Annotated[str, Field(pattern=r"^\+?[0-9][0-9 ().-]{5,18}[0-9]$", max_length=20)]
Email = Annotated[str, Field(pattern=r"^[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}$", max_length=254)]


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Contact(Command):
    """Personal data: kept in the service's database, shown to the owner and officers only."""

    name: Annotated[PlainText, Field(min_length=1, max_length=120)] | None = None
    phone: Phone | None = None
    email: Email | None = None


class NewRequest(Command):
    service_code: str = Field(min_length=1, max_length=32, examples=["PJU-MATI"])
    description: Annotated[PlainText, Field(min_length=1, max_length=4000)]
    location: GeoPoint
    address: Annotated[PlainText, Field(max_length=255)] | None = None
    kecamatan_code: KecamatanCode | None = None
    desa_code: DesaCode | None = None
    media_urls: list[HttpUrl] = Field(default_factory=list, max_length=5)
    attributes: dict[str, Answer] = Field(default_factory=dict, max_length=50)
    facility_ref: str | None = Field(
        default=None,
        max_length=100,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="A facility id from the living service, when the problem is at one",
    )
    reporter: Contact | None = None
    reporter_subject: str | None = Field(
        default=None,
        max_length=200,
        description="Officers reporting for a citizen: the citizen's account (subject)",
    )


class StatusChange(Command):
    to: RequestStatus
    note: Annotated[PlainText, Field(max_length=2000)] | None = None
    public: bool = Field(default=True, description="False: only officers see the note")
    agency_code: str | None = Field(
        default=None, max_length=32, description="For 'assigned': the agency disposed to"
    )
    duplicate_of: str | None = Field(
        default=None, max_length=32, description="For 'duplicate': the original request"
    )
    reason: Annotated[PlainText, Field(min_length=1, max_length=500)] | None = Field(
        default=None, description="For 'rejected': why, as written for the reporter"
    )


class NewNote(Command):
    note: Annotated[PlainText, Field(min_length=1, max_length=2000)]
    public: bool = True


class Owner(Contact):
    name: Annotated[PlainText, Field(min_length=1, max_length=120)]
    business_address: Annotated[PlainText, Field(max_length=255)] | None = None


class NewPermit(Command):
    business_name: Annotated[PlainText, Field(min_length=2, max_length=200)]
    kbli_code: str = Field(pattern=r"^\d{5}$", description="KBLI 2020 five-digit code")
    desa_code: DesaCode
    owner: Owner
    applicant_subject: str | None = Field(
        default=None, max_length=200, description="Officers applying for a citizen"
    )


class PermitDecision(Command):
    to: PermitStatus
    note: Annotated[PlainText, Field(max_length=500)] | None = None
    reason: Annotated[PlainText, Field(min_length=1, max_length=500)] | None = None


class CategoryFields(Command):
    name: Annotated[PlainText, Field(min_length=2, max_length=120)]
    name_en: Annotated[PlainText, Field(min_length=2, max_length=120)]
    description: Annotated[PlainText, Field(min_length=2, max_length=1000)]
    group: Annotated[PlainText, Field(min_length=2, max_length=80)]
    keywords: list[Annotated[PlainText, Field(min_length=1, max_length=40)]] = Field(
        default_factory=list, max_length=20
    )
    agency_code: str = Field(max_length=32)
    sla_working_days: int = Field(ge=1, le=60, description="Follow-up deadline, working days")
    attributes: list[AttributeDefinition] = Field(default_factory=list, max_length=30)

    @model_validator(mode="after")
    def _attributes_are_consistent(self) -> CategoryFields:
        check_definitions(self.attributes)
        return self


class NewCategory(CategoryFields):
    code: str = Field(pattern=r"^[A-Z0-9][A-Z0-9-]{1,31}$", examples=["PJU-MATI"])


class HolidayFields(Command):
    name: Annotated[PlainText, Field(min_length=2, max_length=120)]
    kind: Literal["libur_nasional", "cuti_bersama"]
    status: Literal["official", "provisional"] = "official"
