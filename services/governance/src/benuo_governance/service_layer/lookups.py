"""Loading what the use cases need, with a clear 4xx when it is not there."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from benuo_governance.domain.calendar import WorkingCalendar
from benuo_governance.persistence.catalogue import Agency, ServiceCategory
from benuo_governance.persistence.permits import PermitApplication
from benuo_governance.persistence.reference import Holiday
from benuo_governance.persistence.requests import (
    Reporter,
    RequestUpdate,
    ServiceRequest,
    SlaBreach,
)
from benuo_runtime.problems import ProblemError

CUTI_BERSAMA = "cuti_bersama"


def working_calendar(session: Session, *, cuti_bersama_is_holiday: bool) -> WorkingCalendar:
    query = select(Holiday)
    if not cuti_bersama_is_holiday:
        query = query.where(Holiday.kind != CUTI_BERSAMA)
    return WorkingCalendar.with_holidays(holiday.day for holiday in session.exec(query))


def category(session: Session, code: str, *, for_new_request: bool = False) -> ServiceCategory:
    found = session.get(ServiceCategory, code)
    if found is None:
        raise ProblemError(
            404 if not for_new_request else 422,
            f"There is no service category {code}; see GET /api/v1/governance/services.",
            kind="unknown-service",
        )
    if for_new_request and found.retired_at is not None:
        raise ProblemError(
            422, f"The service category {code} is retired; choose another.", kind="retired-service"
        )
    return found


def agency(session: Session, code: str) -> Agency:
    found = session.get(Agency, code)
    if found is None:
        raise ProblemError(
            422,
            f"There is no agency {code}; see GET /api/v1/governance/agencies.",
            kind="unknown-agency",
        )
    return found


def request(session: Session, public_id: str, *, for_update: bool = False) -> ServiceRequest:
    query = select(ServiceRequest).where(ServiceRequest.public_id == public_id)
    if for_update:
        query = query.with_for_update()
    found = session.exec(query).first()
    if found is None:
        raise ProblemError(404, f"There is no service request {public_id}.", kind="not-found")
    return found


def permit(session: Session, public_id: str, *, for_update: bool = False) -> PermitApplication:
    query = select(PermitApplication).where(col(PermitApplication.public_id) == public_id)
    if for_update:
        query = query.with_for_update()
    found = session.exec(query).first()
    if found is None:
        raise ProblemError(404, f"There is no permit application {public_id}.", kind="not-found")
    return found


@dataclass(frozen=True)
class RequestRecord:
    """A request with what its detail view shows besides the row itself."""

    reporter: Reporter | None
    updates: list[RequestUpdate]
    breaches: list[SlaBreach]


def request_record(session: Session, request: ServiceRequest) -> RequestRecord:
    updates = select(RequestUpdate).where(RequestUpdate.request_id == request.id)
    breaches = select(SlaBreach).where(SlaBreach.request_id == request.id)
    return RequestRecord(
        reporter=session.get(Reporter, request.id),
        updates=list(session.exec(updates.order_by(col(RequestUpdate.id)))),
        breaches=list(session.exec(breaches.order_by(col(SlaBreach.id)))),
    )


def public_updates(session: Session, request_ids: list[int]) -> dict[int, list[RequestUpdate]]:
    """Public history of several requests at once, oldest first (one query for a page)."""
    found: dict[int, list[RequestUpdate]] = {}
    if not request_ids:
        return found
    query = (
        select(RequestUpdate)
        .where(col(RequestUpdate.request_id).in_(request_ids), col(RequestUpdate.public))
        .order_by(col(RequestUpdate.id))
    )
    for update in session.exec(query):
        found.setdefault(update.request_id, []).append(update)
    return found


def last_public_notes(session: Session, request_ids: list[int]) -> dict[int, str]:
    """The latest public note of each request (what Open311's status_notes shows)."""
    if not request_ids:
        return {}
    u = RequestUpdate
    latest = (
        select(func.max(u.id))
        .where(col(u.request_id).in_(request_ids), col(u.public), col(u.note).is_not(None))
        .group_by(col(u.request_id))
    )
    rows = session.exec(select(u.request_id, u.note).where(col(u.id).in_(latest)))
    return {request_id: note for request_id, note in rows if note}
