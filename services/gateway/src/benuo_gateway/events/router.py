"""All routes of the event streams, behind the gateway's authentication."""

from __future__ import annotations

from fastapi import APIRouter

from benuo_gateway.events.access import Authenticate, integrator_of, reader_of
from benuo_gateway.events.settings import EventsSettings
from benuo_gateway.events.sse import sse_router
from benuo_gateway.events.webhooks.api import webhooks_router


def events_router(authenticate: Authenticate, settings: EventsSettings | None = None) -> APIRouter:
    """``GET /api/v1/events`` (SSE) and ``/api/v1/webhooks``."""
    settings = settings or EventsSettings()
    router = APIRouter()
    router.include_router(sse_router(reader_of(authenticate), settings))
    router.include_router(webhooks_router(integrator_of(authenticate), settings))
    return router
