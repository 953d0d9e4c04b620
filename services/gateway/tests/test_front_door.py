"""What every client meets first: documents, CORS, Open311, access lines with trace ids."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

from benuo_contract import build_asyncapi
from benuo_gateway.local import sign_in_hint
from benuo_gateway.testing import StubServer

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def test_open311_is_served_by_governance(gateway: TestClient, stubs: dict[str, StubServer]) -> None:
    response = gateway.get("/open311/v2/services.json")
    assert response.status_code == 200
    assert response.json()[0]["service_name"] == "governance: roads"
    assert stubs["governance"].state.calls["open311"] == 1


def test_documents_are_served(gateway: TestClient) -> None:
    assert gateway.get("/asyncapi.json").json() == json.loads(json.dumps(build_asyncapi()))
    docs = gateway.get("/docs")
    assert docs.status_code == 200
    assert "/openapi.json" in docs.text
    schemes = gateway.get("/openapi.json").json()["components"]["securitySchemes"]
    assert set(schemes) == {"bearer", "apiKey", "localSignIn"}


def test_browsers_get_cors_headers(gateway: TestClient) -> None:
    origin = {"Origin": "https://app.ppu.example"}
    response = gateway.get("/api/v1/living/facilities", headers=origin)
    assert response.headers["access-control-allow-origin"] == "*"
    assert "ETag" in response.headers["access-control-expose-headers"]
    preflight = gateway.options(
        "/api/v1/governance/reports",
        headers={**origin, "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_access_lines_are_json_with_request_and_trace_ids(
    gateway: TestClient, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="benuo.access")  # as configure_logging sets it
    headers = {"X-Request-ID": "line-1", "traceparent": TRACEPARENT}
    gateway.get("/api/v1/economy/facilities", headers=headers)  # proxied: the edge's span
    gateway.get("/api/v1/economy/facilities", headers={**headers, "X-Request-ID": "line-2"})
    gateway.app.state.gateway.observer.flush()  # type: ignore[attr-defined]
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line]
    by_id = {line["request_id"]: line for line in lines if line.get("logger") == "benuo.access"}
    assert by_id["line-1"]["trace_id"] == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert by_id["line-1"]["cache"] == "miss"
    assert by_id["line-2"]["cache"] == "hit"
    assert by_id["line-2"]["trace_id"] == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert by_id["line-2"]["status"] == 200
    assert by_id["line-2"]["route"] == "/api/v1/economy/*"


def test_the_sign_in_hint_names_the_demo_users_and_the_token_url() -> None:
    hint = sign_in_hint("http://127.0.0.1:8000/")
    assert "http://127.0.0.1:8000/api/v1/auth/token" in hint
    assert "officer.governance" in hint
    assert "citizen" in hint
