"""Approved permits from governance become businesses in the registry."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from benuo_contract.events.economy import BusinessStatus
from benuo_contract.events.governance import PermitApprovedV1
from benuo_economy.domain.calendar import wita_date
from benuo_economy.domain.places import place_problems
from benuo_economy.domain.registry import BusinessFacts, PermitOutcome, permit_outcome
from benuo_economy.service_layer import registry
from benuo_runtime.messaging.handlers import PermanentError
from benuo_runtime.regions import ppu_regions

NAME_MAX, PERMIT_NUMBER_MAX = 200, 100


def apply_approval(session: Session, permit: PermitApprovedV1, *, now: datetime) -> None:
    """Register the permitted business, or update it for a newer approval; stale ones do nothing.

    A KBLI code missing from our reference list is no reason to refuse: the business is
    stored with the sector its division gives (or none). A place outside PPU or a name that
    does not fit is: such an event goes to the dead-letter queue for an operator.
    """
    _check_fits(permit)
    facts = BusinessFacts(
        name=permit.business_name,
        kbli_code=permit.kbli_code,
        risk_level=permit.risk_level,
        permit_number=permit.permit_number,
        kecamatan_code=permit.kecamatan_code,
        desa_code=permit.desa_code,
    )
    business = registry.find_by_permit(session, permit.application_id, permit.permit_number)
    if business is None:
        registry.register(
            session,
            facts,
            registered_on=wita_date(permit.approved_at),
            origin="permit",
            now=now,
            application_id=permit.application_id,
            permit_version=permit.version,
        )
        return
    if business.application_id not in (None, permit.application_id):
        raise PermanentError(
            f"permit number {permit.permit_number} of application {permit.application_id} "
            f"already belongs to {business.business_id} (application {business.application_id})"
        )
    applied = business.permit_version if business.application_id else None
    if permit_outcome(applied, permit.version) is PermitOutcome.STALE:
        return
    business.application_id = permit.application_id
    business.permit_version = permit.version
    session.add(business)
    registry.change(session, business, facts, BusinessStatus(business.status), now=now)


def _check_fits(permit: PermitApprovedV1) -> None:
    places = place_problems(ppu_regions(), permit.kecamatan_code, permit.desa_code)
    problems = [problem.message for problem in places]
    if len(permit.business_name) > NAME_MAX:
        problems.append(f"business_name is longer than {NAME_MAX} characters")
    if len(permit.permit_number) > PERMIT_NUMBER_MAX:
        problems.append(f"permit_number is longer than {PERMIT_NUMBER_MAX} characters")
    if problems:
        raise PermanentError(f"permit {permit.application_id}: " + "; ".join(problems))
