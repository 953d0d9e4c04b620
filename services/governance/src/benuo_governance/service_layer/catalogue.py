"""Admin changes to the catalogue and the holiday list, each kept in the audit trail."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from benuo_governance.domain.access import Viewer
from benuo_governance.persistence.catalogue import ServiceCategory
from benuo_governance.persistence.reference import AuditEntry, Holiday
from benuo_governance.service_layer import lookups
from benuo_governance.service_layer.commands import CategoryFields, HolidayFields, NewCategory
from benuo_runtime.problems import ProblemError


def audit(
    session: Session, actor: Viewer, entity: str, entity_id: str, action: str, detail: Any
) -> None:
    session.add(
        AuditEntry(
            actor=actor.subject, entity=entity, entity_id=entity_id, action=action, detail=detail
        )
    )


def _fields(command: CategoryFields) -> dict[str, Any]:
    return command.model_dump(mode="json", exclude={"code"})


def create_category(
    session: Session, actor: Viewer, command: NewCategory, *, now: datetime
) -> ServiceCategory:
    if session.get(ServiceCategory, command.code) is not None:
        raise ProblemError(
            409, f"The category {command.code} exists already; update it instead.", kind="conflict"
        )
    lookups.agency(session, command.agency_code)
    category = ServiceCategory(
        code=command.code, **_fields(command), updated_at=now, updated_by=actor.subject
    )
    session.add(category)
    audit(session, actor, "service_category", command.code, "create", _fields(command))
    return category


def update_category(
    session: Session, actor: Viewer, code: str, command: CategoryFields, *, now: datetime
) -> ServiceCategory:
    category = lookups.category(session, code)
    lookups.agency(session, command.agency_code)
    for name, value in _fields(command).items():
        setattr(category, name, value)
    category.updated_at, category.updated_by = now, actor.subject
    audit(session, actor, "service_category", code, "update", _fields(command))
    return category


def retire_category(
    session: Session, actor: Viewer, code: str, *, now: datetime
) -> ServiceCategory:
    """No new reports under it; existing ones keep it. Retiring twice changes nothing."""
    category = lookups.category(session, code)
    if category.retired_at is None:
        category.retired_at = now
        category.updated_at, category.updated_by = now, actor.subject
        audit(session, actor, "service_category", code, "retire", {})
    return category


def put_holiday(session: Session, actor: Viewer, day: date, command: HolidayFields) -> Holiday:
    holiday = session.get(Holiday, day) or Holiday(day=day, name="", kind="")
    holiday.name, holiday.kind, holiday.status = command.name, command.kind, command.status
    holiday.updated_by = actor.subject
    session.add(holiday)
    audit(session, actor, "holiday", day.isoformat(), "put", command.model_dump())
    return holiday


def delete_holiday(session: Session, actor: Viewer, day: date) -> None:
    holiday = session.get(Holiday, day)
    if holiday is None:
        raise ProblemError(404, f"{day} is not in the holiday list.", kind="not-found")
    session.delete(holiday)
    audit(session, actor, "holiday", day.isoformat(), "delete", {"name": holiday.name})
