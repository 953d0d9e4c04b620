"""How a service request is shown: public, to its reporter, or to the agency's officers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from benuo_contract import GeoPoint
from benuo_contract.events.governance import RequestStatus
from benuo_governance.domain.access import View
from benuo_governance.domain.text import redact_contact_details
from benuo_governance.domain.workflow import TRANSITIONS, open311_status
from benuo_governance.persistence.requests import Reporter, RequestUpdate, ServiceRequest, SlaBreach
from benuo_governance.service_layer.names import Names


class RequestSummary(BaseModel):
    """The public form: what anyone may see (contact details in the text are masked)."""

    id: str
    version: int
    status: RequestStatus
    open311_status: str = Field(description="open or closed")
    service_code: str
    service_name: str
    agency_code: str
    agency_name: str
    description: str
    address: str | None
    location: GeoPoint
    kecamatan_code: str
    kecamatan_name: str
    desa_code: str
    desa_name: str
    facility_ref: str | None
    media_urls: list[str]
    duplicate_of: str | None
    submitted_at: datetime
    updated_at: datetime
    verification_due_at: datetime
    follow_up_due_at: datetime | None
    resolved_at: datetime | None


class UpdateOut(BaseModel):
    at: datetime
    from_status: RequestStatus | None
    to_status: RequestStatus | None
    note: str | None
    public: bool
    author_role: str
    agency_code: str
    author: str | None = Field(default=None, description="Officers' view only")


class ContactOut(BaseModel):
    name: str | None
    phone: str | None
    email: str | None


class BreachOut(BaseModel):
    stage: str
    due_at: datetime
    detected_at: datetime


class RequestDetail(RequestSummary):
    view: View = Field(description="public, owner (the reporter) or officer")
    allowed_next: list[RequestStatus] = Field(description="Statuses the workflow allows next")
    attributes: dict[str, Any] | None = Field(description="Answers; owner and officers only")
    reporter: ContactOut | None = Field(description="Owner and officers only")
    channel: str | None = Field(description="Officers only")
    updates: list[UpdateOut]
    sla_breaches: list[BreachOut]


def summary(request: ServiceRequest, names: Names, *, masked: bool = True) -> RequestSummary:
    return RequestSummary(
        id=request.public_id,
        version=request.version,
        status=RequestStatus(request.status),
        open311_status=open311_status(RequestStatus(request.status)),
        service_code=request.service_code,
        service_name=names.service(request.service_code),
        agency_code=request.agency_code,
        agency_name=names.agency(request.agency_code),
        description=redact_contact_details(request.description) if masked else request.description,
        address=request.address,
        location=GeoPoint(lat=request.lat, lng=request.lng),
        kecamatan_code=request.kecamatan_code,
        kecamatan_name=names.place(request.kecamatan_code),
        desa_code=request.desa_code,
        desa_name=names.place(request.desa_code),
        facility_ref=request.facility_ref,
        media_urls=request.media_urls,
        duplicate_of=request.duplicate_of,
        submitted_at=request.submitted_at,
        updated_at=request.updated_at,
        verification_due_at=request.verification_due_at,
        follow_up_due_at=request.follow_up_due_at,
        resolved_at=request.resolved_at,
    )


def detail(
    request: ServiceRequest,
    names: Names,
    view: View,
    *,
    reporter: Reporter | None,
    updates: Sequence[RequestUpdate],
    breaches: Sequence[SlaBreach],
) -> RequestDetail:
    private = view is not View.PUBLIC
    officer = view is View.OFFICER
    return RequestDetail(
        **summary(request, names, masked=not private).model_dump(),
        view=view,
        allowed_next=list(TRANSITIONS[RequestStatus(request.status)]),
        attributes=request.attributes if private else None,
        reporter=ContactOut(name=reporter.name, phone=reporter.phone, email=reporter.email)
        if private and reporter
        else None,
        channel=request.channel if officer else None,
        updates=[
            UpdateOut(
                at=u.at,
                from_status=u.from_status,
                to_status=u.to_status,
                note=u.note if private or u.note is None else redact_contact_details(u.note),
                public=u.public,
                author_role=u.author_role,
                agency_code=u.agency_code,
                author=u.author_subject if officer else None,
            )
            for u in updates
            if u.public or officer
        ],
        sla_breaches=[
            BreachOut(stage=b.stage, due_at=b.due_at, detected_at=b.detected_at) for b in breaches
        ],
    )
