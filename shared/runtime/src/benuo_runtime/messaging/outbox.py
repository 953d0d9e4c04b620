"""Writing events: ``emit`` adds the event to the caller's transaction, nothing more."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import insert
from sqlalchemy.orm import Session

from benuo_contract import CloudEvent, EventPayload, new_event, type_of
from benuo_runtime.messaging.tables import OutboxMessage
from benuo_runtime.telemetry import current_trace_headers

ON_OUTBOX_COMMIT = "benuo.on_outbox_commit"
_PENDING = "benuo.outbox_pending"
_WRITTEN = "benuo.outbox_written"


def emit(session: Session, payload: EventPayload) -> CloudEvent[Any]:
    """Record ``payload`` as an event to publish once the session's transaction commits.

    The row is written at commit, in the same transaction as everything else the session
    holds; a rollback drops it. The CloudEvent carries the current trace context, so
    consumers continue this trace.
    """
    trace_headers = current_trace_headers()
    event = new_event(
        payload,
        traceparent=trace_headers.get("traceparent"),
        tracestate=trace_headers.get("tracestate"),
    )
    session.info.setdefault(_PENDING, []).append(
        {
            "event_id": event.id,
            "subject": type_of(payload).subject,
            "event_type": event.type,
            "body": event.to_json().decode(),
            "headers": json.dumps(trace_headers),
            "created_at": event.time,
            "attempts": 0,
        }
    )
    return event


@sa_event.listens_for(Session, "before_commit")
def _write_outbox(session: Session) -> None:
    # One multi-row INSERT per transaction instead of an ORM object per event.
    rows = session.info.get(_PENDING)
    if rows:
        session.execute(insert(OutboxMessage), rows)
        session.info[_WRITTEN] = session.info.pop(_PENDING)


@sa_event.listens_for(Session, "after_commit")
def _wake_relay(session: Session) -> None:
    # The relay polls as a backstop; this wake-up is what keeps latency low.
    if session.info.pop(_WRITTEN, None):
        notify: Callable[[], None] | None = session.info.get(ON_OUTBOX_COMMIT)
        if notify is not None:
            notify()


@sa_event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_WRITTEN, None)
