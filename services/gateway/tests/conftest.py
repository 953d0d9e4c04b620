"""Fixtures: the gateway in-process (TestClient) in front of stub pillar services, and the
whole platform as real processes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from benuo_gateway.__main__ import MIGRATIONS
from benuo_gateway.app import create_app
from benuo_gateway.settings import Settings
from benuo_gateway.testing import (
    GatewayKeys,
    Platform,
    StubServer,
    gateway_process,
    make_gateway_keys,
    migrate_in_process,
    pillar_services,
)
from benuo_gateway.testing.keys import NO_NATS
from benuo_runtime.embedded import free_port, nats_server
from benuo_runtime.migrations import upgrade
from benuo_runtime.testing import wait_until

PILLARS = ("governance", "economy", "living")


@pytest.fixture(scope="session")
def gateway_keys(tmp_path_factory: pytest.TempPathFactory) -> GatewayKeys:
    return make_gateway_keys(tmp_path_factory.mktemp("gateway-keys"))


@pytest.fixture
def stubs(gateway_keys: GatewayKeys) -> Iterator[dict[str, StubServer]]:
    servers = {pillar: StubServer(pillar, gateway_keys.jwks_path).start() for pillar in PILLARS}
    yield servers
    for server in servers.values():
        server.stop()


@pytest.fixture
def gateway_db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'gateway.db'}"
    upgrade(MIGRATIONS, url)
    return url


@pytest.fixture
def gateway_settings(
    gateway_db: str, redis_url: str, gateway_keys: GatewayKeys, stubs: dict[str, StubServer]
) -> Callable[..., Settings]:
    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "environment": "test",
            "database_url": gateway_db,
            "redis_url": redis_url,
            "nats_url": NO_NATS,
            "auth_jwks_path": gateway_keys.jwks_path,
            "auth_signing_key_path": gateway_keys.pem_path,
            **{f"{pillar}_url": server.url for pillar, server in stubs.items()},
            "upstream_timeout_seconds": 2.0,
            "upstream_retries": 0,
        }
        values.update(overrides)
        return Settings(**values)

    return make


@pytest.fixture
def gateway(gateway_settings: Callable[..., Settings]) -> Iterator[TestClient]:
    with TestClient(create_app(gateway_settings())) as client:
        yield client


@pytest.fixture(scope="session")
def platform_nats(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A NATS server (JetStream) of its own for the session's platform, even when NATS_URL
    names a shared one: other tests delete the streams there, which the platform keeps using."""
    folder = tmp_path_factory.mktemp("platform-nats")
    port = free_port()
    with (folder / "nats.log").open("ab") as log, nats_server(port, folder / "js", log=log):
        yield f"nats://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def platform(
    tmp_path_factory: pytest.TempPathFactory,
    gateway_keys: GatewayKeys,
    platform_nats: str,
    redis_session_url: str,
) -> Iterator[Platform]:
    """Governance, economy and living as real processes, and the gateway in front of them."""
    folder = tmp_path_factory.mktemp("platform")
    services = pillar_services(folder, gateway_keys, nats_url=platform_nats)
    gateway = gateway_process(
        folder,
        gateway_keys,
        # A database of its own: other tests' gateways cache stub answers under the same paths.
        redis_url=redis_session_url.rsplit("/", 1)[0] + "/1",
        upstreams={name: service.url for name, service in services.items()},
        nats_url=platform_nats,
        rate_limit_enabled="false",
        openapi_refresh_seconds="0.5",
        upstream_retries="0",
    )
    started = [gateway, *services.values()]
    try:
        gateway.launch()  # it starts up while the pillars' databases are made
        for service in services.values():
            migrate_in_process(service)
            service.launch()
        for process in started:
            process.wait_ready(ready=True)

        def merged() -> bool:
            paths = httpx.get(f"{gateway.url}/openapi.json").json()["paths"]
            return all(f"/api/v1/{name}/dashboard" in paths for name in services)

        wait_until(merged, what="every pillar's operations in the merged document")
        yield Platform(gateway, services)
    finally:
        for process in reversed(started):
            process.stop()
