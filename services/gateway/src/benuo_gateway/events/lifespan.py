"""The webhook dispatcher, run for as long as the gateway runs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from benuo_gateway.events.settings import EventsSettings
from benuo_gateway.events.webhooks.dispatcher import WebhookDispatcher
from benuo_runtime.app import Lifespan, ServiceRuntime


def events_lifespan(settings: EventsSettings | None = None) -> Lifespan:
    """A lifespan for ``create_service_app(lifespans=...)`` that delivers webhooks."""

    @asynccontextmanager
    async def lifespan(runtime: ServiceRuntime) -> AsyncIterator[None]:
        dispatcher = WebhookDispatcher(runtime, settings or EventsSettings())
        dispatcher.start()
        try:
            yield
        finally:
            await dispatcher.stop()

    return lifespan
