"""pytest fixtures: real NATS, Redis and databases, started per test on free ports.

- ``NATS_URL`` / ``REDIS_URL`` set: those servers are used instead (they must be disposable:
  tests delete streams and flush databases).
- ``TEST_DATABASE_URL`` set to PostgreSQL: every test that takes ``database_url`` runs twice,
  on SQLite and on a fresh PostgreSQL database created for it.
"""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nats
import pytest
from nats.aio.client import Client
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from benuo_runtime.auth import Principal, Role, TokenIssuer, generate_signing_key
from benuo_runtime.db import normalise_url
from benuo_runtime.embedded import EmbeddedServer, free_port, nats_server, redis_server


@dataclass
class NatsFixture:
    """A NATS server for one test. ``stop()``/``start()`` simulate an outage (embedded only)."""

    url: str
    server: EmbeddedServer | None

    def stop(self) -> None:
        if self.server is None:
            pytest.skip("cannot stop an external NATS_URL server")
        self.server.stop()

    def start(self) -> None:
        if self.server is None:
            pytest.skip("cannot start an external NATS_URL server")
        self.server.start()


@pytest.fixture
def nats_fixture(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[NatsFixture]:
    """A fresh nats-server for the test.

    Afterwards, every event left in the pillar streams is checked against the contract (JSON
    Schema, the CloudEvents SDK, ``Nats-Msg-Id``), so no test can emit a malformed event
    unnoticed. Tests that publish invalid events on purpose carry ``@pytest.mark.invalid_events``.
    """
    external = os.environ.get("NATS_URL")
    if external:
        yield NatsFixture(external, None)
        return
    port = free_port()
    log = (tmp_path / "nats.log").open("ab")
    server = nats_server(port, tmp_path / "jetstream", log=log)
    server.start()
    fixture = NatsFixture(f"nats://127.0.0.1:{port}", server)
    try:
        yield fixture
        if request.node.get_closest_marker("invalid_events") is None and server.pid is not None:
            check_stored_events(fixture.url)
    finally:
        server.stop()
        log.close()


def check_stored_events(url: str) -> None:
    from benuo_runtime.testing.contract_check import check_streams

    problems = asyncio.run(check_streams(url))
    assert not problems, "events that break the contract:\n" + "\n".join(problems)


@pytest.fixture
def nats_url(nats_fixture: NatsFixture) -> str:
    return nats_fixture.url


@pytest.fixture
async def nats_client(nats_fixture: NatsFixture) -> AsyncIterator[Client]:
    client = await nats.connect(
        nats_fixture.url, max_reconnect_attempts=-1, reconnect_time_wait=0.2
    )
    if nats_fixture.server is None:
        await _delete_streams(client)
    yield client
    await client.close()


async def _delete_streams(client: Client) -> None:
    js = client.jetstream()
    for info in await js.streams_info():
        if info.config.name:
            await js.delete_stream(info.config.name)


@pytest.fixture(scope="session")
def redis_session_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    external = os.environ.get("REDIS_URL")
    if external:
        yield external
        return
    port = free_port()
    server = redis_server(port, tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_session_url: str) -> str:
    import redis

    client = redis.Redis.from_url(redis_session_url)
    client.flushdb()
    client.close()
    return redis_session_url


def _postgres_base() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL", "")
    return url if url.startswith("postgres") else None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "invalid_events: the test publishes events that break the contract on purpose"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_url" in metafunc.fixturenames:
        backends = ["sqlite"] + (["postgresql"] if _postgres_base() else [])
        metafunc.parametrize("database_backend", backends, scope="function")


@pytest.fixture
def database_url(database_backend: str, tmp_path: Path) -> Iterator[str]:
    """A new, empty database for this test."""
    if database_backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    base = _postgres_base()
    assert base is not None
    name = f"benuo_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(normalise_url(base)).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class AuthKeys:
    """A signing key for the test, its JWKS file, and a way to mint tokens."""

    issuer: TokenIssuer
    jwks_path: Path
    private_key_pem: bytes

    def token(
        self,
        *roles: Role | str,
        subject: str | None = None,
        pillars: tuple[str, ...] = (),
        agencies: tuple[str, ...] = (),
        scopes: tuple[str, ...] = (),
        ttl_seconds: float = 300,
    ) -> str:
        principal = Principal(
            subject=subject or (f"user-{uuid.uuid4().hex[:8]}" if roles else "anonymous"),
            roles=frozenset(Role(role) for role in roles),
            pillars=frozenset(pillars),
            agencies=frozenset(agencies),
            scopes=frozenset(scopes),
        )
        return self.issuer.mint(principal, ttl_seconds=ttl_seconds)

    def headers(self, *roles: Role | str, **options: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(*roles, **options)}"}

    def env(self) -> dict[str, str]:
        return {
            "AUTH_JWKS_PATH": str(self.jwks_path),
            "AUTH_ISSUER": self.issuer.issuer,
            "AUTH_AUDIENCE": self.issuer.audience,
        }


@pytest.fixture(scope="session")
def auth_keys(tmp_path_factory: pytest.TempPathFactory) -> AuthKeys:
    pem = generate_signing_key()
    issuer = TokenIssuer(pem, issuer="benuo-gateway", audience="benuo-services")
    path = tmp_path_factory.mktemp("keys") / "jwks.json"
    path.write_text(json.dumps(issuer.jwks()))
    return AuthKeys(issuer, path, pem)
