"""Event pipeline: Benuo's outbox -> relay -> JetStream -> consumer, next to raw JetStream.

Both run against the same embedded nats-server, one scenario after the other:

- raw: nats-py ``publish_async`` and a durable pull consumer with ``fetch(100)`` + ``ack()``
- benuo: ``emit`` into a producer's outbox (SQLite, WAL) -> ``OutboxRelay`` ->
  ``ConsumerRunner`` applying an effect row plus its inbox row in a consumer's own database,
  in a second process (as two services would), measured until the effect's commit

Throughput is sustained: N events from the first insert (or publish) to the last effect
committed (or ack). Latency is measured at a steady 500 events/s, one event per transaction.

    uv run python -m bench.pipeline [--events 20000] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import nats
from nats.js.api import AckPolicy, ConsumerConfig
from sqlalchemy import event as sa_event
from sqlmodel import Session

from benuo_contract import CloudEvent, GeoPoint, new_event
from benuo_contract.events.governance import RequestCreatedV1, RequestStatus
from benuo_runtime.db import make_engine, make_session_factory
from benuo_runtime.embedded import free_port, nats_server
from benuo_runtime.messaging.connection import NatsConnection
from benuo_runtime.messaging.consumer import ConsumerOptions, ConsumerRunner
from benuo_runtime.messaging.handlers import EventHandlers
from benuo_runtime.messaging.outbox import ON_OUTBOX_COMMIT, emit
from benuo_runtime.messaging.relay import OutboxRelay
from benuo_runtime.messaging.streams import pillar_streams, provision_streams
from benuo_runtime.migrations import upgrade
from benuo_runtime.settings import ServiceSettings
from benuo_runtime.testing.probe import app as probe_app
from benuo_runtime.testing.probe.models import ProbeEffect

SUBJECT = "ppu.governance.request.created"
PROBE_MIGRATIONS = Path(probe_app.__file__).parent / "migrations"
_LATENCIES = "bench.latencies"


def payload(number: int) -> RequestCreatedV1:
    now = datetime.now(UTC)
    return RequestCreatedV1(
        request_id=f"B-{number}",
        version=1,
        status=RequestStatus.SUBMITTED,
        service_code="PJU-MATI",
        agency_code="DISHUB",
        kecamatan_code="64.09.01",
        desa_code="64.09.01.1010",
        location=GeoPoint(lat=-1.25, lng=116.83),
        submitted_at=now,  # the insert time: the latency clock starts here
        verification_due_at=now + timedelta(days=3),
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# ---------------------------------------------------------------- raw JetStream


async def raw_throughput(url: str, count: int) -> float:
    client = await nats.connect(url)
    js = client.jetstream()
    body = new_event(payload(0)).to_json()
    await js.add_consumer(
        "GOVERNANCE", ConsumerConfig(durable_name="raw-tp", ack_policy=AckPolicy.EXPLICIT)
    )
    subscription = await js.pull_subscribe_bind("raw-tp", stream="GOVERNANCE")
    start = time.perf_counter()

    async def publish() -> None:
        futures = [
            await js.publish_async(SUBJECT, body, headers={"Nats-Msg-Id": uuid.uuid4().hex})
            for _ in range(count)
        ]
        await asyncio.gather(*futures)

    async def consume() -> None:
        received = 0
        while received < count:
            try:
                messages = await subscription.fetch(100, timeout=1)
            except TimeoutError:
                continue
            for message in messages:
                await message.ack()
            received += len(messages)

    await asyncio.gather(publish(), consume())
    elapsed = time.perf_counter() - start
    await client.close()
    return count / elapsed


async def raw_latency(url: str, rate: int, seconds: float) -> list[float]:
    client = await nats.connect(url)
    js = client.jetstream()
    await js.add_consumer(
        "GOVERNANCE",
        ConsumerConfig(durable_name="raw-lat", ack_policy=AckPolicy.EXPLICIT, deliver_policy="new"),  # type: ignore[arg-type]
    )
    subscription = await js.pull_subscribe_bind("raw-lat", stream="GOVERNANCE")
    body = new_event(payload(0)).to_json()
    total = int(rate * seconds)
    latencies: list[float] = []

    async def publish() -> None:
        start = time.perf_counter()
        for number in range(total):
            await asyncio.sleep(max(0.0, start + number / rate - time.perf_counter()))
            headers = {"Nats-Msg-Id": uuid.uuid4().hex, "Sent": repr(time.perf_counter())}
            await js.publish_async(SUBJECT, body, headers=headers)

    async def consume() -> None:
        while len(latencies) < total:
            try:
                messages = await subscription.fetch(100, timeout=1)
            except TimeoutError:
                continue
            for message in messages:
                await message.ack()
                latencies.append(time.perf_counter() - float(message.headers["Sent"]))

    await asyncio.gather(publish(), consume())
    await client.close()
    return latencies


# ---------------------------------------------------------------- Benuo pipeline


class Producer:
    """A service's outbox and relay on its own SQLite database."""

    def __init__(self, url: str, work: Path) -> None:
        database_url = _db(work, "producer")
        upgrade(PROBE_MIGRATIONS, database_url)
        settings = ServiceSettings(service_name="bench", nats_url=url, database_url=database_url)
        self.engine = make_engine(database_url)
        self.sessions = make_session_factory(self.engine)
        self.nats = NatsConnection(settings)
        self.relay = OutboxRelay(self.sessions, self.nats, batch_size=500, poll_seconds=0.5)
        self.sessions.configure(info={ON_OUTBOX_COMMIT: self.relay.wake})

    async def start(self) -> None:
        self.nats.start()
        await self.nats.wait_connected()
        self.relay.start()

    async def stop(self) -> None:
        await self.relay.stop()
        await self.nats.close()
        self.engine.dispose()

    def insert(self, first: int, count: int) -> None:
        with self.sessions() as session:
            for number in range(first, first + count):
                emit(session, payload(number))
            session.commit()


class Consumer:
    """Another service's durable consumer on its own SQLite database, in its own process."""

    def __init__(self, url: str, work: Path) -> None:
        database_url = _db(work, "consumer")
        upgrade(PROBE_MIGRATIONS, database_url)
        settings = ServiceSettings(service_name="bench", nats_url=url, database_url=database_url)
        self.engine = make_engine(database_url)
        self.nats = NatsConnection(settings)
        self.latencies: list[float] = []
        self.applied = 0
        handlers = EventHandlers("bench")
        handlers.on(RequestCreatedV1)(self._apply)
        sessions = make_session_factory(self.engine)
        sessions.configure(info={_LATENCIES: self})
        self.runner = ConsumerRunner(
            "bench", handlers, sessions, self.nats, ConsumerOptions(batch_size=100)
        )

    @staticmethod
    def _apply(session: Session, event: CloudEvent[Any]) -> None:
        data: RequestCreatedV1 = event.data
        # The effect is one row written with SQLAlchemy Core, so the figure is the pipeline's
        # cost rather than an ORM's.
        session.connection().execute(
            ProbeEffect.__table__.insert(),  # type: ignore[attr-defined]
            {"event_id": event.id, "request_id": data.request_id, "trace_id": "", "pid": 0},
        )
        session.info.setdefault("bench.inserted_at", []).append(data.submitted_at)

    def on_commit(self, session: Session) -> None:
        inserted = session.info.pop("bench.inserted_at", [])
        now = datetime.now(UTC)
        self.latencies.extend((now - at).total_seconds() for at in inserted)
        self.applied += len(inserted)

    async def run(self, count: int, ready: Any) -> list[float]:
        self.nats.start()
        await self.nats.wait_connected()
        self.runner.start()
        while not self.runner.is_running:
            await asyncio.sleep(0.01)
        ready.set()
        while self.applied < count:
            await asyncio.sleep(0.005)
        await self.runner.stop()
        await self.nats.close()
        self.engine.dispose()
        return self.latencies


@sa_event.listens_for(Session, "after_commit")
def _record_latency(session: Session) -> None:
    consumer = session.info.get(_LATENCIES)
    if consumer is not None:
        consumer.on_commit(session)


def _consume_in_process(url: str, work: Path, count: int, ready: Any, results: Any) -> None:
    results.put(asyncio.run(Consumer(url, work).run(count, ready)))


async def _with_consumer(
    url: str, work: Path, count: int, produce: Any
) -> tuple[float, list[float]]:
    """Run ``produce(producer)`` here while a consumer process applies ``count`` events."""
    context = multiprocessing.get_context("spawn")
    ready, results = context.Event(), context.Queue()
    process = context.Process(target=_consume_in_process, args=(url, work, count, ready, results))
    process.start()
    await asyncio.to_thread(ready.wait, 120)
    producer = Producer(url, work)
    await producer.start()
    start = time.perf_counter()
    await produce(producer)
    latencies: list[float] = await asyncio.to_thread(results.get, True, 600)
    elapsed = time.perf_counter() - start
    await producer.stop()
    process.join()
    return elapsed, latencies


async def pipeline_throughput(url: str, work: Path, count: int, per_tx: int) -> float:
    async def produce(producer: Producer) -> None:
        for first in range(0, count, per_tx):
            await asyncio.to_thread(producer.insert, first, per_tx)

    elapsed, _ = await _with_consumer(url, work, count, produce)
    return count / elapsed


async def pipeline_latency(url: str, work: Path, rate: int, seconds: float) -> list[float]:
    total = int(rate * seconds)

    async def produce(producer: Producer) -> None:
        start = time.perf_counter()
        for number in range(total):
            await asyncio.sleep(max(0.0, start + number / rate - time.perf_counter()))
            await asyncio.to_thread(producer.insert, number, 1)

    _, latencies = await _with_consumer(url, work, total, produce)
    return latencies


# ---------------------------------------------------------------- report


async def fresh_server(work: Path, name: str) -> tuple[Any, str]:
    port = free_port()
    server = nats_server(port, work / name / "js").start()
    url = f"nats://127.0.0.1:{port}"
    client = await nats.connect(url)
    await provision_streams(
        client.jetstream(), pillar_streams(), max_age_seconds=3600, duplicate_window_seconds=120
    )
    await client.close()
    return server, url


async def run(events: int, seconds: float, rate: int) -> None:
    with tempfile.TemporaryDirectory(prefix="benuo-bench-") as folder:
        work = Path(folder)
        results: dict[str, Any] = {}
        scenarios = [
            ("raw_tp", lambda url: raw_throughput(url, events)),
            ("raw_lat", lambda url: raw_latency(url, rate, seconds)),
            ("tp_100", lambda url: pipeline_throughput(url, work / "tp100", events, 100)),
            ("tp_1", lambda url: pipeline_throughput(url, work / "tp1", events // 4, 1)),
            ("lat", lambda url: pipeline_latency(url, work / "lat", rate, seconds)),
        ]
        for name, scenario in scenarios:
            server, url = await fresh_server(work, name)
            try:
                results[name] = await scenario(url)
            finally:
                server.stop()
    raw_tp, tp100, tp1 = results["raw_tp"], results["tp_100"], results["tp_1"]
    raw_lat, lat = results["raw_lat"], results["lat"]
    ms = 1000
    print(
        f"Event pipeline benchmark  ({platform.node()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, SQLite WAL; "
        "producer and relay in this process, consumer in its own)"
    )
    print(f"{'':44}{'events/s':>10}{'x raw':>8}")
    print(f"{'raw JetStream (publish_async, fetch(100))':44}{raw_tp:>10,.0f}{1:>8.2f}")
    print(f"{'Benuo, 100 events per producer transaction':44}{tp100:>10,.0f}{tp100 / raw_tp:>8.2f}")
    print(f"{'Benuo, 1 event per producer transaction':44}{tp1:>10,.0f}{tp1 / raw_tp:>8.2f}")
    print(
        f"latency at a steady {rate}/s for {seconds:.0f}s "
        f"(insert -> effect committed; raw: publish -> ack):"
    )
    for label, values in (("raw JetStream", raw_lat), ("Benuo", lat)):
        print(
            f"  {label:14} p50 {statistics.median(values) * ms:6.2f} ms   "
            f"p99 {percentile(values, 0.99) * ms:6.2f} ms   max {max(values) * ms:7.2f} ms   "
            f"n={len(values)}"
        )
    print(
        f"targets: pipeline >= 0.25x raw ({'met' if tp100 / raw_tp >= 0.25 else 'NOT met'}), "
        f"p99 < 50 ms ({'met' if percentile(lat, 0.99) < 0.05 else 'NOT met'})"
    )


def _db(work: Path, name: str) -> str:
    return f"sqlite:///{work / f'{name}.db'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rate", type=int, default=500)
    args = parser.parse_args()
    asyncio.run(run(args.events, args.seconds, args.rate))


if __name__ == "__main__":
    main()
