"""Idempotency-Key: a retried POST returns the first answer and does nothing twice."""

from __future__ import annotations

from fastapi.testclient import TestClient

from benuo_gateway.testing import GatewayKeys, StubServer


def test_a_retried_post_returns_the_first_response_without_a_second_effect(
    gateway: TestClient, gateway_keys: GatewayKeys, stubs: dict[str, StubServer]
) -> None:
    citizen = {**gateway_keys.user("citizen", subject="c-9"), "Idempotency-Key": "report-1"}
    first = gateway.post("/api/v1/governance/reports", json={"what": "pothole"}, headers=citizen)
    again = gateway.post("/api/v1/governance/reports", json={"what": "pothole"}, headers=citizen)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() == {"number": 1, "echo": {"what": "pothole"}}
    assert again.headers["idempotent-replayed"] == "true"
    assert stubs["governance"].state.calls["reports"] == 1

    different = gateway.post("/api/v1/governance/reports", json={"what": "flood"}, headers=citizen)
    assert different.status_code == 422
    other_caller = {**gateway_keys.user("citizen", subject="c-10"), "Idempotency-Key": "report-1"}
    theirs = gateway.post(
        "/api/v1/governance/reports", json={"what": "pothole"}, headers=other_caller
    )
    assert theirs.json()["number"] == 2


def test_posts_without_a_key_run_every_time(
    gateway: TestClient, stubs: dict[str, StubServer]
) -> None:
    for _ in range(2):
        assert gateway.post("/api/v1/governance/reports", json={}).status_code == 201
    assert stubs["governance"].state.calls["reports"] == 2
