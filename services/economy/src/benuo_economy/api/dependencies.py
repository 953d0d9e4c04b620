"""What the routes need from the request: who calls, the price policy, a page window."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel

from benuo_economy.service_layer.observations import PricePolicy
from benuo_economy.settings import Settings
from benuo_runtime.auth import Principal, require_officer_of

PILLAR = "economy"
EconomyOfficer = Annotated[Principal, Depends(require_officer_of(PILLAR))]


def price_policy(request: Request) -> PricePolicy:
    settings = request.app.state.runtime.settings
    assert isinstance(settings, Settings), "the economy app runs on economy settings"
    return PricePolicy(settings.alert_rules(), settings.plausibility())


PricePolicyDep = Annotated[PricePolicy, Depends(price_policy)]


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


def paging(
    limit: Annotated[int, Query(ge=1, le=200, description="Page size")] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip")] = 0,
) -> Paging:
    return Paging(limit, offset)


PagingDep = Annotated[Paging, Depends(paging)]
ItemT = TypeVar("ItemT")


class Page(BaseModel, Generic[ItemT]):
    items: list[ItemT]
    total: int
    limit: int
    offset: int
