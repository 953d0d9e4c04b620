"""A request's append-only history: every change and note, with its author and audience."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from benuo_governance.domain.access import Viewer
from benuo_governance.persistence.requests import RequestUpdate, ServiceRequest
from benuo_governance.service_layer import lookups
from benuo_governance.service_layer.commands import NewNote
from benuo_runtime.problems import ProblemError


def add_note(
    session: Session, actor: Viewer, public_id: str, command: NewNote, *, now: datetime
) -> RequestUpdate:
    request = lookups.request(session, public_id)
    officer = actor.acts_for(request.agency_code)
    if not officer and not actor.owns(request.reporter_subject):
        raise ProblemError(
            403,
            "Only the reporter and the responsible agency's officers may add notes.",
            kind="forbidden",
        )
    if not command.public and not officer:
        raise ProblemError(403, "Only officers may write internal notes.", kind="forbidden")
    request.updated_at = now
    return record_update(session, request, actor, now, note=command.note, public=command.public)


def record_update(
    session: Session,
    request: ServiceRequest,
    actor: Viewer,
    at: datetime,
    *,
    from_status: str | None = None,
    to_status: str | None = None,
    note: str | None = None,
    public: bool = True,
) -> RequestUpdate:
    assert request.id is not None
    update = RequestUpdate(
        request_id=request.id,
        at=at,
        author_subject=actor.subject,
        author_role=actor.role,
        agency_code=request.agency_code,
        from_status=from_status,
        to_status=to_status,
        note=note,
        public=public,
    )
    session.add(update)
    return update
