"""Routing: the services answer through the gateway, which tells them who is calling."""

from __future__ import annotations

from fastapi.testclient import TestClient

from benuo_gateway.app import create_app
from benuo_gateway.testing import GatewayKeys, StubServer
from benuo_runtime.auth import Role
from benuo_runtime.testing import wait_until


def test_a_proxied_read_carries_the_callers_principal_and_the_request_id(
    gateway: TestClient, stubs: dict[str, StubServer], gateway_keys: GatewayKeys
) -> None:
    headers = {
        **gateway_keys.user("officer", subject="officer-7", pillars=("living",)),
        "X-Request-ID": "req-123",
        "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    }
    response = gateway.get("/api/v1/living/facilities", headers=headers)
    assert response.status_code == 200
    assert response.json() == {"items": [{"id": "F1", "status": "operational"}]}
    assert response.headers["x-request-id"] == "req-123"
    seen = stubs["living"].state
    assert seen.principals[-1].subject == "officer-7"
    assert seen.principals[-1].roles == {Role.OFFICER}
    assert seen.principals[-1].pillars == {"living"}
    upstream_headers = seen.headers[-1]
    assert upstream_headers["x-request-id"] == "req-123"
    assert upstream_headers["traceparent"].split("-")[1] == "0af7651916cd43dd8448eb211c80319c"
    assert upstream_headers["authorization"] != headers["Authorization"]


def test_anonymous_callers_reach_services_as_the_anonymous_principal(
    gateway: TestClient, stubs: dict[str, StubServer]
) -> None:
    response = gateway.get("/api/v1/economy/facilities")
    assert response.status_code == 200
    assert stubs["economy"].state.principals[-1].is_anonymous
    assert response.headers["x-request-id"]


def test_a_service_that_cannot_be_reached_is_a_502_naming_it(
    gateway: TestClient, stubs: dict[str, StubServer]
) -> None:
    stubs["economy"].stop()
    response = gateway.get("/api/v1/economy/facilities")
    assert response.status_code == 502
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["upstream"] == "economy"
    assert "economy" in response.json()["detail"]


def test_a_service_too_slow_to_answer_is_a_504(gateway_settings) -> None:
    with TestClient(create_app(gateway_settings(upstream_timeout_seconds=0.3))) as client:
        response = client.get("/api/v1/living/slow", params={"seconds": 1})
    assert response.status_code == 504
    assert response.json()["upstream"] == "living"
    assert "0.3 s" in response.json()["detail"]


def test_the_breaker_opens_after_repeated_failures_and_answers_503_at_once(
    gateway_settings, stubs: dict[str, StubServer]
) -> None:
    settings = gateway_settings(breaker_failure_threshold=3, breaker_reset_seconds=30)
    with TestClient(create_app(settings)) as client:
        for _ in range(3):
            assert client.get("/api/v1/governance/status/503").status_code == 503
        calls_before = len(stubs["governance"].state.principals)
        refused = client.get("/api/v1/governance/facilities")
        assert refused.status_code == 503
        assert refused.json()["upstream"] == "governance"
        assert 1 <= int(refused.headers["retry-after"]) <= 30
        assert len(stubs["governance"].state.principals) == calls_before
        assert client.get("/api/v1/living/facilities").status_code == 200


def test_unknown_paths_are_problem_documents(gateway: TestClient) -> None:
    response = gateway.get("/api/v1/nowhere/at/all")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_readiness_reports_redis(gateway: TestClient) -> None:
    body = wait_until(lambda: gateway.get("/readyz").json(), what="readyz answers")
    assert body["checks"]["redis"]["ok"] is True
