"""Business permit applications: submit, verify, approve (issuing a number) or reject."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Session

from benuo_governance.domain.access import Viewer
from benuo_governance.domain.calendar import WITA
from benuo_governance.domain.permits import (
    PermitStatus,
    PermitTransitionRefused,
    check_permit_transition,
    permit_number,
)
from benuo_governance.persistence.permits import (
    Kbli,
    PermitApplication,
    PermitOwner,
    PermitUpdate,
)
from benuo_governance.service_layer import events, lookups
from benuo_governance.service_layer.commands import NewPermit, PermitDecision
from benuo_governance.service_layer.places import village
from benuo_governance.service_layer.refusals import transition_refused
from benuo_runtime.messaging.outbox import emit
from benuo_runtime.problems import ProblemError

P = PermitStatus


def submit(
    session: Session, actor: Viewer, command: NewPermit, *, now: datetime
) -> PermitApplication:
    activity = session.get(Kbli, command.kbli_code)
    if activity is None:
        raise ProblemError(
            422,
            f"KBLI {command.kbli_code} is not in the regency's list; "
            "see GET /api/v1/governance/kbli.",
            kind="unknown-kbli",
        )
    place = village(command.desa_code)
    if command.applicant_subject is not None and not actor.handles_permits:
        raise ProblemError(
            403, "Only DPMPTSP officers may apply on behalf of someone else.", kind="forbidden"
        )
    permit = PermitApplication(
        public_id=uuid.uuid4().hex,
        status=P.SUBMITTED,
        business_name=command.business_name,
        kbli_code=activity.code,
        risk_level=activity.risk_level,
        kecamatan_code=place.parent_code,
        desa_code=place.code,
        applicant_subject=command.applicant_subject or actor.subject,
        created_by=actor.subject,
        submitted_at=now,
        updated_at=now,
    )
    session.add(permit)
    session.flush()
    assert permit.id is not None
    permit.public_id = f"PRM-{now.astimezone(WITA).year}-{permit.id:06d}"
    session.add(PermitOwner(permit_id=permit.id, **command.owner.model_dump()))
    _record(session, permit, actor, now, None, note=None)
    emit(session, events.permit_submitted(permit))
    return permit


def decide(
    session: Session, actor: Viewer, public_id: str, decision: PermitDecision, *, now: datetime
) -> PermitApplication:
    permit = lookups.permit(session, public_id, for_update=True)
    if not actor.handles_permits:
        raise ProblemError(403, "Permit decisions are for DPMPTSP officers.", kind="forbidden")
    current = P(permit.status)
    try:
        check_permit_transition(current, decision.to)
    except PermitTransitionRefused as refused:
        raise transition_refused(refused) from None
    if decision.to is P.REJECTED:
        if not decision.reason:
            raise ProblemError(422, "Say why in 'reason' to reject.", kind="missing-reason")
        permit.rejection_reason = decision.reason
    if decision.to in (P.APPROVED, P.REJECTED):
        permit.decided_at = now
    if decision.to is P.APPROVED:
        assert permit.id is not None
        permit.permit_number = permit_number(permit.id, now)
    permit.status = decision.to
    permit.version += 1
    permit.updated_at = now
    _record(session, permit, actor, now, current, note=decision.reason or decision.note)
    emit(session, events.permit_changed(permit))
    return permit


def _record(
    session: Session,
    permit: PermitApplication,
    actor: Viewer,
    at: datetime,
    from_status: PermitStatus | None,
    *,
    note: str | None,
) -> None:
    assert permit.id is not None
    session.add(
        PermitUpdate(
            permit_id=permit.id,
            at=at,
            author_subject=actor.subject,
            from_status=from_status,
            to_status=permit.status,
            note=note,
        )
    )
