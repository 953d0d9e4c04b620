"""Authentication: local sign-in, OIDC tokens via a JWKS URL, and what is refused."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from benuo_gateway.app import create_app
from benuo_gateway.testing import GatewayKeys, StubServer
from benuo_governance.reference.catalogue import AGENCIES
from benuo_runtime.auth import Principal, Role, TokenIssuer


def test_demo_users_sign_in_locally_and_services_see_their_roles(
    gateway: TestClient, stubs: dict[str, StubServer]
) -> None:
    token = gateway.post(
        "/api/v1/auth/token", data={"username": "officer.living", "password": "benuo-demo"}
    )
    assert token.status_code == 200, token.text
    bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
    me = gateway.get("/api/v1/auth/me", headers=bearer).json()
    assert me["roles"] == ["officer"]
    assert me["pillars"] == ["living"]
    assert gateway.get("/api/v1/living/facilities", headers=bearer).status_code == 200
    assert stubs["living"].state.principals[-1].is_officer_of("living")


def test_the_demo_governance_officer_acts_for_every_agency_governance_seeds(
    gateway: TestClient,
) -> None:
    token = gateway.post(
        "/api/v1/auth/token", data={"username": "officer.governance", "password": "benuo-demo"}
    ).json()["access_token"]
    me = gateway.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["agencies"] == sorted(code for code, _ in AGENCIES)
    assert "DPMPTSP" in me["agencies"]  # so the demo officer can decide permits too


def test_a_wrong_password_is_refused(gateway: TestClient) -> None:
    response = gateway.post("/api/v1/auth/token", data={"username": "admin", "password": "x"})
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_local_sign_in_is_off_in_production(gateway_settings) -> None:
    settings = gateway_settings(environment="production")
    assert settings.local_auth_enabled is False
    with TestClient(create_app(settings)) as client:
        response = client.post(
            "/api/v1/auth/token", data={"username": "admin", "password": "benuo-demo"}
        )
        assert response.status_code == 404


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(jwt.utils.base64url_decode(payload))
    claims["roles"] = ["admin"]
    forged = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    return f"{header}.{forged}.{signature}"


@pytest.mark.parametrize(
    "case", ["tampered", "expired", "wrong audience", "internal token", "garbage"]
)
def test_bad_tokens_are_401_and_never_reach_a_service(
    case: str, gateway: TestClient, gateway_keys: GatewayKeys, stubs: dict[str, StubServer]
) -> None:
    pem = gateway_keys.pem_path.read_bytes()
    citizen = Principal(subject="c-1", roles=frozenset({Role.CITIZEN}))
    token = {
        "tampered": _tamper(gateway_keys.user_token("citizen")),
        "expired": gateway_keys.users.mint(citizen, ttl_seconds=-120),
        "wrong audience": TokenIssuer(pem, issuer="benuo-local", audience="elsewhere").mint(
            citizen
        ),
        "internal token": TokenIssuer(pem, issuer="benuo-gateway", audience="benuo-services").mint(
            citizen
        ),
        "garbage": "not-a-jwt",
    }[case]
    response = gateway.get(
        "/api/v1/living/facilities", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "www-authenticate" in response.headers
    assert stubs["living"].state.principals == []


class _Jwks(BaseHTTPRequestHandler):
    document: bytes = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(self.document)

    def log_message(self, *_: Any) -> None:
        return


@pytest.fixture
def oidc_provider() -> Iterator[tuple[str, Any]]:
    """A JWKS endpoint like Keycloak's, and its RSA signing key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": "kc-1", "use": "sig", "alg": "RS256"})
    handler = type("Jwks", (_Jwks,), {"document": json.dumps({"keys": [jwk]}).encode()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/certs", key
    server.shutdown()


def test_oidc_tokens_are_verified_against_the_providers_jwks_and_roles_mapped(
    gateway_settings, oidc_provider: tuple[str, Any], stubs: dict[str, StubServer]
) -> None:
    jwks_url, key = oidc_provider
    issuer = "https://sso.ppu.example/realms/benuo"
    settings = gateway_settings(
        oidc_issuer=issuer, oidc_audience="benuo-api", oidc_jwks_url=jwks_url
    )
    now = int(time.time())
    claims = {
        "iss": issuer,
        "aud": "benuo-api",
        "sub": "kc-user-42",
        "iat": now,
        "exp": now + 300,
        "realm_access": {"roles": ["officer:governance", "offline_access"]},
        "agencies": ["DPMPTSP"],
    }
    token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": "kc-1"})
    wrong_audience = jwt.encode(
        {**claims, "aud": "account"}, key, algorithm="RS256", headers={"kid": "kc-1"}
    )
    with TestClient(create_app(settings)) as client:
        ok = client.get(
            "/api/v1/governance/facilities", headers={"Authorization": f"Bearer {token}"}
        )
        assert ok.status_code == 200, ok.text
        seen = stubs["governance"].state.principals[-1]
        assert seen.subject == "kc-user-42"
        assert seen.is_officer_of("governance")
        assert seen.agencies == {"DPMPTSP"}
        refused = client.get(
            "/api/v1/governance/facilities", headers={"Authorization": f"Bearer {wrong_audience}"}
        )
        assert refused.status_code == 401


def test_the_public_signing_keys_are_served_for_the_services(
    gateway: TestClient, gateway_keys: GatewayKeys
) -> None:
    served = gateway.get("/.well-known/jwks.json").json()
    assert served["keys"] == json.loads(gateway_keys.jwks_path.read_text())["keys"]
