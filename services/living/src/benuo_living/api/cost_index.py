"""Public reads: the cost-of-living indexes, their basket and their history."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlmodel import Session, col, func, select

from benuo_living.api.deps import PREFIX, Limit, Offset, SettingsDep
from benuo_living.api.schemas import Page
from benuo_living.domain.cost_index import REGENCY
from benuo_living.models import CostIndex, CostIndexPoint
from benuo_runtime.auth import caller
from benuo_runtime.db import SessionDep
from benuo_runtime.problems import ProblemError
from benuo_runtime.regions import ppu_regions

router = APIRouter(prefix=PREFIX, tags=["cost of living"], dependencies=[Depends(caller)])


class BasketLine(BaseModel):
    commodity_code: str
    quantity_kg: float
    base_price: int


class IndexOut(BaseModel):
    index_id: str = Field(description="'regency' or a kecamatan code")
    scope: Literal["regency", "kecamatan"]
    name: str
    value: float = Field(description="100 = the basket at base-period prices")
    basket_cost: int = Field(description="Rupiah per household per month")
    priced_commodities: int = Field(description="Basket commodities with a recent price")
    as_of: dt.date


class CostOfLiving(BaseModel):
    base_period: str
    base_cost: int
    threshold_pct: float
    lookback_days: int
    basket: list[BasketLine]
    indexes: list[IndexOut] = Field(description="Regency first, then each kecamatan")


class PointOut(BaseModel):
    as_of: dt.date
    value: float
    basket_cost: int
    priced_commodities: int


def index_views(session: Session) -> list[IndexOut]:
    names = ppu_regions().by_code
    rows = session.exec(select(CostIndex)).all()
    views = [
        IndexOut(
            index_id=row.index_id,
            scope="regency" if row.index_id == REGENCY else "kecamatan",
            name=names["64.09" if row.index_id == REGENCY else row.index_id].name,
            value=row.value,
            basket_cost=row.basket_cost,
            priced_commodities=row.priced_commodities,
            as_of=row.as_of,
        )
        for row in rows
    ]
    return sorted(views, key=lambda view: (view.scope != "regency", view.index_id))


@router.get("/cost-index", summary="The current indexes and how they are computed")
def current(session: SessionDep, settings: SettingsDep) -> CostOfLiving:
    basket = settings.basket()
    return CostOfLiving(
        base_period=basket.base_period,
        base_cost=round(basket.base_cost),
        threshold_pct=settings.cost_index_threshold_pct,
        lookback_days=settings.cost_index_lookback_days,
        basket=[
            BasketLine(
                commodity_code=code, quantity_kg=item.quantity_kg, base_price=item.base_price
            )
            for code, item in basket.items.items()
        ],
        indexes=index_views(session),
    )


@router.get("/cost-index/{index_id}/history", summary="One index day by day, newest first")
def history(
    index_id: str,
    session: SessionDep,
    since: Annotated[dt.date | None, Query(description="First day, inclusive")] = None,
    until: Annotated[dt.date | None, Query(description="Last day, inclusive")] = None,
    limit: Limit = 30,
    offset: Offset = 0,
) -> Page[PointOut]:
    if index_id != REGENCY and index_id not in {k.code for k in ppu_regions().kecamatan()}:
        raise ProblemError(
            404,
            f"There is no index {index_id}: use 'regency' or a kecamatan code such as 64.09.01.",
            kind="not-found",
        )
    conditions = [col(CostIndexPoint.index_id) == index_id]
    if since is not None:
        conditions.append(col(CostIndexPoint.as_of) >= since)
    if until is not None:
        conditions.append(col(CostIndexPoint.as_of) <= until)
    total = session.exec(select(func.count()).select_from(CostIndexPoint).where(*conditions)).one()
    points = session.exec(
        select(CostIndexPoint)
        .where(*conditions)
        .order_by(col(CostIndexPoint.as_of).desc())
        .limit(limit)
        .offset(offset)
    ).all()
    items = [PointOut.model_validate(point, from_attributes=True) for point in points]
    return Page(items=items, total=total, limit=limit, offset=offset)
