"""Event payloads from the stored state: public facts only, never the reporter or owner."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from benuo_contract import GeoPoint
from benuo_contract.events.governance import (
    PermitApprovedV1,
    PermitRejectedV1,
    PermitSubmittedV1,
    PermitVerifiedV1,
    RequestCreatedV1,
    RequestResolvedV1,
    RequestSlaBreachedV1,
    RequestStatus,
    RequestStatusChangedV1,
    RiskLevel,
)
from benuo_governance.domain.sla import Breach, resolved_within_sla
from benuo_governance.persistence.permits import PermitApplication
from benuo_governance.persistence.requests import ServiceRequest


def _request_state(request: ServiceRequest) -> dict[str, Any]:
    return {
        "request_id": request.public_id,
        "version": request.version,
        "status": RequestStatus(request.status),
        "service_code": request.service_code,
        "agency_code": request.agency_code,
        "kecamatan_code": request.kecamatan_code,
        "desa_code": request.desa_code,
        "location": GeoPoint(lat=request.lat, lng=request.lng),
        "facility_ref": request.facility_ref,
    }


def request_created(request: ServiceRequest) -> RequestCreatedV1:
    return RequestCreatedV1(
        **_request_state(request),
        submitted_at=request.submitted_at,
        verification_due_at=request.verification_due_at,
    )


def request_changed(
    request: ServiceRequest, previous: RequestStatus
) -> RequestStatusChangedV1 | RequestResolvedV1:
    """The one event announcing this change (see the contract module on why only one)."""
    if request.status == RequestStatus.RESOLVED:
        assert request.resolved_at is not None
        return RequestResolvedV1(
            **_request_state(request),
            resolved_at=request.resolved_at,
            within_sla=resolved_within_sla(request.clocks, request.resolved_at),
        )
    return RequestStatusChangedV1(
        **_request_state(request),
        previous_status=previous,
        changed_at=request.updated_at,
        duplicate_of=request.duplicate_of,
    )


def sla_breached(
    request: ServiceRequest, breach: Breach, detected_at: datetime
) -> RequestSlaBreachedV1:
    return RequestSlaBreachedV1(
        **_request_state(request),
        stage=breach.stage.value,
        due_at=breach.due_at,
        detected_at=detected_at,
    )


def _permit_facts(permit: PermitApplication) -> dict[str, Any]:
    return {
        "application_id": permit.public_id,
        "version": permit.version,
        "business_name": permit.business_name,
        "kbli_code": permit.kbli_code,
        "risk_level": RiskLevel(permit.risk_level),
        "kecamatan_code": permit.kecamatan_code,
        "desa_code": permit.desa_code,
    }


def permit_submitted(permit: PermitApplication) -> PermitSubmittedV1:
    return PermitSubmittedV1(**_permit_facts(permit), submitted_at=permit.submitted_at)


def permit_changed(
    permit: PermitApplication,
) -> PermitVerifiedV1 | PermitApprovedV1 | PermitRejectedV1:
    facts = _permit_facts(permit)
    if permit.status == "verified":
        return PermitVerifiedV1(**facts, verified_at=permit.updated_at)
    if permit.status == "approved":
        assert permit.permit_number is not None
        assert permit.decided_at is not None
        return PermitApprovedV1(
            **facts, permit_number=permit.permit_number, approved_at=permit.decided_at
        )
    assert permit.rejection_reason is not None
    assert permit.decided_at is not None
    return PermitRejectedV1(**facts, reason=permit.rejection_reason, rejected_at=permit.decided_at)
