"""A lane: one subscription's deliveries from one pillar stream, strictly in stream order.

Each replica runs each lane; the lane's consumer (see ``consumers``) hands its head event
to one of them at a time. Success is recorded, then acknowledged; failure is recorded,
then nak'ed with the backoff delay, or left at the head when the subscription stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass
from typing import Any

from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js.errors import NotFoundError
from prometheus_client import Counter

from benuo_gateway.events.domain.retry import RetryPolicy
from benuo_gateway.events.webhooks.consumers import consumer_name, lane_consumer
from benuo_gateway.events.webhooks.sender import WebhookSender
from benuo_gateway.events.webhooks.store import ActiveSubscription, Attempt, WebhookStore
from benuo_runtime.messaging.connection import NatsConnection

log = logging.getLogger(__name__)

DELIVERIES = Counter("benuo_webhook_deliveries", "Webhook delivery attempts", ["outcome"])
_FETCH_SECONDS = 1.0


@dataclass(frozen=True)
class LaneContext:
    """What every lane of a replica shares."""

    nats: NatsConnection
    store: WebhookStore
    policy: RetryPolicy
    ack_wait_seconds: float


class Lane:
    def __init__(
        self,
        context: LaneContext,
        subscription: ActiveSubscription,
        stream: str,
        filters: list[str],
        sender: WebhookSender,
    ) -> None:
        self._context, self._subscription = context, subscription
        self._stream, self._filters, self._sender = stream, filters, sender
        self._name = consumer_name(subscription.id, stream)

    async def run(self, stopping: asyncio.Event) -> None:
        nats = self._context.nats
        while not stopping.is_set():
            if not await nats.wait_connected(timeout=_FETCH_SECONDS):
                continue
            try:
                await self._ensure_consumer()
                pull = await nats.jetstream().pull_subscribe_bind(self._name, stream=self._stream)
            except Exception as error:
                log.warning(
                    "webhook lane not ready", extra={"lane": self._name, "error": repr(error)}
                )
                await _wait(stopping, 1.0)
                continue
            try:
                if not await self._deliver_until(stopping, pull):
                    return
            except Exception:
                # Most likely NATS going away mid-acknowledgement; bind again when it is back.
                log.exception("webhook lane interrupted", extra={"lane": self._name})
                await _wait(stopping, 1.0)
            finally:
                with contextlib.suppress(Exception):
                    await pull.unsubscribe()

    async def _ensure_consumer(self) -> None:
        js = self._context.nats.jetstream()
        try:
            await js.consumer_info(self._stream, self._name)
            return
        except NotFoundError:
            pass
        delivered_up_to = await asyncio.to_thread(
            self._context.store.last_sequence, self._subscription.id, self._stream
        )
        config = lane_consumer(
            self._name,
            self._filters,
            delivered_up_to=delivered_up_to,
            start_at=self._subscription.start_at,
            ack_wait_seconds=self._context.ack_wait_seconds,
        )
        await js.add_consumer(self._stream, config)

    async def _deliver_until(self, stopping: asyncio.Event, pull: Any) -> bool:
        """Deliver until told to stop (True) or the subscription stopped (False)."""
        while not stopping.is_set():
            try:
                messages = await pull.fetch(1, timeout=_FETCH_SECONDS)
            except (TimeoutError, NatsTimeoutError):
                continue
            except Exception as error:
                log.warning(
                    "webhook fetch failed", extra={"lane": self._name, "error": repr(error)}
                )
                await _wait(stopping, 0.5)
                return True  # bind again: the consumer may have gone
            try:
                keep_going = await self._deliver(messages[0])
            except Exception:
                log.exception("webhook delivery not recorded; retrying", extra={"lane": self._name})
                await messages[0].nak(delay=1.0)
                continue
            if not keep_going:
                return False
        return True

    async def _deliver(self, msg: Msg) -> bool:
        identity = _identity(msg.data)
        if identity is None:
            log.warning("not a CloudEvent; skipped", extra={"lane": self._name})
            await msg.ack()
            return True
        result = await self._sender.send(identity[0], msg.data)
        attempt = Attempt(
            subscription_id=self._subscription.id,
            stream=self._stream,
            stream_sequence=msg.metadata.sequence.stream,
            event_id=identity[0],
            event_type=identity[1],
            attempt=msg.metadata.num_delivered,
            status_code=result.status_code,
            error=result.error,
            duration_ms=result.duration_ms,
        )
        store = self._context.store
        if result.ok:
            DELIVERIES.labels("delivered").inc()
            await asyncio.to_thread(store.record_success, attempt)
            await msg.ack()
            return True
        DELIVERIES.labels("failed").inc()
        outcome = await asyncio.to_thread(store.record_failure, attempt)
        if outcome.stopped:
            await msg.nak()  # at the head again, for whenever it is enabled
            return False
        await msg.nak(delay=self._context.policy.delay(outcome.consecutive_failures))
        return True


def _identity(data: bytes) -> tuple[str, str] | None:
    """The event's id and type, or None when the message is not a CloudEvent."""
    try:
        envelope = json.loads(data)
    except ValueError:
        return None
    if not isinstance(envelope, dict):
        return None
    event_id, event_type = envelope.get("id"), envelope.get("type")
    if not (isinstance(event_id, str) and isinstance(event_type, str)):
        return None
    return event_id[:100], event_type[:255]


async def _wait(stopping: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stopping.wait(), seconds)
