from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from benuo_economy.__main__ import MIGRATIONS
from benuo_economy.app import create_app
from benuo_economy.settings import Settings
from benuo_runtime.migrations import upgrade
from benuo_runtime.testing.plugin import AuthKeys


@pytest.fixture
def economy_database(database_url: str) -> str:
    upgrade(MIGRATIONS, database_url)
    return database_url


@pytest.fixture
def economy_env(economy_database: str, nats_url: str, auth_keys: AuthKeys) -> dict[str, str]:
    """The environment an operator would give the economy service."""
    return {
        "DATABASE_URL": economy_database,
        "NATS_URL": nats_url,
        "RELAY_POLL_SECONDS": "0.2",
        "CONSUMER_BACKOFF_SECONDS": "0.05",
        "CONSUMER_MAX_DELIVER": "3",
        **auth_keys.env(),
    }


@pytest.fixture
def economy(economy_env: dict[str, str]) -> Iterator[TestClient]:
    """The economy service in this process, with its relay and consumer running."""
    settings = Settings(**{key.lower(): value for key, value in economy_env.items()})
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def officer(auth_keys: AuthKeys) -> dict[str, str]:
    return auth_keys.headers("officer", pillars=("economy",), subject="officer-disperindag")


@pytest.fixture
def public(auth_keys: AuthKeys) -> dict[str, str]:
    """The gateway's token for an anonymous caller."""
    return auth_keys.headers()
