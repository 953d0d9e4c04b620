"""Every service: migrations match its models, it boots, reports health, refuses strangers."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import MetaData

from benuo_runtime.db import make_engine
from benuo_runtime.migrations import upgrade
from benuo_runtime.testing.plugin import AuthKeys

SERVICES = ["governance", "economy", "living", "gateway"]


def service_module(name: str, part: str):
    return importlib.import_module(f"benuo_{name}.{part}")


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_create_exactly_the_tables_the_models_declare(
    service: str, database_url: str
) -> None:
    migrations = Path(service_module(service, "__main__").MIGRATIONS)
    upgrade(migrations, database_url)
    upgrade(migrations, database_url)  # a second run is a no-op
    metadata = MetaData()
    for table in service_module(service, "models").TABLES:
        table.to_metadata(metadata)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, metadata)
    finally:
        engine.dispose()
    assert differences == [], f"{service}: migrations and models differ: {differences}"


@pytest.mark.parametrize("service", SERVICES)
def test_service_boots_reports_health_and_refuses_callers_without_a_token(
    service: str, tmp_path: Path, nats_url: str, auth_keys: AuthKeys, redis_url: str
) -> None:
    database_url = f"sqlite:///{tmp_path / 'boot.db'}"
    upgrade(Path(service_module(service, "__main__").MIGRATIONS), database_url)
    settings_class = service_module(service, "settings").Settings
    settings = settings_class(
        database_url=database_url,
        nats_url=nats_url,
        redis_url=redis_url,
        auth_jwks_path=auth_keys.jwks_path,
    )
    app = service_module(service, "app").create_app(settings)
    with TestClient(app) as client:
        assert client.get("/healthz").json() == {"status": "ok"}

        def ready() -> bool:
            return client.get("/readyz").status_code == 200

        from benuo_runtime.testing import wait_until

        wait_until(ready, what=f"{service} ready")
        assert "benuo_http_requests_total" in client.get("/metrics").text
        missing = client.get("/no/such/path")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
