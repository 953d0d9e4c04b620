"""The economy service's FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI

from benuo_economy.api import ROUTERS
from benuo_economy.handlers import registry_events
from benuo_economy.settings import Settings
from benuo_runtime.app import create_service_app


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        title="Benuo economy",
        description=(
            "The economy pillar of Benuo: the business registry fed by approved permits, "
            "and the staple-price watch with TPID-style early warning."
        ),
        routers=ROUTERS,
        handlers=[registry_events],
        openapi_tags=[
            {"name": "registry", "description": "Businesses: search, statistics, entries"},
            {"name": "prices", "description": "Staple prices, series and early-warning alerts"},
            {"name": "reference", "description": "Markets, commodities, KBLI codes"},
            {"name": "dashboard", "description": "Figures for the gateway's dashboard"},
        ],
    )
