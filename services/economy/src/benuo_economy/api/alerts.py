"""Public reads of the early warning: alerts now, and their history."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends

from benuo_economy.api.dependencies import Page, PagingDep
from benuo_economy.api.price_schemas import AlertRecordOut, WatchOut
from benuo_economy.views import alerts
from benuo_economy.views.alerts import AlertFilters
from benuo_runtime.auth import caller
from benuo_runtime.db import SessionDep

router = APIRouter(prefix="/api/v1/economy/alerts", tags=["prices"], dependencies=[Depends(caller)])
ScopeName = Literal["market", "regency"]


@router.get("", summary="Price alerts in force, the most severe first")
def current_alerts(
    session: SessionDep,
    commodity_code: str | None = None,
    market_code: str | None = None,
    scope: ScopeName | None = None,
) -> list[WatchOut]:
    found = alerts.current(session, AlertFilters(commodity_code, market_code, scope))
    return [WatchOut.of(watch) for watch in found]


@router.get("/history", summary="Every raise, change and clear of an alert, newest first")
def alert_history(
    session: SessionDep,
    page: PagingDep,
    commodity_code: str | None = None,
    market_code: str | None = None,
    scope: ScopeName | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Page[AlertRecordOut]:
    found, total = alerts.history(
        session,
        AlertFilters(commodity_code, market_code, scope),
        date_from=date_from,
        date_to=date_to,
        limit=page.limit,
        offset=page.offset,
    )
    items = [AlertRecordOut.of(record) for record in found]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)
