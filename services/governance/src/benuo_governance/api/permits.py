"""Business permit applications (OSS-RBA style) at DPMPTSP."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query, status
from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from benuo_contract.events.governance import RiskLevel
from benuo_governance.api.deps import NowDep, SignedInDep, ViewerDep, api_router
from benuo_governance.domain.access import Viewer
from benuo_governance.domain.permits import (
    ISSUED_DOCUMENTS,
    PERMIT_TRANSITIONS,
    PermitStatus,
)
from benuo_governance.persistence.permits import PermitApplication, PermitOwner, PermitUpdate
from benuo_governance.service_layer import lookups
from benuo_governance.service_layer import permits as use_cases
from benuo_governance.service_layer.commands import NewPermit, PermitDecision
from benuo_governance.service_layer.names import Names
from benuo_runtime.db import SessionDep
from benuo_runtime.problems import ProblemError

router = api_router("business permits")


class OwnerOut(BaseModel):
    name: str
    phone: str | None
    email: str | None
    business_address: str | None


class PermitHistoryOut(BaseModel):
    at: datetime
    from_status: PermitStatus | None
    to_status: PermitStatus
    note: str | None


class PermitOut(BaseModel):
    id: str
    version: int
    status: PermitStatus
    business_name: str
    kbli_code: str
    risk_level: RiskLevel
    kecamatan_code: str
    desa_code: str
    desa_name: str
    submitted_at: datetime
    decided_at: datetime | None
    permit_number: str | None
    issued_documents: list[str] = Field(description="What approval issues at this risk level")
    rejection_reason: str | None
    allowed_next: list[PermitStatus]
    owner: OwnerOut | None = Field(description="The applicant and DPMPTSP officers only")
    history: list[PermitHistoryOut] | None = Field(description="Applicant and officers only")


def _sees_private(viewer: Viewer, permit: PermitApplication) -> bool:
    return viewer.handles_permits or viewer.owns(permit.applicant_subject)


def _out(session: Session, permit: PermitApplication, viewer: Viewer) -> PermitOut:
    private = _sees_private(viewer, permit)
    owner = session.get(PermitOwner, permit.id) if private else None
    history = (
        session.exec(
            select(PermitUpdate)
            .where(PermitUpdate.permit_id == permit.id)
            .order_by(col(PermitUpdate.id))
        ).all()
        if private
        else None
    )
    risk = RiskLevel(permit.risk_level)
    return PermitOut(
        id=permit.public_id,
        version=permit.version,
        status=PermitStatus(permit.status),
        business_name=permit.business_name,
        kbli_code=permit.kbli_code,
        risk_level=risk,
        kecamatan_code=permit.kecamatan_code,
        desa_code=permit.desa_code,
        desa_name=Names.place(permit.desa_code),
        submitted_at=permit.submitted_at,
        decided_at=permit.decided_at,
        permit_number=permit.permit_number,
        issued_documents=list(ISSUED_DOCUMENTS[risk]),
        rejection_reason=permit.rejection_reason,
        allowed_next=list(PERMIT_TRANSITIONS[PermitStatus(permit.status)]),
        owner=OwnerOut.model_validate(owner, from_attributes=True) if owner else None,
        history=[PermitHistoryOut.model_validate(u, from_attributes=True) for u in history]
        if history is not None
        else None,
    )


@router.post("/permits", status_code=status.HTTP_201_CREATED)
def apply_for_permit(
    command: NewPermit, session: SessionDep, viewer: SignedInDep, now: NowDep
) -> PermitOut:
    """Apply for a business permit; the KBLI code sets the risk level."""
    permit = use_cases.submit(session, viewer, command, now=now)
    session.commit()
    return _out(session, permit, viewer)


@router.get("/permits")
def list_permits(
    session: SessionDep,
    viewer: SignedInDep,
    permit_status: Annotated[PermitStatus | None, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> list[PermitOut]:
    """DPMPTSP officers see every application; everyone else their own, newest first."""
    query = select(PermitApplication)
    if not viewer.handles_permits:
        query = query.where(PermitApplication.applicant_subject == viewer.subject)
    if permit_status is not None:
        query = query.where(PermitApplication.status == permit_status)
    query = query.order_by(
        col(PermitApplication.submitted_at).desc(), col(PermitApplication.id).desc()
    )
    return [_out(session, p, viewer) for p in session.exec(query.offset(offset).limit(limit))]


@router.get("/permits/{application_id}")
def get_permit(application_id: str, session: SessionDep, viewer: ViewerDep) -> PermitOut:
    """An approved permit is public, as a permit register is; an application still being
    decided, or rejected, is the applicant's and DPMPTSP's business only (ids are sequential,
    so anyone could otherwise read every pending application and rejection reason)."""
    permit = lookups.permit(session, application_id)
    if permit.status != PermitStatus.APPROVED and not _sees_private(viewer, permit):
        raise ProblemError(
            404, f"There is no permit application {application_id}.", kind="not-found"
        )
    return _out(session, permit, viewer)


@router.post("/permits/{application_id}/transitions")
def decide_permit(
    application_id: str,
    decision: PermitDecision,
    session: SessionDep,
    viewer: SignedInDep,
    now: NowDep,
) -> PermitOut:
    """verify, approve (issues the permit number) or reject (with a reason)."""
    permit = use_cases.decide(session, viewer, application_id, decision, now=now)
    session.commit()
    return _out(session, permit, viewer)
