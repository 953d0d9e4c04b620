"""Governance events: citizen service requests and business permits.

Request events carry the request's current state (status, category, place, version), so a
consumer can act on any one of them alone, even when its predecessors arrive late or never.
No reporter's name, phone, e-mail or home address is ever part of them.

Every change of a request or permit is announced by exactly one event whose ``version`` is
one higher than the previous one: the move to ``resolved`` by ``request.resolved`` (not also
by ``request.status_changed``), every other status change by ``request.status_changed``.
``request.sla_breached`` is an observation, not a change: it repeats the current version.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import AwareDatetime, Field

from benuo_contract.registry import EventPayload, event_type
from benuo_contract.types import DesaCode, EntityVersion, GeoPoint, KecamatanCode


class RequestStatus(StrEnum):
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"
    REOPENED = "reopened"


class RiskLevel(StrEnum):
    """OSS-RBA risk levels (PP 5/2021)."""

    RENDAH = "rendah"
    MENENGAH_RENDAH = "menengah_rendah"
    MENENGAH_TINGGI = "menengah_tinggi"
    TINGGI = "tinggi"


class RequestState(EventPayload):
    """The public state of a service request, as of ``version``."""

    request_id: str = Field(description="Public id of the service request")
    version: EntityVersion
    status: RequestStatus
    service_code: str = Field(description="Category code from the service catalogue")
    agency_code: str = Field(description="Responsible agency (OPD) code")
    kecamatan_code: KecamatanCode
    desa_code: DesaCode
    location: GeoPoint = Field(description="Where the reported problem is")
    facility_ref: str | None = Field(
        default=None, description="A facility the reporter named, if any (living's facility id)"
    )


@event_type(
    "ppu.governance.request.created",
    version=1,
    subject_field="request_id",
    summary="A citizen service request was submitted.",
    example={
        "request_id": "PPU-2026-000123",
        "version": 1,
        "status": "submitted",
        "service_code": "PJU-MATI",
        "agency_code": "DISHUB",
        "kecamatan_code": "64.09.01",
        "desa_code": "64.09.01.1010",
        "location": {"lat": -1.2512, "lng": 116.8301},
        "facility_ref": None,
        "submitted_at": "2026-11-02T01:15:00Z",
        "verification_due_at": "2026-11-05T01:15:00Z",
    },
)
class RequestCreatedV1(RequestState):
    submitted_at: AwareDatetime
    verification_due_at: AwareDatetime


@event_type(
    "ppu.governance.request.status_changed",
    version=1,
    subject_field="request_id",
    summary="A service request moved from one status to another.",
    example={
        "request_id": "PPU-2026-000123",
        "version": 3,
        "status": "assigned",
        "previous_status": "verified",
        "service_code": "PJU-MATI",
        "agency_code": "DISHUB",
        "kecamatan_code": "64.09.01",
        "desa_code": "64.09.01.1010",
        "location": {"lat": -1.2512, "lng": 116.8301},
        "changed_at": "2026-11-03T02:00:00Z",
    },
)
class RequestStatusChangedV1(RequestState):
    previous_status: RequestStatus
    changed_at: AwareDatetime
    duplicate_of: str | None = Field(default=None, description="Original request, for duplicates")


@event_type(
    "ppu.governance.request.resolved",
    version=1,
    subject_field="request_id",
    summary="A service request was resolved by the responsible agency.",
    example={
        "request_id": "PPU-2026-000123",
        "version": 5,
        "status": "resolved",
        "service_code": "PJU-MATI",
        "agency_code": "DISHUB",
        "kecamatan_code": "64.09.01",
        "desa_code": "64.09.01.1010",
        "location": {"lat": -1.2512, "lng": 116.8301},
        "resolved_at": "2026-11-06T07:30:00Z",
        "within_sla": True,
    },
)
class RequestResolvedV1(RequestState):
    resolved_at: AwareDatetime
    within_sla: bool


@event_type(
    "ppu.governance.request.sla_breached",
    version=1,
    subject_field="request_id",
    summary="A service request passed one of its working-day deadlines.",
    example={
        "request_id": "PPU-2026-000124",
        "version": 2,
        "status": "verified",
        "service_code": "JALAN-RUSAK",
        "agency_code": "DPUPR",
        "kecamatan_code": "64.09.04",
        "desa_code": "64.09.04.1007",
        "location": {"lat": -0.9712, "lng": 116.7012},
        "stage": "follow_up",
        "due_at": "2026-11-10T09:00:00Z",
        "detected_at": "2026-11-10T09:05:00Z",
    },
)
class RequestSlaBreachedV1(RequestState):
    stage: Literal["verification", "follow_up"]
    due_at: AwareDatetime
    detected_at: AwareDatetime


class PermitFacts(EventPayload):
    """What a permit application says about the business; never the owner's personal data."""

    application_id: str
    version: EntityVersion
    business_name: str
    kbli_code: str = Field(pattern=r"^\d{5}$", description="KBLI 2020 five-digit code")
    risk_level: RiskLevel
    kecamatan_code: KecamatanCode
    desa_code: DesaCode


@event_type(
    "ppu.governance.permit.submitted",
    version=1,
    subject_field="application_id",
    summary="A business permit application reached DPMPTSP.",
    example={
        "application_id": "PRM-2026-000045",
        "version": 1,
        "business_name": "Warung Makan Benuo Taka",
        "kbli_code": "56101",
        "risk_level": "menengah_rendah",
        "kecamatan_code": "64.09.01",
        "desa_code": "64.09.01.1010",
        "submitted_at": "2026-11-01T03:00:00Z",
    },
)
class PermitSubmittedV1(PermitFacts):
    submitted_at: AwareDatetime


@event_type(
    "ppu.governance.permit.verified",
    version=1,
    subject_field="application_id",
    summary="DPMPTSP verified a business permit application's documents.",
    example={
        "application_id": "PRM-2026-000045",
        "version": 2,
        "business_name": "Warung Makan Benuo Taka",
        "kbli_code": "56101",
        "risk_level": "menengah_rendah",
        "kecamatan_code": "64.09.01",
        "desa_code": "64.09.01.1010",
        "verified_at": "2026-11-03T02:00:00Z",
    },
)
class PermitVerifiedV1(PermitFacts):
    verified_at: AwareDatetime


@event_type(
    "ppu.governance.permit.approved",
    version=1,
    subject_field="application_id",
    summary="A business permit was approved and its number issued.",
    example={
        "application_id": "PRM-2026-000045",
        "version": 3,
        "business_name": "Warung Makan Benuo Taka",
        "kbli_code": "56101",
        "risk_level": "menengah_rendah",
        "kecamatan_code": "64.09.01",
        "desa_code": "64.09.01.1010",
        "permit_number": "503/0045/DPMPTSP-PPU/XI/2026",
        "approved_at": "2026-11-04T06:00:00Z",
    },
)
class PermitApprovedV1(PermitFacts):
    permit_number: str
    approved_at: AwareDatetime


@event_type(
    "ppu.governance.permit.rejected",
    version=1,
    subject_field="application_id",
    summary="A business permit application was rejected.",
    example={
        "application_id": "PRM-2026-000046",
        "version": 2,
        "business_name": "Bengkel Maju Jaya",
        "kbli_code": "45201",
        "risk_level": "menengah_tinggi",
        "kecamatan_code": "64.09.02",
        "desa_code": "64.09.02.2001",
        "reason": "Dokumen persetujuan lingkungan belum dilampirkan.",
        "rejected_at": "2026-11-04T06:00:00Z",
    },
)
class PermitRejectedV1(PermitFacts):
    reason: str = Field(max_length=500, description="Why, as written for the applicant")
    rejected_at: AwareDatetime
