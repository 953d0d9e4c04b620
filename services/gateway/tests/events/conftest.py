from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nats
import pytest
from nats.aio.client import Client

from benuo_gateway.__main__ import MIGRATIONS
from benuo_gateway.events import EventsSettings
from benuo_gateway.settings import Settings
from benuo_runtime.embedded import free_port, nats_server
from benuo_runtime.messaging.streams import pillar_streams, provision_streams
from benuo_runtime.migrations import upgrade
from benuo_runtime.testing.plugin import AuthKeys

from .harness import Served, gateway_app

AUTH_CONF = Path(__file__).parents[4] / "deploy" / "nats" / "auth.conf"
PASSWORD = "a-password-for-every-user"

FAST = {
    "sse_keepalive_seconds": 0.5,
    "webhook_timeout_seconds": 2,
    "webhook_backoff_seconds": 0.05,
    "webhook_backoff_max_seconds": 0.4,
    "webhook_max_consecutive_failures": 1000,
    "webhook_reconcile_seconds": 0.1,
}


@pytest.fixture
def gateway_settings(nats_url: str, auth_keys: AuthKeys) -> Callable[..., Settings]:
    def settings(database_url: str, **service: object) -> Settings:
        upgrade(MIGRATIONS, database_url)
        defaults: dict[str, object] = {
            "nats_url": nats_url,
            "auth_jwks_path": auth_keys.jwks_path,
            "relay_poll_seconds": 0.2,
            "environment": "test",
        }
        return Settings(database_url=database_url, **{**defaults, **service})

    return settings


@pytest.fixture
def serve(gateway_settings: Callable[..., Settings]) -> Iterator[Callable[..., Served]]:
    """Start gateways with the event routes.

    ``serve(database_url, service={...gateway settings}, **events_settings)``
    """
    started: list[Served] = []

    def start(
        database_url: str, service: dict[str, object] | None = None, **events: object
    ) -> Served:
        settings = EventsSettings(**{**FAST, **events})
        app = gateway_app(gateway_settings(database_url, **(service or {})), settings)
        served = Served(app).start()
        started.append(served)
        return served

    yield start
    for served in started:
        served.stop()


@pytest.fixture
def sse_gateway(serve: Callable[..., Served], tmp_path: Path) -> Served:
    """SSE keeps nothing in the database, so one SQLite run is enough."""
    return serve(f"sqlite:///{tmp_path / 'gateway.db'}")


@dataclass
class DeployedNats:
    """A nats-server with the deployment's users (``deploy/nats/auth.conf``)."""

    url: str

    async def connect(self, user: str) -> Client:
        return await nats.connect(self.url, user=user, password=PASSWORD, allow_reconnect=False)


@pytest.fixture
async def deployed_nats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[DeployedNats]:
    users = AUTH_CONF.read_text()
    for variable in set(re.findall(r"\$(BENUO_NATS_[A-Z_]+_PASSWORD)", users)):
        monkeypatch.setenv(variable, PASSWORD)  # nats-server reads passwords from these
    (tmp_path / "auth.conf").write_text(users)
    (tmp_path / "nats.conf").write_text('include "auth.conf"\n')
    port = free_port()
    with (tmp_path / "nats.log").open("ab") as log:
        server = nats_server(port, tmp_path / "jetstream", config=tmp_path / "nats.conf", log=log)
        server.start()
        deployed = DeployedNats(f"nats://127.0.0.1:{port}")
        try:
            admin = await deployed.connect("benuo-admin")
            await provision_streams(
                admin.jetstream(),
                pillar_streams(),
                max_age_seconds=3600,
                duplicate_window_seconds=120,
            )
            await admin.close()
            yield deployed
        finally:
            server.stop()
