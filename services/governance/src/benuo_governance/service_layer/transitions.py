"""Moving a service request through its workflow."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from benuo_contract.events.governance import RequestStatus
from benuo_governance.domain.access import Viewer
from benuo_governance.domain.sla import clocks_after_change
from benuo_governance.domain.workflow import CLOSED_STATUSES, TransitionRefused, check_transition
from benuo_governance.persistence.requests import ServiceRequest
from benuo_governance.service_layer import events, lookups
from benuo_governance.service_layer.commands import StatusChange
from benuo_governance.service_layer.history import record_update
from benuo_governance.service_layer.refusals import transition_refused
from benuo_governance.settings import Settings
from benuo_runtime.messaging.outbox import emit
from benuo_runtime.problems import ProblemError

S = RequestStatus


def move(
    session: Session,
    settings: Settings,
    actor: Viewer,
    public_id: str,
    change: StatusChange,
    *,
    now: datetime,
) -> ServiceRequest:
    """Apply ``change``: checked, recorded with its author, announced by one event."""
    request = lookups.request(session, public_id, for_update=True)
    current = S(request.status)
    if not actor.may_move(request.agency_code, request.reporter_subject, current, change.to):
        raise ProblemError(
            403,
            f"You may not move {public_id} from {current} to {change.to}: that is for "
            f"officers of {request.agency_code} (or the reporter confirming or reopening).",
            kind="forbidden",
        )
    try:
        check_transition(current, change.to)
    except TransitionRefused as refused:
        raise transition_refused(refused) from None
    _apply_details(session, request, change)
    category = lookups.category(session, request.service_code)
    calendar = lookups.working_calendar(
        session, cuti_bersama_is_holiday=settings.sla_cuti_bersama_is_holiday
    )
    request.set_clocks(
        clocks_after_change(
            request.clocks,
            change.to,
            now,
            calendar=calendar,
            follow_up_days=category.sla_working_days,
        )
    )
    request.status = change.to
    request.version += 1
    request.updated_at = now
    if change.to is S.RESOLVED:
        request.resolved_at = now
    request.closed_at = now if change.to in CLOSED_STATUSES else None
    record_update(
        session,
        request,
        actor,
        now,
        from_status=current,
        to_status=change.to,
        note=change.reason or change.note,
        public=change.public or change.reason is not None,
    )
    emit(session, events.request_changed(request, current))
    return request


def _apply_details(session: Session, request: ServiceRequest, change: StatusChange) -> None:
    """What each target status needs besides the move itself."""
    if change.to is S.REJECTED and not change.reason:
        raise ProblemError(422, "Say why in 'reason' to reject a request.", kind="missing-reason")
    if change.to is S.RESOLVED and not change.note:
        raise ProblemError(
            422, "Say what was done in 'note' to resolve a request.", kind="missing-note"
        )
    if change.to is S.DUPLICATE:
        if not change.duplicate_of or change.duplicate_of == request.public_id:
            raise ProblemError(
                422, "Name the original request in 'duplicate_of'.", kind="missing-original"
            )
        try:
            original = lookups.request(session, change.duplicate_of)
        except ProblemError:
            raise ProblemError(
                422,
                f"There is no request {change.duplicate_of} to point to.",
                kind="missing-original",
            ) from None
        if original.status == S.DUPLICATE:
            raise ProblemError(
                422,
                f"{original.public_id} is itself a duplicate of {original.duplicate_of}; "
                "point to that one.",
                kind="missing-original",
            )
        request.duplicate_of = original.public_id
    if change.to is S.ASSIGNED and change.agency_code:
        request.agency_code = lookups.agency(session, change.agency_code).code
