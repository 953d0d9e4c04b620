"""How far behind each durable consumer is, and how many dead letters wait, from NATS."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import nats
from nats.js.errors import NotFoundError

from benuo_cli.release_health import Check
from benuo_contract import DLQ_STREAM
from benuo_runtime.messaging.dlq import dead_letter_counts
from benuo_runtime.messaging.streams import pillar_streams


@dataclass(frozen=True)
class NatsAccess:
    url: str
    user: str | None = None
    password: str | None = None
    creds: str | None = None

    def options(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "servers": [self.url],
            "connect_timeout": 3,
            "allow_reconnect": False,
            # nats-py retries a first connection regardless of allow_reconnect, up to
            # max_reconnect_attempts (default 60, 2 s apart): an operator wants the answer.
            "max_reconnect_attempts": 1,
            "reconnect_time_wait": 0.2,
        }
        if self.creds:
            options["user_credentials"] = self.creds
        if self.user:
            options["user"], options["password"] = self.user, self.password
        return options


async def check_consumers(access: NatsAccess, *, max_lag: int) -> list[Check]:
    """A check per durable consumer of Benuo's streams (lag within ``max_lag``), and one
    for the dead letters (reported, not judged: replaying them is an operator's call)."""
    client = await nats.connect(**access.options())
    try:
        js = client.jetstream(timeout=5)
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
    finally:
        await client.close()
