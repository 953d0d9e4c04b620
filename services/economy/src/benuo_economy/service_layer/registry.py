"""Registering businesses and changing them, from officers and from approved permits."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from benuo_contract.events.economy import (
    BusinessRegisteredV1,
    BusinessStatus,
    BusinessUpdatedV1,
)
from benuo_economy.domain.kbli import section_of, sector_label
from benuo_economy.domain.registry import BusinessFacts
from benuo_economy.models import Business
from benuo_runtime.messaging.outbox import emit


def facts_of(business: Business) -> BusinessFacts:
    return BusinessFacts(
        name=business.name,
        kbli_code=business.kbli_code,
        risk_level=business.risk_level,  # type: ignore[arg-type]
        permit_number=business.permit_number,
        kecamatan_code=business.kecamatan_code,
        desa_code=business.desa_code,
    )


def register(
    session: Session,
    facts: BusinessFacts,
    *,
    registered_on: date,
    origin: str,
    now: datetime,
    application_id: str | None = None,
    permit_version: int | None = None,
) -> Business:
    business = Business(
        **_columns(facts),
        version=1,
        status=BusinessStatus.ACTIVE,
        registered_on=registered_on,
        origin=origin,
        application_id=application_id,
        permit_version=permit_version,
        registered_at=now,
        updated_at=now,
    )
    session.add(business)
    session.flush()
    emit(session, BusinessRegisteredV1(**_public_state(business), registered_at=now))
    return business


def change(
    session: Session,
    business: Business,
    facts: BusinessFacts,
    status: BusinessStatus,
    *,
    now: datetime,
) -> bool:
    """Apply new facts and status; one new version and one event if anything changed."""
    if not facts.differences(facts_of(business)) and status == business.status:
        return False
    for column, value in _columns(facts).items():
        setattr(business, column, value)
    business.status = status
    business.version += 1
    business.updated_at = now
    session.add(business)
    session.flush()
    emit(session, BusinessUpdatedV1(**_public_state(business), updated_at=now))
    return True


def find_by_permit(session: Session, application_id: str, permit_number: str) -> Business | None:
    """The business a permit created, else one an officer entered with the same number."""
    by_application = session.exec(
        select(Business).where(col(Business.application_id) == application_id)
    ).first()
    if by_application is not None:
        return by_application
    return session.exec(
        select(Business).where(col(Business.permit_number) == permit_number)
    ).first()


def _columns(facts: BusinessFacts) -> dict[str, Any]:
    section = section_of(facts.kbli_code)
    return {**asdict(facts), "sector_code": section.letter if section else None}


def _public_state(business: Business) -> dict[str, Any]:
    return {
        "business_id": business.business_id,
        "version": business.version,
        "name": business.name,
        "kbli_code": business.kbli_code,
        "sector": sector_label(business.sector_code),
        "risk_level": business.risk_level,
        "permit_number": business.permit_number,
        "kecamatan_code": business.kecamatan_code,
        "desa_code": business.desa_code,
        "status": business.status,
        "registered_on": business.registered_on,
        "origin": business.origin,
    }
