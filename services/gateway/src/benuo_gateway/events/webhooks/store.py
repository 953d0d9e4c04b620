"""What the dispatcher reads and writes: active subscriptions, lanes, the delivery log.

Every function runs in a worker thread with its own short transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from benuo_contract.events.platform import WebhookDisabledV1
from benuo_gateway.events.domain.retry import RetryPolicy
from benuo_gateway.events.webhooks.models import (
    Outcome,
    SubscriptionStatus,
    WebhookDelivery,
    WebhookLane,
    WebhookSubscription,
)
from benuo_gateway.events.webhooks.schemas import as_utc
from benuo_runtime.db import SessionFactory
from benuo_runtime.messaging.outbox import emit
from benuo_runtime.messaging.tables import utcnow


@dataclass(frozen=True)
class ActiveSubscription:
    id: str
    url: str
    secret: str
    subjects: tuple[str, ...]
    start_at: datetime


@dataclass(frozen=True)
class Attempt:
    """One delivery attempt of one event, as the log records it."""

    subscription_id: str
    stream: str
    stream_sequence: int
    event_id: str
    event_type: str
    attempt: int
    status_code: int | None
    error: str | None
    duration_ms: int

    def log_row(self, outcome: Outcome) -> WebhookDelivery:
        return WebhookDelivery(
            subscription_id=self.subscription_id,
            event_id=self.event_id,
            event_type=self.event_type,
            stream=self.stream,
            stream_sequence=self.stream_sequence,
            attempt=self.attempt,
            outcome=outcome,
            status_code=self.status_code,
            error=self.error,
            duration_ms=self.duration_ms,
        )


@dataclass(frozen=True)
class FailureOutcome:
    consecutive_failures: int
    stopped: bool  # the subscription is disabled (now or before) or gone


class WebhookStore:
    def __init__(self, sessions: SessionFactory, policy: RetryPolicy) -> None:
        self._sessions, self._policy = sessions, policy

    def active(self) -> list[ActiveSubscription]:
        with self._sessions() as session:
            rows = session.exec(
                select(WebhookSubscription).where(
                    col(WebhookSubscription.status) == SubscriptionStatus.ACTIVE
                )
            )
            return [
                ActiveSubscription(
                    row.id,
                    row.url,
                    row.secret,
                    tuple(row.subjects.split(",")),
                    as_utc(row.start_at),
                )
                for row in rows
            ]

    def known_ids(self) -> set[str]:
        with self._sessions() as session:
            return set(session.exec(select(WebhookSubscription.id)))

    def last_sequence(self, subscription_id: str, stream: str) -> int | None:
        with self._sessions() as session:
            lane = session.get(WebhookLane, (subscription_id, stream))
            return None if lane is None else lane.last_sequence

    def record_success(self, attempt: Attempt) -> None:
        with self._sessions() as session:
            if session.get(WebhookSubscription, attempt.subscription_id) is None:
                return  # deleted meanwhile: nothing to record it against
            session.add(attempt.log_row(Outcome.DELIVERED))
            _set_lane(session, attempt, last_sequence=attempt.stream_sequence, failures=0)
            session.commit()

    def record_failure(self, attempt: Attempt) -> FailureOutcome:
        """Log the failure; the attempt that reaches the limit disables the subscription and
        announces it, in the same transaction."""
        with self._sessions() as session:
            subscription = session.get(WebhookSubscription, attempt.subscription_id)
            if subscription is None:
                return FailureOutcome(0, stopped=True)
            session.add(attempt.log_row(Outcome.FAILED))
            lane = session.get(WebhookLane, (attempt.subscription_id, attempt.stream))
            failures = (lane.consecutive_failures if lane else 0) + 1
            # In strict order, everything before the failing event is delivered.
            _set_lane(
                session, attempt, last_sequence=attempt.stream_sequence - 1, failures=failures
            )
            stopped = subscription.status != SubscriptionStatus.ACTIVE
            if not stopped and self._policy.gives_up(failures):
                self._disable(session, attempt, failures)
                stopped = True
            session.commit()
        return FailureOutcome(failures, stopped)

    def _disable(self, session: Session, attempt: Attempt, failures: int) -> None:
        reason = self._policy.disabled_reason(failures, attempt.error or "unknown error")
        now = utcnow()
        disabled = session.execute(
            update(WebhookSubscription)
            .where(
                col(WebhookSubscription.id) == attempt.subscription_id,
                col(WebhookSubscription.status) == SubscriptionStatus.ACTIVE,
            )
            .values(status=SubscriptionStatus.DISABLED, disabled_reason=reason, disabled_at=now)
        )
        if disabled.rowcount == 1:  # type: ignore[attr-defined]
            emit(
                session,
                WebhookDisabledV1(
                    subscription_id=attempt.subscription_id,
                    reason=reason,
                    consecutive_failures=failures,
                    disabled_at=now,
                ),
            )

    def purge_log(self, older_than: datetime) -> None:
        with self._sessions() as session:
            session.execute(
                delete(WebhookDelivery).where(col(WebhookDelivery.attempted_at) < older_than)
            )
            session.commit()


def _set_lane(session: Session, attempt: Attempt, *, last_sequence: int, failures: int) -> None:
    lane = session.get(WebhookLane, (attempt.subscription_id, attempt.stream))
    if lane is None:
        session.add(
            WebhookLane(
                subscription_id=attempt.subscription_id,
                stream=attempt.stream,
                last_sequence=last_sequence,
                consecutive_failures=failures,
            )
        )
    else:
        lane.last_sequence = last_sequence
        lane.consecutive_failures = failures
