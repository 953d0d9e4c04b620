"""How far behind each durable consumer is, and how many dead letters wait, from NATS."""

from __future__ import annotations

from nats.js.errors import NotFoundError

from benuo_cli.nats_access import NatsAccess, jetstream
from benuo_cli.release_health import Check
from benuo_contract import DLQ_STREAM
from benuo_runtime.messaging.dlq import dead_letter_counts
from benuo_runtime.messaging.streams import pillar_streams


async def check_consumers(access: NatsAccess, *, max_lag: int) -> list[Check]:
    """A check per durable consumer of Benuo's streams (lag within ``max_lag``), and one
    for the dead letters (reported, not judged: replaying them is an operator's call)."""
    async with jetstream(access) as js:
        checks: list[Check] = []
        missing: set[str] = set()
        for spec in pillar_streams():
            try:
                consumers = await js.consumers_info(spec.name)
            except NotFoundError:
                checks.append(Check("stream", spec.name, False, "missing: run the streams job"))
                missing.add(spec.name)
                continue
            for consumer in consumers:
                lag = consumer.num_pending or 0
                checks.append(
                    Check(
                        "consumer",
                        f"{spec.name}/{consumer.name}",
                        lag <= max_lag,
                        f"{lag} pending, {consumer.num_ack_pending or 0} awaiting ack",
                    )
                )
        if DLQ_STREAM not in missing:
            letters = await dead_letter_counts(js)
            detail = ", ".join(f"{name}: {count}" for name, count in sorted(letters.items()))
            checks.append(Check("dead letters", DLQ_STREAM, True, detail or "none"))
        return checks
