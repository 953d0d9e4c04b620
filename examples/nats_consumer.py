"""Read Benuo events straight from NATS JetStream, with read-only integrator credentials.

    pip install benuo-contract nats-py
    python nats_consumer.py --url nats://nats.example.org:4222 \\
        --user integrator --password "$BENUO_NATS_INTEGRATOR_PASSWORD" \\
        --stream GOVERNANCE --subject 'ppu.governance.request.>'

The consumer is durable and named after the user (the only name a read-only user may
use): the server remembers what was acknowledged, so stopping and starting again resumes
right after it. Delivery is at least once: an event handled just before a crash comes
again, with the same ``id`` (deduplicate on it).
"""

from __future__ import annotations

import argparse
import asyncio
import os
from datetime import datetime
from typing import Any

import nats
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError

from benuo_contract import CloudEvent, UnknownEventType, parse_event


def handle(event: CloudEvent[Any]) -> None:
    """Your code goes here: ``event.data`` is the typed payload, e.g. a ``RequestCreatedV1``."""
    print(f"{event.time.isoformat()} {event.type} {event.subject} {event.id}", flush=True)


async def ensure_consumer(js: JetStreamContext, args: argparse.Namespace) -> None:
    try:
        await js.consumer_info(args.stream, args.durable)
        return  # it exists: carry on from where it is
    except NotFoundError:
        pass
    start: dict[str, Any] = (
        {"deliver_policy": DeliverPolicy.BY_START_TIME, "opt_start_time": args.since}
        if args.since
        else {"deliver_policy": DeliverPolicy.ALL}
    )
    config = ConsumerConfig(
        name=args.durable,
        durable_name=args.durable,
        filter_subject=args.subject,
        ack_policy=AckPolicy.EXPLICIT,
        ack_wait=30,
        **start,
    )
    await js.add_consumer(args.stream, config)


async def consume(args: argparse.Namespace) -> None:
    client = await nats.connect(
        args.url,
        user=args.user,
        password=args.password,
        user_credentials=args.creds,
        name=f"benuo-integrator-{args.durable}",
    )
    try:
        js = client.jetstream()
        await ensure_consumer(js, args)
        subscription = await js.pull_subscribe_bind(args.durable, stream=args.stream)
        handled = 0
        while args.limit is None or handled < args.limit:
            batch = 10 if args.limit is None else min(10, args.limit - handled)
            try:
                messages = await subscription.fetch(batch, timeout=5)
            except (TimeoutError, NatsTimeoutError):
                continue
            for message in messages:
                try:
                    event = parse_event(message.data)
                except UnknownEventType:
                    # A type newer than this copy of benuo-contract: upgrade it to read these.
                    await message.ack()
                    continue
                handle(event)
                await message.ack()
                handled += 1
    finally:
        await client.drain()


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("NATS_URL", "nats://127.0.0.1:14222"))
    parser.add_argument("--user", default=os.environ.get("NATS_USER"))
    parser.add_argument("--password", default=os.environ.get("NATS_PASSWORD"))
    parser.add_argument("--creds", default=os.environ.get("NATS_CREDS"), help=".creds file")
    parser.add_argument("--stream", default="GOVERNANCE", help="GOVERNANCE, ECONOMY, LIVING ...")
    parser.add_argument("--subject", default="ppu.governance.>", help="filter within the stream")
    parser.add_argument("--durable", help="your consumer's name (default: the user name)")
    parser.add_argument(
        "--since", type=datetime.fromisoformat, help="first run only: start at this time"
    )
    parser.add_argument("--limit", type=int, help="stop after this many events")
    args = parser.parse_args()
    args.durable = args.durable or args.user or "integrator"
    return args


if __name__ == "__main__":
    asyncio.run(consume(arguments()))
