"""The economy pillar's KPIs, for the gateway's aggregated dashboard."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy import func
from sqlmodel import col, select

from benuo_contract.events.economy import AlertLevel, BusinessStatus
from benuo_economy.api.price_schemas import WatchOut
from benuo_economy.domain.calendar import month_start, wita_today
from benuo_economy.models import Business, PriceObservation
from benuo_economy.views import alerts, businesses
from benuo_runtime.auth import caller
from benuo_runtime.db import SessionDep

router = APIRouter(prefix="/api/v1/economy", tags=["dashboard"], dependencies=[Depends(caller)])


@router.get("/dashboard", summary="Registry and price-watch figures at a glance")
def dashboard(session: SessionDep) -> dict[str, Any]:
    today = wita_today()
    active = session.exec(
        select(func.count())
        .select_from(Business)
        .where(col(Business.status) == BusinessStatus.ACTIVE)
    ).one()
    in_force = alerts.current(session, alerts.AlertFilters())
    levels = Counter(AlertLevel(watch.level) for watch in in_force)
    latest_day = session.exec(select(func.max(PriceObservation.observed_on))).one()
    return {
        "generated_at": datetime.now(UTC),
        "businesses": {
            "active": active,
            "registered_this_month": businesses.count_registered_since(session, month_start(today)),
            "month": f"{today:%Y-%m}",
        },
        "prices": {
            "latest_observed_on": latest_day,
            "alerts_in_force": len(in_force),
            "alerts_by_level": {level.value: levels.get(level, 0) for level in AlertLevel},
            "alerts": [WatchOut.of(watch).model_dump(mode="json") for watch in in_force],
            "regency": [
                WatchOut.of(watch).model_dump(mode="json")
                for watch in alerts.regency_watches(session)
            ],
        },
    }
