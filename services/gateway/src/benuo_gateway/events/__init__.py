"""Event streams for integrators: Server-Sent Events and signed webhooks.

Wiring into the gateway app (two lines)::

    create_service_app(
        settings,
        ...,
        routers=[..., events_router(authenticate)],
        lifespans=[..., events_lifespan()],
    )

``authenticate`` is the gateway's dependency returning the caller's ``Principal``.
Both take an optional ``EventsSettings`` (read from the environment when omitted).
"""

from benuo_gateway.events.lifespan import events_lifespan
from benuo_gateway.events.router import events_router
from benuo_gateway.events.settings import EventsSettings

__all__ = ["EventsSettings", "events_lifespan", "events_router"]
