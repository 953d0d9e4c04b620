"""API keys: created by admins, shown once, kept hashed, scoped, expiring, revocable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import text

from benuo_gateway.__main__ import MIGRATIONS
from benuo_gateway.app import create_app
from benuo_gateway.testing import GatewayKeys, StubServer
from benuo_runtime.db import make_engine
from benuo_runtime.migrations import upgrade


def test_api_key_lifecycle(
    gateway_settings, database_url: str, gateway_keys: GatewayKeys, stubs: dict[str, StubServer]
) -> None:
    upgrade(MIGRATIONS, database_url)
    admin = gateway_keys.user("admin")
    with TestClient(
        create_app(gateway_settings(database_url=database_url, api_key_cache_seconds=60))
    ) as client:
        refused = client.post(
            "/api/v1/api-keys", json={"name": "x"}, headers=gateway_keys.user("officer")
        )
        assert refused.status_code == 403
        created = client.post(
            "/api/v1/api-keys",
            json={"name": "IKN dashboard", "scopes": ["living:read"]},
            headers=admin,
        )
        assert created.status_code == 201, created.text
        secret, key_id = created.json()["key"], created.json()["id"]

        listed = client.get("/api/v1/api-keys", headers=admin).json()
        assert [k["id"] for k in listed] == [key_id]
        assert "key" not in listed[0]
        engine = make_engine(database_url)
        with engine.connect() as connection:
            stored = connection.execute(
                text("SELECT secret_hash FROM gateway_api_key")
            ).scalar_one()
        engine.dispose()
        assert secret not in stored
        assert len(stored) == 64

        as_key = {"X-API-Key": secret}
        assert client.get("/api/v1/living/facilities", headers=as_key).status_code == 200
        seen = stubs["living"].state.principals[-1]
        assert seen.subject == f"apikey:{key_id}"
        assert seen.has_role("integrator")
        bearer = client.get(
            "/api/v1/living/facilities", headers={"Authorization": f"Bearer {secret}"}
        )
        assert bearer.status_code == 200
        out_of_scope = client.get("/api/v1/economy/facilities", headers=as_key)
        assert out_of_scope.status_code == 403
        assert "economy:read" in out_of_scope.json()["detail"]
        write = client.post("/api/v1/living/reports", json={}, headers=as_key)
        assert write.status_code == 403

        assert client.delete(f"/api/v1/api-keys/{key_id}", headers=admin).status_code == 204
        revoked = client.get("/api/v1/living/facilities", headers=as_key)
        assert revoked.status_code == 401
        assert "revoked" in revoked.json()["detail"]
        assert (
            client.get("/api/v1/living/facilities", headers={"X-API-Key": "bnk_nope"}).status_code
            == 401
        )


def test_an_expired_key_is_refused(gateway: TestClient, gateway_keys: GatewayKeys) -> None:
    admin = gateway_keys.user("admin")
    soon = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
    created = gateway.post(
        "/api/v1/api-keys", json={"name": "short", "expires_at": soon}, headers=admin
    ).json()
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    invalid = gateway.post(
        "/api/v1/api-keys", json={"name": "past", "expires_at": past}, headers=admin
    )
    assert invalid.status_code == 422
    from benuo_runtime.testing import wait_until

    wait_until(
        lambda: (
            gateway.get(
                "/api/v1/living/facilities", headers={"X-API-Key": created["key"]}
            ).status_code
            == 401
        ),
        timeout=5,
        what="the key expires",
    )
