"""Governance's citizen requests move the status of the facilities they are about."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from benuo_contract import CloudEvent
from benuo_contract.events.governance import (
    RequestCreatedV1,
    RequestResolvedV1,
    RequestSlaBreachedV1,
    RequestStatusChangedV1,
)
from benuo_living.settings import Settings
from benuo_living.store.requests import track_request
from benuo_runtime.messaging.handlers import EventHandlers


def request_handlers(settings: Settings) -> EventHandlers:
    handlers = EventHandlers("facility-status")
    types = {code: str(kind) for code, kind in settings.facility_type_by_service_code.items()}

    # Every request event carries the request's whole state, so all of them are applied the
    # same way: the newest version wins, whichever arrives first.
    @handlers.on(RequestCreatedV1, RequestStatusChangedV1, RequestResolvedV1, RequestSlaBreachedV1)
    def apply_request_state(session: Session, event: CloudEvent[Any]) -> None:
        track_request(session, event.data, types=types, radius_m=settings.request_link_radius_m)

    return handlers
