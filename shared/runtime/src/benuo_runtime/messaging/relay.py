"""The outbox relay: pending rows -> JetStream -> PubAck -> marked sent.

A crash between the PubAck and the mark is harmless: the row is published again with the
same ``Nats-Msg-Id`` and JetStream answers with a duplicate ack, which counts as success.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, timedelta

from nats.js.api import Header, PubAck
from opentelemetry import trace
from opentelemetry.trace import SpanKind
from sqlalchemy import delete, func, select, update
from sqlmodel import col

from benuo_contract import CONTENT_TYPE
from benuo_runtime.db import SessionFactory
from benuo_runtime.messaging.connection import NatsConnection
from benuo_runtime.messaging.streams import stream_for_subject
from benuo_runtime.messaging.tables import OutboxMessage, utcnow
from benuo_runtime.telemetry import extract_from, inject_into, tracer

log = logging.getLogger(__name__)

_PURGE_EVERY_SECONDS = 300


@dataclass(frozen=True)
class PendingEvent:
    id: int
    event_id: str
    subject: str
    body: str
    trace_headers: str


@dataclass(frozen=True)
class OutboxStats:
    backlog: int
    oldest_age_seconds: float


class OutboxRelay:
    """Publishes the outbox in batches of ``batch_size`` with ``publish_async``."""

    def __init__(
        self,
        sessions: SessionFactory,
        nats: NatsConnection,
        *,
        batch_size: int = 500,
        poll_seconds: float = 1.0,
        gather_seconds: float = 0.005,
        publish_timeout: float = 5.0,
        retention: timedelta = timedelta(hours=24),
    ) -> None:
        self._sessions = sessions
        self._nats = nats
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._gather_seconds = gather_seconds
        self._publish_timeout = publish_timeout
        self._retention = retention
        self._wake = asyncio.Event()
        self._stopping = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self.published_total = 0

    def wake(self) -> None:
        """Called from any thread after a commit that added events."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._wake.set)

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self, *, flush_timeout: float = 5.0) -> None:
        """Stop the loop, then publish what is still pending for up to ``flush_timeout``."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._flush(), flush_timeout)

    async def _flush(self) -> None:
        while self._nats.is_connected and await self.relay_once() > 0:
            pass

    async def _run(self) -> None:
        last_purge = 0.0
        loop = asyncio.get_running_loop()
        while not self._stopping:
            started = loop.time()
            published = 0
            if self._nats.is_connected:
                try:
                    published = await self.relay_once()
                except Exception:
                    log.exception("outbox relay batch failed; will retry")
                    await self._idle(self._poll_seconds)
                    continue
            if loop.time() - last_purge > _PURGE_EVERY_SECONDS:
                last_purge = loop.time()
                await asyncio.to_thread(self._purge_sent)
            if published < self._batch_size:
                await self._idle(self._poll_seconds)
                # A trickle of single-event commits would otherwise cost a whole batch
                # (two transactions and a round trip to NATS) per event; waiting a few
                # milliseconds lets the next batch carry what arrived meanwhile.
                await asyncio.sleep(max(0.0, started + self._gather_seconds - loop.time()))

    async def _idle(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)
        self._wake.clear()

    async def relay_once(self) -> int:
        """Publish one batch; returns how many events were acknowledged by JetStream."""
        loop = asyncio.get_running_loop()
        return await asyncio.to_thread(self._relay_batch, loop)

    def _relay_batch(self, loop: asyncio.AbstractEventLoop) -> int:
        with self._sessions() as session:
            query = (
                select(
                    col(OutboxMessage.id),
                    col(OutboxMessage.event_id),
                    col(OutboxMessage.subject),
                    col(OutboxMessage.body),
                    col(OutboxMessage.headers),
                )
                .where(col(OutboxMessage.published_at).is_(None))
                .order_by(col(OutboxMessage.id))
                .limit(self._batch_size)
                # Replicas on PostgreSQL split the backlog instead of racing for it.
                .with_for_update(skip_locked=True)
            )
            rows = [PendingEvent(r[0], str(r[1]), r[2], r[3], r[4]) for r in session.execute(query)]
            if not rows:
                return 0
            if session.bind is not None and session.bind.dialect.name == "sqlite":
                # SQLite has no row locks: release the database while we wait for NATS.
                session.commit()
            errors = asyncio.run_coroutine_threadsafe(self._publish(rows), loop).result()
            sent = [row.id for row, error in zip(rows, errors, strict=True) if error is None]
            failed = {row.id: error for row, error in zip(rows, errors, strict=True) if error}
            if sent:
                session.execute(
                    update(OutboxMessage)
                    .where(col(OutboxMessage.id).in_(sent))
                    .values(published_at=utcnow(), attempts=OutboxMessage.attempts + 1)
                )
            for row_id, error in failed.items():
                session.execute(
                    update(OutboxMessage)
                    .where(col(OutboxMessage.id) == row_id)
                    .values(attempts=OutboxMessage.attempts + 1, last_error=error[:1000])
                )
            session.commit()
        self.published_total += len(sent)
        if failed:
            log.warning("outbox publish failed", extra={"failed": len(failed), "sent": len(sent)})
        return len(sent)

    async def _publish(self, rows: list[PendingEvent]) -> list[str | None]:
        js = self._nats.jetstream()
        futures: list[asyncio.Future[PubAck] | None] = []
        errors: list[str | None] = []
        for row in rows:
            headers = {Header.MSG_ID.value: row.event_id, "Content-Type": CONTENT_TYPE}
            span = tracer().start_span(
                f"{row.subject} publish",
                context=extract_from(json.loads(row.trace_headers)),
                kind=SpanKind.PRODUCER,
                attributes={
                    "messaging.system": "nats",
                    "messaging.operation.type": "send",
                    "messaging.destination.name": row.subject,
                    "messaging.message.id": row.event_id,
                    "messaging.message.body.size": len(row.body),
                },
            )
            with trace.use_span(span, end_on_exit=True):
                inject_into(headers)
                try:
                    future = await js.publish_async(
                        row.subject,
                        row.body.encode(),
                        headers=headers,
                        stream=stream_for_subject(row.subject),
                    )
                except Exception as error:
                    futures.append(None)
                    errors.append(repr(error))
                    continue
            futures.append(future)
            errors.append(None)
        pending = [future for future in futures if future is not None]
        if pending:
            await asyncio.wait(pending, timeout=self._publish_timeout)
        for index, maybe_future in enumerate(futures):
            if maybe_future is None:
                continue
            if not maybe_future.done():
                maybe_future.cancel()
                errors[index] = f"no PubAck within {self._publish_timeout}s"
            elif maybe_future.exception() is not None:
                errors[index] = repr(maybe_future.exception())
        return errors

    def stats(self) -> OutboxStats:
        """Backlog size and the age of the oldest pending event, for metrics."""
        with self._sessions() as session:
            count, oldest = session.execute(
                select(func.count(), func.min(OutboxMessage.created_at)).where(
                    col(OutboxMessage.published_at).is_(None)
                )
            ).one()
        if oldest is None:
            return OutboxStats(0, 0.0)
        if oldest.tzinfo is None:  # SQLite hands back naive UTC
            oldest = oldest.replace(tzinfo=UTC)
        return OutboxStats(int(count), max((utcnow() - oldest).total_seconds(), 0.0))

    def _purge_sent(self) -> None:
        cutoff = utcnow() - self._retention
        with self._sessions() as session:
            session.execute(delete(OutboxMessage).where(col(OutboxMessage.published_at) < cutoff))
            session.commit()
