"""Fixtures: the gateway in-process (TestClient) in front of stub pillar services."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from benuo_gateway.__main__ import MIGRATIONS
from benuo_gateway.app import create_app
from benuo_gateway.settings import Settings
from benuo_gateway.testing import GatewayKeys, StubServer, make_gateway_keys, probe_service
from benuo_gateway.testing.keys import NO_NATS
from benuo_runtime.migrations import upgrade
from benuo_runtime.testing import ServiceProcess, wait_until

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
def probe(
    tmp_path_factory: pytest.TempPathFactory, gateway_keys: GatewayKeys
) -> Iterator[ServiceProcess]:
    """The runtime's probe service as a real process: an upstream with real token checks."""
    service = probe_service(tmp_path_factory.mktemp("probe"), gateway_keys).start()
    yield service
    service.stop()


@pytest.fixture
def gateway_with_probe(
    gateway_settings: Callable[..., Settings], probe: ServiceProcess
) -> Iterator[TestClient]:
    """The gateway in front of the probe only. The pillar services are not built yet (the
    stubs are test doubles, not policy): the lead points these URLs at the real services,
    run like the probe, and extends the matrix's policy table."""
    absent = {f"{pillar}_url": "http://127.0.0.1:9" for pillar in PILLARS}
    settings = gateway_settings(
        extra_upstreams={"probe": probe.url}, rate_limit_enabled=False, **absent
    )
    with TestClient(create_app(settings)) as client:
        wait_until(
            lambda: "/api/v1/probe/effects" in client.get("/openapi.json").json()["paths"],
            what="the probe's operations in the merged document",
        )
        yield client
