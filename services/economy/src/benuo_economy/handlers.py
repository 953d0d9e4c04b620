"""Events the economy service consumes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from benuo_contract import CloudEvent
from benuo_contract.events.governance import PermitApprovedV1
from benuo_economy.service_layer import permits
from benuo_runtime.messaging.handlers import EventHandlers

registry_events = EventHandlers("registry")


@registry_events.on(PermitApprovedV1)
def register_permitted_business(session: Session, event: CloudEvent[Any]) -> None:
    permits.apply_approval(session, event.data, now=datetime.now(UTC))
