"""Authorisation matrix: every operation of the merged OpenAPI document, called as every kind
of caller, answers what the policy table says. An operation missing from the table fails.

Today the upstream is the runtime's probe service (a real process); the pillar services'
operations join the table as they land.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi.testclient import TestClient

from benuo_gateway.testing import GatewayKeys
from benuo_runtime.testing import ServiceProcess

ROLES = (
    "anonymous",
    "citizen",
    "citizen_owner",
    "officer_other_pillar",
    "officer_right_pillar",
    "admin",
    "integrator_key",
)


@dataclass(frozen=True)
class Policy:
    """Expected status per role; ``pillar`` is the pillar whose officer is the 'right' one."""

    statuses: dict[str, int]
    pillar: str = "governance"
    body: Callable[[], Any] | None = None
    form: dict[str, str] | None = None


def everyone(status: int, **options: Any) -> Policy:
    return Policy(dict.fromkeys(ROLES, status), **options)


def admins_only(status: int, **options: Any) -> Policy:
    statuses = dict.fromkeys(ROLES, 403)
    statuses.update(anonymous=401, admin=status)
    return Policy(statuses, **options)


def writers(status: int, pillar: str, **options: Any) -> Policy:
    """Any signed-in or anonymous caller may write; a read-only integrator key may not."""
    return Policy({**dict.fromkeys(ROLES, status), "integrator_key": 403}, pillar=pillar, **options)


POLICY: dict[tuple[str, str], Policy] = {
    ("POST", "/api/v1/auth/token"): everyone(
        200, form={"username": "citizen", "password": "benuo-demo"}
    ),
    ("GET", "/api/v1/auth/me"): everyone(200),
    ("GET", "/api/v1/dashboard"): everyone(200),
    ("GET", "/api/v1/api-keys"): admins_only(200),
    ("POST", "/api/v1/api-keys"): admins_only(201, body=lambda: {"name": "matrix"}),
    ("GET", "/api/v1/api-keys/{key_id}"): admins_only(200),
    ("DELETE", "/api/v1/api-keys/{key_id}"): admins_only(204),
    ("GET", "/asyncapi.json"): everyone(200),
    ("GET", "/.well-known/jwks.json"): everyone(200),
    ("POST", "/api/v1/probe/requests"): writers(
        201,
        "probe",
        body=lambda: {"request_id": f"m-{uuid.uuid4().hex[:12]}", "description": "matrix"},
    ),
    ("GET", "/api/v1/probe/requests/{request_id}"): Policy(dict.fromkeys(ROLES, 200), "probe"),
    ("GET", "/api/v1/probe/effects"): Policy(dict.fromkeys(ROLES, 200), "probe"),
}


def _callers(client: TestClient, keys: GatewayKeys, pillar: str) -> dict[str, dict[str, str]]:
    admin = keys.user("admin")
    key = client.post(
        "/api/v1/api-keys", json={"name": "matrix integrator", "scopes": ["*:read"]}, headers=admin
    ).json()["key"]
    other = "economy" if pillar != "economy" else "living"
    return {
        "anonymous": {},
        "citizen": keys.user("citizen", subject="citizen-other"),
        "citizen_owner": keys.user("citizen", subject="citizen-owner"),
        "officer_other_pillar": keys.user("officer", pillars=(other,)),
        "officer_right_pillar": keys.user("officer", pillars=(pillar,)),
        "admin": admin,
        "integrator_key": {"X-API-Key": key},
    }


def _path_values(client: TestClient, keys: GatewayKeys) -> dict[str, str]:
    """Ids of resources that exist, owned by 'citizen_owner' where ownership applies."""
    key_id = client.post("/api/v1/api-keys", json={"name": "target"}, headers=keys.user("admin"))
    request_id = f"owned-{uuid.uuid4().hex[:8]}"
    created = client.post(
        "/api/v1/probe/requests",
        json={"request_id": request_id, "description": "owned"},
        headers=keys.user("citizen", subject="citizen-owner"),
    )
    assert created.status_code == 201, created.text
    return {"key_id": key_id.json()["id"], "request_id": request_id}


def test_every_operation_answers_every_role_as_the_policy_says(
    gateway_with_probe: TestClient, gateway_keys: GatewayKeys
) -> None:
    client = gateway_with_probe
    document = client.get("/openapi.json").json()
    operations = [
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    ]
    unlisted = [op for op in operations if op not in POLICY]
    assert not unlisted, f"operations without a policy entry: {unlisted}"
    values = _path_values(client, gateway_keys)
    mismatches = []
    for method, path in operations:
        policy = POLICY[(method, path)]
        for role, headers in _callers(client, gateway_keys, policy.pillar).items():
            response = client.request(
                method,
                path.format(**values),
                headers=headers,
                json=policy.body() if policy.body else None,
                data=policy.form,
            )
            if response.status_code != policy.statuses[role]:
                mismatches.append((method, path, role, policy.statuses[role], response.status_code))
    assert not mismatches, "\n".join(map(str, mismatches))


def test_a_service_called_directly_without_the_gateways_token_refuses(
    probe: ServiceProcess, gateway_keys: GatewayKeys
) -> None:
    url = f"{probe.url}/api/v1/probe/effects"
    assert httpx.get(url).status_code == 401
    user_token = gateway_keys.user("admin")  # a valid end-user token, but not for services
    assert httpx.get(url, headers=user_token).status_code == 401
    assert httpx.get(url, headers={"Authorization": "Bearer forged"}).status_code == 401
