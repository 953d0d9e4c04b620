"""The durable JetStream consumer behind each lane, and how it is named.

``max_ack_pending=1`` is what keeps a lane in order across replicas: JetStream hands out
the lane's next event only once the previous one is acknowledged, to whichever replica
asks. A failed event is nak'ed with a delay, so it is the next one handed out again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

CONSUMER_PREFIX = "webhook-"


def consumer_name(subscription_id: str, stream: str) -> str:
    return f"{CONSUMER_PREFIX}{subscription_id}-{stream.lower()}"


def subscription_of(consumer: str) -> str | None:
    """``webhook-whs_ab12-governance`` -> ``whs_ab12``; None for other consumers."""
    if not consumer.startswith(CONSUMER_PREFIX):
        return None
    return consumer.removeprefix(CONSUMER_PREFIX).rsplit("-", 1)[0]


def lane_consumer(
    name: str,
    filters: list[str],
    *,
    delivered_up_to: int | None,
    start_at: datetime,
    ack_wait_seconds: float,
) -> ConsumerConfig:
    """A lane's consumer, starting after ``delivered_up_to`` when the lane has delivered
    before (its consumer was lost), else at the subscription's start time."""
    start: dict[str, Any] = (
        {"deliver_policy": DeliverPolicy.BY_START_TIME, "opt_start_time": start_at}
        if delivered_up_to is None
        else {
            "deliver_policy": DeliverPolicy.BY_START_SEQUENCE,
            "opt_start_seq": delivered_up_to + 1,
        }
    )
    subjects: dict[str, Any] = (
        {"filter_subject": filters[0]} if len(filters) == 1 else {"filter_subjects": filters}
    )
    return ConsumerConfig(
        name=name,
        durable_name=name,
        description="a Benuo webhook lane",
        ack_policy=AckPolicy.EXPLICIT,
        max_ack_pending=1,
        ack_wait=ack_wait_seconds,
        max_deliver=-1,
        **start,
        **subjects,
    )
