"""The business registry: public search and statistics, officers' entries and changes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, status

from benuo_contract import DesaCode, KecamatanCode
from benuo_contract.events.economy import BusinessStatus
from benuo_contract.events.governance import RiskLevel
from benuo_economy.api.business_schemas import BusinessChange, BusinessIn, BusinessOut
from benuo_economy.api.commits import committed_or_conflict
from benuo_economy.api.dependencies import EconomyOfficer, Page, PagingDep
from benuo_economy.domain.ids import BUSINESS_ID
from benuo_economy.models import Business
from benuo_economy.service_layer import officer_entries
from benuo_economy.service_layer.registry import facts_of
from benuo_economy.views import businesses
from benuo_economy.views.businesses import BusinessFilters
from benuo_runtime.auth import caller
from benuo_runtime.db import SessionDep
from benuo_runtime.problems import ProblemError

router = APIRouter(
    prefix="/api/v1/economy/businesses", tags=["registry"], dependencies=[Depends(caller)]
)
Sector = Annotated[str, Query(pattern=r"^([A-U]|unknown)$", description="KBLI section letter")]


def business_filters(
    q: Annotated[str | None, Query(min_length=2, max_length=100)] = None,
    kecamatan_code: KecamatanCode | None = None,
    desa_code: DesaCode | None = None,
    sector: Sector | None = None,
    kbli_code: Annotated[str | None, Query(pattern=r"^\d{5}$")] = None,
    status: BusinessStatus | None = None,
    risk_level: RiskLevel | None = None,
    origin: Annotated[str | None, Query(pattern="^(permit|officer)$")] = None,
    registered_from: date | None = None,
    registered_to: date | None = None,
) -> BusinessFilters:
    return BusinessFilters(
        q, kecamatan_code, desa_code, sector, kbli_code, status, risk_level, origin,
        registered_from, registered_to,
    )  # fmt: skip


FiltersDep = Annotated[BusinessFilters, Depends(business_filters)]


@router.get("", summary="Search the registry")
def search_businesses(
    session: SessionDep, filters: FiltersDep, page: PagingDep
) -> Page[BusinessOut]:
    found, total = businesses.search(session, filters, limit=page.limit, offset=page.offset)
    items = [BusinessOut.of(business) for business in found]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/stats", summary="Businesses per kecamatan, sector, month and status")
def business_statistics(session: SessionDep, filters: FiltersDep) -> dict[str, Any]:
    return businesses.statistics(session, filters)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Register a business by hand")
def register_business(body: BusinessIn, session: SessionDep, _: EconomyOfficer) -> BusinessOut:
    with committed_or_conflict(session, _registered_meanwhile(body.permit_number)):
        business = officer_entries.enter(session, **body.model_dump(), now=datetime.now(UTC))
    return BusinessOut.of(business)


@router.get("/{business_id}", summary="One business")
def get_business(business_id: str, session: SessionDep) -> BusinessOut:
    return BusinessOut.of(_business(session, business_id))


@router.patch("/{business_id}", summary="Change a business's details or status")
def change_business(
    business_id: str, body: BusinessChange, session: SessionDep, _: EconomyOfficer
) -> BusinessOut:
    business = _business(session, business_id)
    if body.version is not None and body.version != business.version:
        raise ProblemError(
            409,
            f"{business_id} is at version {business.version}, not {body.version}: reload it.",
            kind="version-conflict",
            current_version=business.version,
        )
    changes = body.model_dump(exclude_unset=True, exclude={"version", "status"})
    facts = facts_of(business).updated(**changes)
    wanted = body.status or BusinessStatus(business.status)
    with committed_or_conflict(session, _registered_meanwhile(facts.permit_number)):
        officer_entries.amend(session, business, facts, wanted, now=datetime.now(UTC))
    return BusinessOut.of(business)


def _business(session: SessionDep, business_id: str) -> Business:
    number = BUSINESS_ID.parse(business_id)
    found = session.get(Business, number) if number is not None else None
    if found is None:
        raise ProblemError(404, f"There is no business {business_id}.", kind="not-found")
    return found


def _registered_meanwhile(permit_number: str | None) -> str:
    return f"Permit number {permit_number} was registered meanwhile."
