from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from benuo_governance.__main__ import MIGRATIONS
from benuo_governance.api.deps import current_time
from benuo_governance.app import create_app
from benuo_governance.settings import Settings
from benuo_governance.testing import Callers, Clock
from benuo_runtime.embedded import free_port
from benuo_runtime.migrations import upgrade
from benuo_runtime.testing.plugin import AuthKeys


@pytest.fixture
def governance_db(database_url: str) -> str:
    upgrade(MIGRATIONS, database_url)
    return database_url


@pytest.fixture
def settings(governance_db: str, auth_keys: AuthKeys, tmp_path: Path) -> Settings:
    """A service on a fresh database. NATS is not running: events stay in the outbox, where
    the tests read them (tests about delivery take ``nats_url`` and override this)."""
    return Settings(
        database_url=governance_db,
        nats_url=f"nats://127.0.0.1:{free_port()}",
        auth_jwks_path=auth_keys.jwks_path,
        sla_sweep_seconds=0,
        sqlite_analyze_seconds=0,
        shutdown_grace_seconds=1,
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(settings: Settings, clock: Clock) -> FastAPI:
    app = create_app(settings)
    app.dependency_overrides[current_time] = lambda: clock.now
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture
def callers(auth_keys: AuthKeys) -> Callers:
    return Callers(auth_keys)
