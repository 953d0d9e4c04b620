"""Businesses that officers enter or amend by hand, checked before anything is written."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, select

from benuo_contract.events.economy import BusinessStatus
from benuo_contract.events.governance import RiskLevel
from benuo_economy.domain.calendar import wita_today
from benuo_economy.domain.kbli import section_of
from benuo_economy.domain.places import place_problems
from benuo_economy.domain.problems import InputProblem
from benuo_economy.domain.registry import BusinessFacts, StatusChangeNotAllowed, check_status_change
from benuo_economy.models import Business
from benuo_economy.reference import kbli_entries
from benuo_economy.service_layer import registry
from benuo_runtime.problems import ProblemError
from benuo_runtime.regions import ppu_regions


def enter(
    session: Session,
    *,
    name: str,
    kbli_code: str,
    risk_level: RiskLevel | None,
    permit_number: str | None,
    kecamatan_code: str,
    desa_code: str,
    registered_on: date | None,
    now: datetime,
) -> Business:
    """Register a business by hand; without a risk level, the KBLI code's typical one."""
    today = wita_today(now)
    risk_level = risk_level or typical_risk_level(kbli_code)
    problems = _place_and_kbli_problems(kecamatan_code, desa_code, kbli_code)
    if risk_level is None and section_of(kbli_code) is not None:
        message = f"KBLI {kbli_code} has no typical risk level on file; send risk_level."
        problems.append(InputProblem("risk_level", message, "risk-level-required"))
    if registered_on is not None and registered_on > today:
        message = f"{registered_on} is in the future (today in PPU is {today})."
        problems.append(InputProblem("registered_on", message, "future-date"))
    _refuse_if(problems)
    assert risk_level is not None
    facts = BusinessFacts(name, kbli_code, risk_level, permit_number, kecamatan_code, desa_code)
    _refuse_taken_permit_number(session, permit_number, business_id=None)
    return registry.register(
        session, facts, registered_on=registered_on or today, origin="officer", now=now
    )


def amend(
    session: Session,
    business: Business,
    facts: BusinessFacts,
    status: BusinessStatus,
    *,
    now: datetime,
) -> bool:
    try:
        check_status_change(BusinessStatus(business.status), status)
    except StatusChangeNotAllowed as refused:
        raise ProblemError(
            409,
            f"{business.business_id} is {refused.current}; it cannot become {refused.wanted}.",
            kind="status-change-not-allowed",
            current_status=refused.current,
            allowed=refused.allowed,
        ) from None
    _refuse_if(_place_and_kbli_problems(facts.kecamatan_code, facts.desa_code, facts.kbli_code))
    _refuse_taken_permit_number(session, facts.permit_number, business_id=business.id)
    return registry.change(session, business, facts, status, now=now)


def typical_risk_level(kbli_code: str) -> RiskLevel | None:
    known = kbli_entries().get(kbli_code)
    return known.typical_risk_level if known else None


def _place_and_kbli_problems(
    kecamatan_code: str, desa_code: str, kbli_code: str
) -> list[InputProblem]:
    problems = place_problems(ppu_regions(), kecamatan_code, desa_code)
    if section_of(kbli_code) is None:
        message = f"{kbli_code} is not a KBLI 2020 code: no section has division {kbli_code[:2]}."
        problems.append(InputProblem("kbli_code", message, "unknown-kbli"))
    return problems


def _refuse_if(problems: list[InputProblem]) -> None:
    if problems:
        fields = ", ".join(sorted({p.field for p in problems}))
        raise ProblemError(
            422,
            f"Invalid input in {fields}.",
            kind="validation-error",
            title="Your request is not valid",
            errors=[problem.as_dict() for problem in problems],
        )


def _refuse_taken_permit_number(
    session: Session, permit_number: str | None, *, business_id: int | None
) -> None:
    if permit_number is None:
        return
    holder = session.exec(
        select(Business).where(
            col(Business.permit_number) == permit_number, col(Business.id) != business_id
        )
    ).first()
    if holder is not None:
        raise ProblemError(
            409,
            f"Permit number {permit_number} is already registered as {holder.business_id}.",
            kind="conflict",
            business_id=holder.business_id,
        )
