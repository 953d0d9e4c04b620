"""The dispatcher every gateway replica runs: a lane per (active subscription, stream).

Every replica runs every lane; JetStream hands each lane's head event to one of them at a
time (see ``lane``), so replicas share the work without a lease and without reordering.
Subscription changes made through any replica are picked up within
``WEBHOOK_RECONCILE_SECONDS``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta

from benuo_gateway.events.domain.filters import event_pillars, parse_filters, plan_streams
from benuo_gateway.events.domain.retry import RetryPolicy
from benuo_gateway.events.settings import EventsSettings
from benuo_gateway.events.webhooks.consumers import subscription_of
from benuo_gateway.events.webhooks.lane import Lane, LaneContext
from benuo_gateway.events.webhooks.sender import WebhookSender
from benuo_gateway.events.webhooks.store import ActiveSubscription, WebhookStore
from benuo_runtime.app import ServiceRuntime
from benuo_runtime.messaging.tables import utcnow

log = logging.getLogger(__name__)


@dataclass
class RunningSubscription:
    subscription: ActiveSubscription
    sender: WebhookSender
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def stop(self, grace_seconds: float) -> None:
        """Let each lane finish the delivery in hand, then close the connections."""
        self.stopping.set()
        if self.tasks:
            _, late = await asyncio.wait(self.tasks, timeout=grace_seconds)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        await self.sender.close()


class WebhookDispatcher:
    def __init__(self, runtime: ServiceRuntime, settings: EventsSettings) -> None:
        self._runtime, self._settings = runtime, settings
        policy = RetryPolicy(
            base_seconds=settings.webhook_backoff_seconds,
            max_seconds=settings.webhook_backoff_max_seconds,
            max_consecutive_failures=settings.webhook_max_consecutive_failures,
        )
        self._store = WebhookStore(runtime.sessions, policy)
        self._context = LaneContext(
            runtime.nats, self._store, policy, settings.webhook_timeout_seconds + 30
        )
        self._running: dict[str, RunningSubscription] = {}
        self._stopping: set[asyncio.Task[None]] = set()
        self._closing = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="webhook-dispatcher")

    async def _run(self) -> None:
        # Stopped by ``_closing``, never by cancellation: on Python 3.11 a cancel that meets
        # a finished ``wait_for`` (as in nats-py's requests) is lost, and the loop would go on.
        while not (self._runtime.streams_ready.is_set() or self._closing.is_set()):
            await self._pause(0.1)
        last_maintenance = 0.0
        while not self._closing.is_set():
            try:
                await self.reconcile()
                if time.monotonic() - last_maintenance > self._settings.webhook_maintenance_seconds:
                    await self.maintain()
                    last_maintenance = time.monotonic()
            except Exception:
                log.exception("webhook reconcile failed; will retry")
            await self._pause(self._settings.webhook_reconcile_seconds)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)

    async def reconcile(self) -> None:
        """Start lanes of new or re-enabled subscriptions, stop those of gone or changed ones."""
        wanted = {found.id: found for found in await asyncio.to_thread(self._store.active)}
        for subscription_id, running in list(self._running.items()):
            if wanted.get(subscription_id) != running.subscription:
                del self._running[subscription_id]
                # In the background: a lane waiting on a dead receiver must not hold up the
                # others' changes. Its replacement may start meanwhile; the consumer still
                # hands out one event at a time.
                stopping = asyncio.create_task(running.stop(self._grace_seconds))
                self._stopping.add(stopping)
                stopping.add_done_callback(self._stopping.discard)
        for subscription_id, subscription in wanted.items():
            if subscription_id not in self._running:
                self._running[subscription_id] = self._start(subscription)

    def _start(self, subscription: ActiveSubscription) -> RunningSubscription:
        settings = self._settings
        sender = WebhookSender(
            subscription.url,
            subscription.secret,
            timeout=settings.webhook_timeout_seconds,
            allow_private=settings.private_addresses_allowed,
        )
        running = RunningSubscription(subscription, sender)
        plan = plan_streams(parse_filters(subscription.subjects), event_pillars())
        for stream, filters in plan.items():
            lane = Lane(self._context, subscription, stream, filters, sender)
            running.tasks.append(
                asyncio.create_task(lane.run(running.stopping), name=f"webhook-{subscription.id}")
            )
        return running

    async def maintain(self) -> None:
        """Drop old log rows, and the JetStream consumers of deleted subscriptions."""
        retention = timedelta(days=self._settings.webhook_log_retention_days)
        await asyncio.to_thread(self._store.purge_log, utcnow() - retention)
        if not self._runtime.nats.is_connected:
            return
        js = self._runtime.nats.jetstream()
        streams = sorted(pillar.stream for pillar in event_pillars())
        consumers = {stream: await js.consumers_info(stream) for stream in streams}
        known = await asyncio.to_thread(self._store.known_ids)
        for stream, infos in consumers.items():
            for info in infos:
                owner = subscription_of(info.name or "")
                if owner is not None and owner not in known:
                    with contextlib.suppress(Exception):
                        await js.delete_consumer(stream, info.name)

    async def stop(self) -> None:
        """Stop reconciling, then let every lane finish the delivery in hand."""
        self._closing.set()
        if self._task is not None:
            await self._task
        running, self._running = list(self._running.values()), {}
        await asyncio.gather(*(each.stop(self._grace_seconds) for each in running), *self._stopping)

    @property
    def _grace_seconds(self) -> float:
        return self._settings.webhook_timeout_seconds + 1
