"""The city dashboard: every pillar's KPIs; a pillar that is down is named, not fatal."""

from __future__ import annotations

from fastapi.testclient import TestClient

from benuo_gateway.testing import StubServer


def test_the_dashboard_combines_every_pillar(
    gateway: TestClient, stubs: dict[str, StubServer]
) -> None:
    stubs["economy"].state.kpis = {"price_alerts": [{"commodity": "beras"}]}
    body = gateway.get("/api/v1/dashboard").json()
    assert body["complete"] is True
    assert set(body["pillars"]) == {"governance", "economy", "living"}
    assert body["pillars"]["economy"] == {"price_alerts": [{"commodity": "beras"}]}
    assert body["missing"] == []
    again = gateway.get("/api/v1/dashboard")
    assert again.headers["x-cache"] == "hit"
    assert stubs["economy"].state.calls["dashboard"] == 1


def test_when_one_pillar_is_down_the_others_still_answer(
    gateway: TestClient, stubs: dict[str, StubServer]
) -> None:
    stubs["living"].stop()
    response = gateway.get("/api/v1/dashboard")
    assert response.status_code == 200
    body = response.json()
    assert body["complete"] is False
    assert set(body["pillars"]) == {"governance", "economy"}
    assert [part["pillar"] for part in body["missing"]] == ["living"]
    assert "living" in body["missing"][0]["reason"]
    assert response.headers["cache-control"] == "public, no-cache"
