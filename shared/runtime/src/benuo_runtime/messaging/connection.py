"""A NATS connection that a service can start without: it keeps trying in the background."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext

from benuo_runtime.settings import ServiceSettings

log = logging.getLogger(__name__)


class NatsConnection:
    """Owns the service's one NATS connection.

    Start-up never waits for NATS: writes keep landing in the outbox while it is away, and
    readiness says why the service is not ready.
    """

    def __init__(self, settings: ServiceSettings) -> None:
        self._settings = settings
        self._client: Client | None = None
        self._connected = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.last_error: str | None = "not connected yet"

    @property
    def client(self) -> Client | None:
        return self._client

    @property
    def is_connected(self) -> bool:
        return self._client is not None and self._client.is_connected

    def jetstream(self) -> JetStreamContext:
        if self._client is None:
            raise ConnectionError("NATS is not connected")
        return self._client.jetstream(timeout=self._settings.relay_publish_timeout_seconds)

    def start(self) -> None:
        self._task = asyncio.create_task(self._connect_until_done(), name="nats-connect")

    async def wait_connected(self, timeout: float | None = None) -> bool:
        try:
            await asyncio.wait_for(self._connected.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def _connect_until_done(self) -> None:
        delay = 0.2
        while True:
            try:
                self._client = await nats.connect(**self._options())
            except Exception as error:
                self.last_error = f"cannot reach NATS at {self._settings.nats_url}: {error!r}"
                log.warning("nats connect failed; retrying", extra={"error": repr(error)})
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            self.last_error = None
            self._connected.set()
            log.info("nats connected", extra={"url": self._settings.nats_url})
            return

    def _options(self) -> dict[str, Any]:
        settings = self._settings
        options: dict[str, Any] = {
            "servers": [settings.nats_url],
            "name": settings.service_name,
            "connect_timeout": 2,
            "allow_reconnect": True,
            "max_reconnect_attempts": -1,
            "reconnect_time_wait": 0.5,
            "error_cb": self._on_error,
            "disconnected_cb": self._on_disconnected,
            "reconnected_cb": self._on_reconnected,
        }
        if settings.nats_creds_file:
            options["user_credentials"] = str(settings.nats_creds_file)
        if settings.nats_user:
            options["user"] = settings.nats_user
            options["password"] = settings.nats_password
        return options

    async def _on_error(self, error: Exception) -> None:
        self.last_error = repr(error)

    async def _on_disconnected(self) -> None:
        self.last_error = "disconnected from NATS; reconnecting"
        log.warning("nats disconnected")

    async def _on_reconnected(self) -> None:
        self.last_error = None
        log.info("nats reconnected")

    async def close(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._client is not None and not self._client.is_closed:
            with contextlib.suppress(Exception):
                await self._client.drain()
            with contextlib.suppress(Exception):
                await self._client.close()
