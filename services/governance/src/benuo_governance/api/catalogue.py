"""The service catalogue and the agencies: read by anyone, changed by admins."""

from __future__ import annotations

from datetime import datetime

from fastapi import status
from pydantic import BaseModel
from sqlmodel import col, select

from benuo_governance.api.deps import AdminDep, NamesCacheDep, NamesDep, NowDep, api_router
from benuo_governance.domain.attributes import AttributeDefinition
from benuo_governance.persistence.catalogue import Agency, ServiceCategory
from benuo_governance.service_layer import catalogue, lookups
from benuo_governance.service_layer.commands import CategoryFields, NewCategory
from benuo_governance.service_layer.names import Names
from benuo_runtime.db import SessionDep

router = api_router("service catalogue")


class AgencyOut(BaseModel):
    code: str
    name: str


class CategoryOut(BaseModel):
    code: str
    name: str
    name_en: str
    description: str
    group: str
    keywords: list[str]
    agency_code: str
    agency_name: str
    sla_working_days: int
    attributes: list[AttributeDefinition]
    active: bool
    retired_at: datetime | None
    updated_at: datetime


def category_out(category: ServiceCategory, names: Names) -> CategoryOut:
    return CategoryOut(
        **category.model_dump(exclude={"attributes", "updated_by"}),
        agency_name=names.agency(category.agency_code),
        attributes=sorted(
            (AttributeDefinition.model_validate(a) for a in category.attributes),
            key=lambda a: a.order,
        ),
        active=category.retired_at is None,
    )


@router.get("/agencies")
def list_agencies(session: SessionDep) -> list[AgencyOut]:
    """The regency's agencies (OPD) that handle requests; officers' tokens name these codes."""
    rows = session.exec(select(Agency).order_by(col(Agency.code)))
    return [AgencyOut(code=a.code, name=a.name) for a in rows]


@router.get("/services")
def list_categories(
    session: SessionDep, names: NamesDep, include_retired: bool = False
) -> list[CategoryOut]:
    query = select(ServiceCategory).order_by(col(ServiceCategory.group), col(ServiceCategory.code))
    if not include_retired:
        query = query.where(col(ServiceCategory.retired_at).is_(None))
    return [category_out(c, names) for c in session.exec(query)]


@router.get("/services/{code}")
def get_category(code: str, session: SessionDep, names: NamesDep) -> CategoryOut:
    return category_out(lookups.category(session, code), names)


@router.post("/services", status_code=status.HTTP_201_CREATED)
def create_category(
    command: NewCategory, session: SessionDep, admin: AdminDep, cache: NamesCacheDep, now: NowDep
) -> CategoryOut:
    category = catalogue.create_category(session, admin, command, now=now)
    session.commit()
    cache.clear()
    return category_out(category, cache.get(session))


@router.put("/services/{code}")
def update_category(
    code: str,
    command: CategoryFields,
    session: SessionDep,
    admin: AdminDep,
    cache: NamesCacheDep,
    now: NowDep,
) -> CategoryOut:
    """Replace a category's fields; requests already made keep their answers and deadlines."""
    category = catalogue.update_category(session, admin, code, command, now=now)
    session.commit()
    cache.clear()
    return category_out(category, cache.get(session))


@router.post("/services/{code}/retire")
def retire_category(
    code: str, session: SessionDep, admin: AdminDep, cache: NamesCacheDep, now: NowDep
) -> CategoryOut:
    """No new reports under this category; existing ones carry on."""
    category = catalogue.retire_category(session, admin, code, now=now)
    session.commit()
    cache.clear()
    return category_out(category, cache.get(session))
