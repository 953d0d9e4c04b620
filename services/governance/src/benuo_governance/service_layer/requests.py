"""Submitting a service request, and finding possible duplicates of one."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from benuo_contract.events.governance import RequestStatus
from benuo_governance.domain.access import Viewer
from benuo_governance.domain.attributes import AnswerErrors, AttributeDefinition, check_answers
from benuo_governance.domain.calendar import WITA
from benuo_governance.domain.sla import clocks_at_submission
from benuo_governance.persistence.requests import Reporter, ServiceRequest
from benuo_governance.service_layer import events, lookups, queries
from benuo_governance.service_layer.commands import NewRequest
from benuo_governance.service_layer.history import record_update
from benuo_governance.service_layer.places import village_for
from benuo_governance.settings import Settings
from benuo_runtime.messaging.outbox import emit
from benuo_runtime.problems import ProblemError


@dataclass(frozen=True)
class Submitted:
    request: ServiceRequest
    tracking_token: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def submit(
    session: Session,
    settings: Settings,
    actor: Viewer,
    command: NewRequest,
    *,
    channel: str,
    now: datetime,
) -> Submitted:
    category = lookups.category(session, command.service_code, for_new_request=True)
    definitions = [AttributeDefinition.model_validate(a) for a in category.attributes]
    try:
        answers = check_answers(definitions, command.attributes)
    except AnswerErrors as error:
        raise ProblemError(
            422,
            f"The answers do not fit {category.code}'s questions: {error}",
            kind="validation-error",
            errors=error.errors,
        ) from None
    place = village_for(
        command.location.lat,
        command.location.lng,
        kecamatan_code=command.kecamatan_code,
        desa_code=command.desa_code,
    )
    calendar = lookups.working_calendar(
        session, cuti_bersama_is_holiday=settings.sla_cuti_bersama_is_holiday
    )
    clocks = clocks_at_submission(calendar, now, settings.sla_verification_working_days)
    token = secrets.token_urlsafe(18)
    request = ServiceRequest(
        public_id=uuid.uuid4().hex,
        token_hash=token_hash(token),
        status=RequestStatus.SUBMITTED,
        service_code=category.code,
        agency_code=category.agency_code,
        description=command.description,
        address=command.address,
        lat=command.location.lat,
        lng=command.location.lng,
        kecamatan_code=place.parent_code,
        desa_code=place.code,
        facility_ref=command.facility_ref,
        media_urls=[str(url) for url in command.media_urls],
        attributes=answers,
        channel=channel,
        reporter_subject=_owner(actor, command),
        created_by=actor.subject,
        submitted_at=now,
        updated_at=now,
        verification_due_at=clocks.verification_due_at,
    )
    session.add(request)
    session.flush()
    assert request.id is not None
    request.public_id = f"PPU-{now.astimezone(WITA).year}-{request.id:06d}"
    contact = command.reporter
    if contact is not None and (contact.name or contact.phone or contact.email):
        session.add(Reporter(request_id=request.id, **contact.model_dump()))
    record_update(session, request, actor, now, to_status=RequestStatus.SUBMITTED)
    emit(session, events.request_created(request))
    return Submitted(request, token)


def possible_duplicates(
    session: Session,
    settings: Settings,
    *,
    service_code: str,
    lat: float,
    lng: float,
    now: datetime,
    radius_m: float | None = None,
    exclude: str | None = None,
) -> list[tuple[ServiceRequest, float]]:
    """Same-category reports nearby: open, or closed within the configured window."""
    return queries.nearby(
        session,
        service_code=service_code,
        lat=lat,
        lng=lng,
        radius_m=radius_m or settings.duplicate_radius_m,
        closed_since=now - timedelta(days=settings.duplicate_window_days),
        exclude=exclude,
    )


def _owner(actor: Viewer, command: NewRequest) -> str | None:
    if command.reporter_subject is None:
        return actor.subject if actor.role == "citizen" else None
    if not actor.is_officer:
        raise ProblemError(
            403, "Only officers may report on behalf of another citizen.", kind="forbidden"
        )
    return command.reporter_subject
