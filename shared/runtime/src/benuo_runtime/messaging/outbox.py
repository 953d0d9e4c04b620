"""Writing events: ``emit`` adds the event to the caller's transaction, nothing more."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from benuo_contract import CloudEvent, EventPayload, new_event, type_of
from benuo_runtime.messaging.tables import OutboxMessage
from benuo_runtime.telemetry import current_trace_headers

ON_OUTBOX_COMMIT = "benuo.on_outbox_commit"
_PENDING = "benuo.outbox_pending"


def emit(session: Session, payload: EventPayload) -> CloudEvent[Any]:
    """Record ``payload`` as an event to publish once the session's transaction commits.

    The CloudEvent carries the current trace context, so consumers continue this trace.
    """
    trace_headers = current_trace_headers()
    event = new_event(
        payload,
        traceparent=trace_headers.get("traceparent"),
        tracestate=trace_headers.get("tracestate"),
    )
    session.add(
        OutboxMessage(
            event_id=event.id,
            subject=type_of(payload).subject,
            event_type=event.type,
            body=event.to_json().decode(),
            headers=json.dumps(trace_headers),
        )
    )
    session.info[_PENDING] = True
    return event


@sa_event.listens_for(Session, "after_commit")
def _wake_relay(session: Session) -> None:
    # The relay polls as a backstop; this wake-up is what keeps latency low.
    if session.info.pop(_PENDING, False):
        notify: Callable[[], None] | None = session.info.get(ON_OUTBOX_COMMIT)
        if notify is not None:
            notify()


@sa_event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
