from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from benuo_living import __main__ as living_main
from benuo_living.app import create_app
from benuo_living.settings import Settings
from benuo_runtime.db import SessionFactory, make_engine, make_session_factory
from benuo_runtime.migrations import upgrade
from benuo_runtime.testing.plugin import AuthKeys

MIGRATIONS = Path(living_main.MIGRATIONS)


@pytest.fixture
def living_database(database_url: str) -> str:
    """A migrated living database, holding the seed facilities."""
    upgrade(MIGRATIONS, database_url)
    return database_url


@pytest.fixture
def sessions(living_database: str) -> Iterator[SessionFactory]:
    engine = make_engine(living_database)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def session(sessions: SessionFactory) -> Iterator[Session]:
    with sessions() as session:
        yield session


@pytest.fixture
def living_settings(living_database: str, nats_url: str, auth_keys: AuthKeys) -> Settings:
    return Settings(
        database_url=living_database,
        nats_url=nats_url,
        auth_jwks_path=auth_keys.jwks_path,
        relay_poll_seconds=0.2,
        consumer_backoff_seconds=0.05,
        consumer_max_deliver=3,
        consumer_batch_size=20,
    )


@pytest.fixture
def client(living_settings: Settings, auth_keys: AuthKeys) -> Iterator[TestClient]:
    """The living service in this process; anonymous (the public) unless headers say else."""
    with TestClient(create_app(living_settings), headers=auth_keys.headers()) as client:
        yield client


@pytest.fixture
def officer(auth_keys: AuthKeys) -> dict[str, str]:
    return auth_keys.headers("officer", pillars=("living",))
