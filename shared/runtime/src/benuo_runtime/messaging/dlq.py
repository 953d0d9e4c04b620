"""Dead letters: kept in the DLQ stream with why they died, listed and replayed by operators."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import Header
from nats.js.errors import NotFoundError

from benuo_contract import DLQ_STREAM, dlq_subject
from benuo_contract.subjects import DLQ_SUBJECT_PREFIX

ORIGINAL_SUBJECT = "Benuo-Original-Subject"
ORIGINAL_STREAM = "Benuo-Original-Stream"
ORIGINAL_SEQUENCE = "Benuo-Original-Sequence"
ORIGINAL_MSG_ID = "Benuo-Original-Msg-Id"
CONSUMER = "Benuo-Consumer"
DELIVERY_COUNT = "Benuo-Delivery-Count"
ERROR = "Benuo-Error"
FAILED_AT = "Benuo-Failed-At"
REPLAY_OF = "Benuo-Replay-Of"
_OURS = {
    ORIGINAL_SUBJECT,
    ORIGINAL_STREAM,
    ORIGINAL_SEQUENCE,
    ORIGINAL_MSG_ID,
    CONSUMER,
    DELIVERY_COUNT,
    ERROR,
    FAILED_AT,
    Header.MSG_ID.value,
}


@dataclass(frozen=True)
class DeadLetter:
    sequence: int
    consumer: str
    original_subject: str
    original_stream: str
    original_sequence: int
    event_id: str
    event_type: str | None
    error: str
    delivery_count: int
    failed_at: str
    data: bytes

    def summary(self) -> dict[str, object]:
        return {key: value for key, value in vars(self).items() if key != "data"}


def _one_line(text: str, limit: int = 1000) -> str:
    return " ".join(text.split())[:limit]


async def dead_letter(js: JetStreamContext, msg: Msg, *, consumer: str, error: str) -> None:
    """Copy ``msg`` to the DLQ with its history, then terminate it on its own stream."""
    meta = msg.metadata
    original = dict(msg.headers or {})
    headers = {key: value for key, value in original.items() if key not in _OURS}
    headers.update(
        {
            # A retry of this very dead-lettering is dropped by the DLQ's dedup window.
            Header.MSG_ID.value: f"{consumer}:{meta.stream}:{meta.sequence.stream}",
            ORIGINAL_SUBJECT: msg.subject,
            ORIGINAL_STREAM: meta.stream,
            ORIGINAL_SEQUENCE: str(meta.sequence.stream),
            ORIGINAL_MSG_ID: original.get(Header.MSG_ID.value, ""),
            CONSUMER: consumer,
            DELIVERY_COUNT: str(meta.num_delivered),
            ERROR: _one_line(error),
            FAILED_AT: datetime.now(UTC).isoformat(timespec="seconds"),
        }
    )
    await js.publish(dlq_subject(consumer), msg.data, headers=headers, stream=DLQ_STREAM)
    await msg.term()


def _event_type(data: bytes) -> str | None:
    try:
        value = json.loads(data).get("type")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


async def get_dead_letter(js: JetStreamContext, sequence: int) -> DeadLetter:
    raw = await js.get_msg(DLQ_STREAM, sequence)
    headers = raw.headers or {}
    data = raw.data or b""
    return DeadLetter(
        sequence=raw.seq or sequence,
        consumer=headers.get(CONSUMER, ""),
        original_subject=headers.get(ORIGINAL_SUBJECT, ""),
        original_stream=headers.get(ORIGINAL_STREAM, ""),
        original_sequence=int(headers.get(ORIGINAL_SEQUENCE, "0")),
        event_id=headers.get(ORIGINAL_MSG_ID, ""),
        event_type=_event_type(data),
        error=headers.get(ERROR, ""),
        delivery_count=int(headers.get(DELIVERY_COUNT, "0")),
        failed_at=headers.get(FAILED_AT, ""),
        data=data,
    )


async def list_dead_letters(
    js: JetStreamContext, *, consumer: str | None = None, limit: int = 100
) -> list[DeadLetter]:
    """Dead letters oldest first, optionally of one consumer."""
    subject = dlq_subject(consumer) if consumer else f"{DLQ_SUBJECT_PREFIX}.>"
    found: list[DeadLetter] = []
    sequence = 1
    while len(found) < limit:
        try:
            raw = await js.get_msg(DLQ_STREAM, sequence, subject=subject, next=True)
        except NotFoundError:
            break
        assert raw.seq is not None
        found.append(await get_dead_letter(js, raw.seq))
        sequence = raw.seq + 1
    return found


async def replay_dead_letter(js: JetStreamContext, sequence: int) -> DeadLetter:
    """Publish a dead letter again on its original subject, then remove it from the DLQ.

    Consumers that applied the event before skip it (their inbox has its id); the one that
    failed applies it. The new ``Nats-Msg-Id`` keeps JetStream from dropping it as a repeat,
    while a second replay of the same dead letter is dropped.
    """
    letter = await get_dead_letter(js, sequence)
    raw = await js.get_msg(DLQ_STREAM, sequence)
    headers = {key: value for key, value in (raw.headers or {}).items() if key not in _OURS}
    headers = {key: value for key, value in headers.items() if not key.startswith("Nats-")}
    headers[Header.MSG_ID.value] = (
        f"{letter.event_id or letter.original_sequence}:replay:{sequence}"
    )
    headers[REPLAY_OF] = str(sequence)
    await js.publish(letter.original_subject, letter.data, headers=headers)
    await js.delete_msg(DLQ_STREAM, sequence)
    return letter


async def dead_letter_counts(js: JetStreamContext) -> dict[str, int]:
    """Dead letters held per consumer."""
    info = await js.stream_info(DLQ_STREAM, subjects_filter=f"{DLQ_SUBJECT_PREFIX}.>")
    prefix = f"{DLQ_SUBJECT_PREFIX}."
    return {
        subject.removeprefix(prefix): count
        for subject, count in (info.state.subjects or {}).items()
    }
