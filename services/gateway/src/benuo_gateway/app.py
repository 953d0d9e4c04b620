"""The gateway service's FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI

from benuo_gateway.events import events_lifespan, events_router
from benuo_gateway.settings import Settings
from benuo_runtime.app import create_service_app
from benuo_runtime.auth import caller


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        title="Benuo gateway",
        description="The gateway pillar of Benuo.",
        routers=[events_router(caller)],
        lifespans=[events_lifespan()],
    )
