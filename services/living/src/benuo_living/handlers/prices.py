"""Economy's staple prices move the cost-of-living index."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from benuo_contract import CloudEvent
from benuo_contract.events.economy import PriceRecordedV1
from benuo_living.settings import Settings
from benuo_living.store.cost_index import record_price
from benuo_runtime.messaging.handlers import EventHandlers


def price_handlers(settings: Settings) -> EventHandlers:
    handlers = EventHandlers("cost-index")
    basket = settings.basket()

    @handlers.on(PriceRecordedV1)
    def apply_price(session: Session, event: CloudEvent[Any]) -> None:
        record_price(
            session,
            event.data,
            basket=basket,
            lookback_days=settings.cost_index_lookback_days,
            threshold_pct=settings.cost_index_threshold_pct,
        )

    return handlers
