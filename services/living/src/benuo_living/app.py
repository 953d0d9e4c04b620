"""The living service's FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI

from benuo_living.api import routers
from benuo_living.handlers.prices import price_handlers
from benuo_living.handlers.requests import request_handlers
from benuo_living.settings import Settings
from benuo_runtime.app import create_service_app


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    return create_service_app(
        settings,
        title="Benuo living",
        description=(
            "Smart living for Penajam Paser Utara: public facilities with their live status "
            "(from citizen requests), nearby search, and the staple-basket cost-of-living index."
        ),
        routers=routers,
        handlers=[request_handlers(settings), price_handlers(settings)],
    )
