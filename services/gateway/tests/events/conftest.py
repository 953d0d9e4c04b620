from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from benuo_gateway.__main__ import MIGRATIONS
from benuo_gateway.events import EventsSettings
from benuo_gateway.settings import Settings
from benuo_runtime.migrations import upgrade
from benuo_runtime.testing.plugin import AuthKeys

from .harness import Served, gateway_app

FAST = {
    "sse_keepalive_seconds": 0.5,
    "webhook_timeout_seconds": 2,
    "webhook_backoff_seconds": 0.05,
    "webhook_backoff_max_seconds": 0.4,
    "webhook_max_consecutive_failures": 1000,
    "webhook_reconcile_seconds": 0.1,
}


@pytest.fixture
def gateway_settings(nats_url: str, auth_keys: AuthKeys) -> Callable[[str], Settings]:
    def settings(database_url: str) -> Settings:
        upgrade(MIGRATIONS, database_url)
        return Settings(
            database_url=database_url,
            nats_url=nats_url,
            auth_jwks_path=auth_keys.jwks_path,
            relay_poll_seconds=0.2,
            environment="test",
        )

    return settings


@pytest.fixture
def serve(gateway_settings: Callable[[str], Settings]) -> Iterator[Callable[..., Served]]:
    """Start gateways with the event routes: ``serve(database_url, **events_settings)``."""
    started: list[Served] = []

    def start(database_url: str, **events: object) -> Served:
        settings = EventsSettings(**{**FAST, **events})
        served = Served(gateway_app(gateway_settings(database_url), settings)).start()
        started.append(served)
        return served

    yield start
    for served in started:
        served.stop()


@pytest.fixture
def sse_gateway(serve: Callable[..., Served], tmp_path: Path) -> Served:
    """SSE keeps nothing in the database, so one SQLite run is enough."""
    return serve(f"sqlite:///{tmp_path / 'gateway.db'}")
