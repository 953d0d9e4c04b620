"""Connecting the CLI to NATS the way an operator configured it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import nats
from nats.js import JetStreamContext

from benuo_runtime.settings import DEFAULT_NATS_URL


@dataclass(frozen=True)
class NatsAccess:
    url: str
    user: str | None = None
    password: str | None = None
    creds: str | None = None

    @classmethod
    def from_env(cls, url: str | None = None, creds: str | None = None) -> NatsAccess:
        """Options given on the command line, else ``NATS_URL``/``NATS_USER``/``NATS_PASSWORD``."""
        return cls(
            url=url or os.environ.get("NATS_URL", DEFAULT_NATS_URL),
            user=os.environ.get("NATS_USER") or None,
            password=os.environ.get("NATS_PASSWORD") or None,
            creds=creds,
        )

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


@asynccontextmanager
async def jetstream(access: NatsAccess) -> AsyncIterator[JetStreamContext]:
    client = await nats.connect(**access.options())
    try:
        yield client.jetstream(timeout=5)
    finally:
        await client.close()
