"""Durable pull consumers: fetch a batch, apply it in one transaction, then ack.

The inbox row for each event is written in the same transaction as its effect, so a crash
anywhere (before commit, between commit and ack) ends with the effect applied exactly once.
A batch that fails is retried one event at a time, so one bad event cannot hold back the
others: it is nak'ed with backoff, and dead-lettered once it has failed ``max_deliver``
times or cannot be parsed at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from opentelemetry.trace import SpanKind
from pydantic import ValidationError
from sqlalchemy import insert, select
from sqlmodel import col

from benuo_contract import CloudEvent, UnknownEventType, parse_event
from benuo_runtime.db import SessionFactory
from benuo_runtime.messaging.connection import NatsConnection
from benuo_runtime.messaging.dlq import dead_letter
from benuo_runtime.messaging.handlers import EventHandlers, PermanentError
from benuo_runtime.messaging.streams import stream_for_subject
from benuo_runtime.messaging.tables import InboxEntry, utcnow
from benuo_runtime.metrics import EVENTS_PROCESSED
from benuo_runtime.telemetry import extract_from, tracer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConsumerOptions:
    batch_size: int = 100
    max_deliver: int = 5
    ack_wait_seconds: float = 30
    backoff_seconds: float = 0.5
    backoff_max_seconds: float = 60
    fetch_timeout_seconds: float = 1.0


@dataclass(frozen=True)
class Delivery:
    msg: Msg
    event: CloudEvent[Any]


class ConsumerRunner:
    """Runs one purpose's durable consumer on every stream its handlers need.

    Every replica of a service binds to the same durables, so JetStream spreads the work.
    """

    def __init__(
        self,
        service: str,
        handlers: EventHandlers,
        sessions: SessionFactory,
        nats: NatsConnection,
        options: ConsumerOptions | None = None,
    ) -> None:
        self.name = f"{service}-{handlers.purpose}"
        self.service = service
        self._handlers = handlers
        self._sessions = sessions
        self._nats = nats
        self._options = options or ConsumerOptions()
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._streams_ready: asyncio.Event | None = None
        self.bound: set[str] = set()
        self.streams: dict[str, list[str]] = {}
        for subject in handlers.subjects:
            self.streams.setdefault(stream_for_subject(subject), []).append(subject)

    @property
    def is_running(self) -> bool:
        """Every durable this runner needs is bound and fetching."""
        return self.bound == {self.durable_for(stream) for stream in self.streams}

    def durable_for(self, stream: str) -> str:
        return self.name if len(self.streams) == 1 else f"{self.name}-{stream.lower()}"

    def start(self, streams_ready: asyncio.Event | None = None) -> None:
        self._streams_ready = streams_ready
        for stream, subjects in self.streams.items():
            task = asyncio.create_task(self._consume(stream, subjects), name=f"consume-{stream}")
            self._tasks.append(task)

    async def stop(self) -> None:
        """Stop fetching; the batch in hand is finished and acknowledged first."""
        self._stopping.set()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def ensure(self, stream: str, subjects: list[str]) -> None:
        """Create or update the durable consumer (idempotent)."""
        durable = self.durable_for(stream)
        config = ConsumerConfig(
            name=durable,
            durable_name=durable,
            description=f"{self.service}: {self._handlers.purpose}",
            ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL,
            ack_wait=self._options.ack_wait_seconds,
            # We count deliveries ourselves so the last one can go to the DLQ.
            max_deliver=-1,
            max_ack_pending=max(1000, self._options.batch_size * 10),
            **(
                {"filter_subject": subjects[0]}
                if len(subjects) == 1
                else {"filter_subjects": subjects}
            ),
        )
        await self._nats.jetstream().add_consumer(stream, config)

    async def _consume(self, stream: str, subjects: list[str]) -> None:
        durable = self.durable_for(stream)
        while not self._stopping.is_set():
            if not await self._nats.wait_connected(timeout=1.0):
                continue
            if self._streams_ready is not None and not self._streams_ready.is_set():
                await self._sleep(0.05)
                continue
            try:
                await self.ensure(stream, subjects)
                js = self._nats.jetstream()
                subscription = await js.pull_subscribe_bind(durable=durable, stream=stream)
            except Exception as error:
                log.warning("consumer not ready", extra={"consumer": durable, "error": repr(error)})
                await self._sleep(1.0)
                continue
            self.bound.add(durable)
            try:
                await self._fetch_loop(subscription)
            finally:
                self.bound.discard(durable)
                with contextlib.suppress(Exception):
                    await subscription.unsubscribe()

    async def _fetch_loop(self, subscription: Any) -> None:
        """Fetch batch N+1 while batch N is applied; batches are still applied in order."""
        timeout = self._options.fetch_timeout_seconds
        applying: asyncio.Task[None] | None = None
        try:
            while not self._stopping.is_set():
                try:
                    messages = await self._fetch_unless_stopping(subscription, timeout)
                except (TimeoutError, NatsTimeoutError):
                    continue
                except Exception as error:
                    log.warning("fetch failed", extra={"consumer": self.name, "error": repr(error)})
                    await self._sleep(0.5)
                    if not self._nats.is_connected:
                        continue
                    return  # re-bind: the consumer may have been deleted or the stream recreated
                if not messages:
                    continue
                messages += await self._top_up(subscription, messages)
                if applying is not None:
                    await applying
                applying = asyncio.create_task(self.process(messages))
        finally:
            if applying is not None:
                await applying  # shutdown finishes the batch in hand

    async def _top_up(self, subscription: Any, messages: list[Msg]) -> list[Msg]:
        """More of a backlog that is already there, so a busy stream is applied in full batches.

        A fetch returns as soon as the first message arrives; when the stream says more are
        waiting, taking them now costs nothing and saves a transaction per message.
        """
        extra: list[Msg] = []
        room = self._options.batch_size - len(messages)
        last = messages[-1]
        while room > 0 and last.metadata.num_pending > 0:
            try:
                more = await subscription.fetch(room, timeout=0.05)
            except (TimeoutError, NatsTimeoutError):
                break
            if not more:
                break
            extra += more
            room -= len(more)
            last = more[-1]
        return extra

    async def _fetch_unless_stopping(self, subscription: Any, timeout: float) -> list[Msg]:
        """A fetch that shutdown interrupts: waiting for messages is not work in hand."""
        fetch = asyncio.ensure_future(subscription.fetch(self._options.batch_size, timeout=timeout))
        stopping = asyncio.ensure_future(self._stopping.wait())
        await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not fetch.done():
            fetch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await fetch
            return []
        messages: list[Msg] = fetch.result()
        return messages

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def process(self, messages: list[Msg]) -> None:
        deliveries: list[Delivery] = []
        for msg in messages:
            try:
                event = parse_event(msg.data)
            except UnknownEventType as error:
                await self._skip(msg, f"unknown event type {error}")
                continue
            except (ValidationError, ValueError) as error:
                await self._dead_letter(msg, f"invalid event: {error}")
                continue
            if self._handlers.handler_for(event.type) is None:
                await self._skip(msg, f"no handler for {event.type}")
                continue
            deliveries.append(Delivery(msg, event))
        if not deliveries:
            return
        try:
            applied = await asyncio.to_thread(self._apply, deliveries)
        except Exception:
            await self._one_by_one(deliveries)
            return
        await self._ack_all(deliveries, applied)

    async def _ack_all(self, deliveries: list[Delivery], applied: int) -> None:
        for delivery in deliveries:
            await delivery.msg.ack()
        EVENTS_PROCESSED.labels(self.service, self.name, "applied").inc(applied)
        if len(deliveries) > applied:
            EVENTS_PROCESSED.labels(self.service, self.name, "duplicate").inc(
                len(deliveries) - applied
            )

    async def _one_by_one(self, deliveries: list[Delivery]) -> None:
        for delivery in deliveries:
            try:
                applied = await asyncio.to_thread(self._apply, [delivery])
            except PermanentError as error:
                await self._dead_letter(delivery.msg, repr(error))
            except Exception as error:
                await self._retry_or_dead_letter(delivery.msg, error)
            else:
                await self._ack_all([delivery], applied)

    async def _retry_or_dead_letter(self, msg: Msg, error: Exception) -> None:
        attempts = msg.metadata.num_delivered
        if attempts >= self._options.max_deliver:
            await self._dead_letter(msg, f"failed {attempts} times; last error: {error!r}")
            return
        delay = min(
            self._options.backoff_seconds * 2 ** (attempts - 1), self._options.backoff_max_seconds
        )
        log.warning(
            "event failed; will retry",
            extra={
                "consumer": self.name,
                "attempt": attempts,
                "delay": delay,
                "error": repr(error),
            },
        )
        EVENTS_PROCESSED.labels(self.service, self.name, "retried").inc()
        await msg.nak(delay=delay)

    async def _dead_letter(self, msg: Msg, error: str) -> None:
        log.error("dead-lettering event", extra={"consumer": self.name, "error": error[:500]})
        await dead_letter(self._nats.jetstream(), msg, consumer=self.name, error=error)
        EVENTS_PROCESSED.labels(self.service, self.name, "dead_lettered").inc()

    async def _skip(self, msg: Msg, reason: str) -> None:
        log.info("event skipped", extra={"consumer": self.name, "reason": reason})
        EVENTS_PROCESSED.labels(self.service, self.name, "skipped").inc()
        await msg.ack()

    def _apply(self, deliveries: list[Delivery]) -> int:
        """Apply the events not yet in the inbox, in one transaction; returns how many."""
        ids = [delivery.event.id for delivery in deliveries]
        with self._sessions() as session:
            seen: set[uuid.UUID] = set(
                session.scalars(
                    select(col(InboxEntry.event_id)).where(
                        col(InboxEntry.consumer) == self.name,
                        col(InboxEntry.event_id).in_(ids),
                    )
                )
            )
            inbox: list[dict[str, Any]] = []
            now = utcnow()
            for delivery in deliveries:
                event = delivery.event
                if event.id in seen:
                    continue
                seen.add(event.id)
                handler = self._handlers.handler_for(event.type)
                assert handler is not None
                with tracer().start_as_current_span(
                    f"{delivery.msg.subject} process",
                    context=extract_from(delivery.msg.headers),
                    kind=SpanKind.CONSUMER,
                    attributes={
                        "messaging.system": "nats",
                        "messaging.operation.type": "process",
                        "messaging.destination.name": delivery.msg.subject,
                        "messaging.consumer.group.name": self.name,
                        "messaging.message.id": str(event.id),
                        "cloudevents.event_type": event.type,
                    },
                ):
                    handler(session, event)
                inbox.append(
                    {
                        "consumer": self.name,
                        "event_id": event.id,
                        "event_type": event.type,
                        "processed_at": now,
                    }
                )
            if inbox:  # one multi-row INSERT, in the same transaction as the effects
                session.execute(insert(InboxEntry), inbox)
            session.commit()
        return len(inbox)
