"""Reading pillar streams for SSE: where to start, then one ordered consumer per stream.

Ordered consumers are ephemeral, kept in memory by the server, and recreated by nats-py
from the last sequence received when heartbeats stop, so a broker hiccup costs nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any

from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

_BUFFERED_EVENTS = 256


@dataclass(frozen=True)
class StoredEvent:
    stream: str
    sequence: int
    data: bytes


async def start_positions(
    js: JetStreamContext,
    streams: list[str],
    *,
    cursor: Mapping[str, int],
    since: datetime | None,
) -> dict[str, int]:
    """Per stream, the last sequence the client has (it gets everything after it).

    A stream the cursor names resumes there; otherwise from ``since``, else from now.
    """
    positions: dict[str, int] = {}
    for stream in streams:
        if stream in cursor:
            positions[stream] = cursor[stream]
        elif since is not None:
            positions[stream] = await _last_before(js, stream, since)
        else:
            positions[stream] = (await js.stream_info(stream)).state.last_seq
    return positions


async def _last_before(js: JetStreamContext, stream: str, since: datetime) -> int:
    # A consumer that starts at a time reports, before it delivers anything, the sequence
    # just before its first message: exactly the position wanted.
    info = await js.add_consumer(
        stream,
        ConsumerConfig(
            ack_policy=AckPolicy.NONE,
            deliver_policy=DeliverPolicy.BY_START_TIME,
            opt_start_time=since,
            inactive_threshold=5,
            mem_storage=True,
        ),
    )
    with contextlib.suppress(Exception):
        await js.delete_consumer(stream, info.name)
    assert info.delivered is not None, "JetStream reports a new consumer's position"
    return info.delivered.stream_seq


class StreamReader:
    """Events of several streams after ``positions``, merged into one queue.

    Order holds within each stream (so per subject); streams interleave as events arrive.
    """

    def __init__(
        self,
        js: JetStreamContext,
        plan: Mapping[str, list[str]],
        positions: Mapping[str, int],
    ) -> None:
        self._js, self._plan, self._positions = js, plan, positions
        self._queue: asyncio.Queue[StoredEvent | BaseException] = asyncio.Queue(_BUFFERED_EVENTS)
        self._subscriptions: list[Any] = []
        self._pumps: list[asyncio.Task[None]] = []

    async def __aenter__(self) -> StreamReader:
        try:
            for stream, filters in self._plan.items():
                subscription = await self._js.subscribe(
                    "",
                    stream=stream,
                    ordered_consumer=True,
                    config=ConsumerConfig(
                        filter_subjects=filters,
                        deliver_policy=DeliverPolicy.BY_START_SEQUENCE,
                        opt_start_seq=self._positions[stream] + 1,
                    ),
                )
                self._subscriptions.append(subscription)
                self._pumps.append(asyncio.create_task(self._pump(stream, subscription)))
        except BaseException:
            await self.close()
            raise
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def next(self, timeout: float) -> StoredEvent | None:
        """The next event, or None when none came within ``timeout`` seconds."""
        try:
            item = await asyncio.wait_for(self._queue.get(), timeout)
        except TimeoutError:
            return None
        if isinstance(item, BaseException):
            raise item
        return item

    async def _pump(self, stream: str, subscription: Any) -> None:
        try:
            while True:
                msg = await subscription.next_msg(timeout=None)
                sequence = msg.metadata.sequence.stream
                await self._queue.put(StoredEvent(stream, sequence, msg.data))
        except Exception as error:
            await self._queue.put(error)

    async def close(self) -> None:
        for pump in self._pumps:
            pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pump
        for subscription in self._subscriptions:
            with contextlib.suppress(Exception):
                await subscription.unsubscribe()
