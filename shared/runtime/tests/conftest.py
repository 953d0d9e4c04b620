from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from benuo_runtime.migrations import upgrade
from benuo_runtime.testing import ServiceProcess
from benuo_runtime.testing.plugin import AuthKeys
from benuo_runtime.testing.probe import app as probe_app
from benuo_runtime.testing.probe.app import ProbeSettings

PROBE_MIGRATIONS = Path(probe_app.__file__).parent / "migrations"
PROBE_MODULE = "benuo_runtime.testing.probe"


@pytest.fixture
def probe_database(database_url: str) -> str:
    upgrade(PROBE_MIGRATIONS, database_url)
    return database_url


@pytest.fixture
def probe_env(probe_database: str, nats_url: str, auth_keys: AuthKeys) -> dict[str, str]:
    """Environment of a probe service process (as an operator would set it)."""
    return {
        "SERVICE_NAME": "probe",
        "DATABASE_URL": probe_database,
        "NATS_URL": nats_url,
        "RELAY_POLL_SECONDS": "0.2",
        "CONSUMER_BACKOFF_SECONDS": "0.05",
        "CONSUMER_MAX_DELIVER": "3",
        "SHUTDOWN_GRACE_SECONDS": "10",
        **auth_keys.env(),
    }


@pytest.fixture
def probe_settings(probe_env: dict[str, str]) -> ProbeSettings:
    return ProbeSettings(**{key.lower(): value for key, value in probe_env.items()})


@pytest.fixture
def probe_client(probe_settings: ProbeSettings, auth_keys: AuthKeys) -> Iterator[TestClient]:
    """The probe service in this process, signed in as a citizen."""
    app = probe_app.create_app(probe_settings)
    with TestClient(app, headers=auth_keys.headers("citizen")) as client:
        yield client


@pytest.fixture
def probe_process(probe_env: dict[str, str], tmp_path: Path) -> Iterator[ServiceProcess]:
    """Factory-like: the first probe process (not started); more via ``spawn_probe``."""
    process = ServiceProcess(PROBE_MODULE, probe_env, log_path=tmp_path / "probe-1.log")
    yield process
    process.stop()


@pytest.fixture
def spawn_probe(probe_env: dict[str, str], tmp_path: Path) -> Iterator[object]:
    started: list[ServiceProcess] = []

    def spawn(**overrides: str) -> ServiceProcess:
        index = len(started) + 1
        process = ServiceProcess(
            PROBE_MODULE, {**probe_env, **overrides}, log_path=tmp_path / f"probe-{index}.log"
        )
        started.append(process)
        return process

    yield spawn
    for process in started:
        process.stop()
