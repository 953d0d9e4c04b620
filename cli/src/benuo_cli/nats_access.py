"""Connecting the CLI to NATS the way an operator configured it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import nats
from nats.js import JetStreamContext

from benuo_runtime.settings import DEFAULT_NATS_URL


def default_nats_url() -> str:
    return os.environ.get("NATS_URL", DEFAULT_NATS_URL)


@asynccontextmanager
async def jetstream(url: str, creds: str | None = None) -> AsyncIterator[JetStreamContext]:
    options: dict[str, object] = {"servers": [url], "connect_timeout": 3, "allow_reconnect": False}
    if creds:
        options["user_credentials"] = creds
    client = await nats.connect(**options)  # type: ignore[arg-type]
    try:
        yield client.jetstream()
    finally:
        await client.close()
