"""Caching public reads: ETags, invalidation by event, and life without Redis."""

from __future__ import annotations

import time
from pathlib import Path

import nats
from fastapi.testclient import TestClient

from benuo_contract import CONTENT_TYPE, new_event, type_of
from benuo_contract.events.living import FacilityStatusChangedV1
from benuo_gateway.app import create_app
from benuo_gateway.testing import GatewayKeys, StubServer
from benuo_runtime.embedded import free_port, redis_server
from benuo_runtime.testing import wait_until

FACILITIES = "/api/v1/living/facilities"


def test_public_reads_are_cached_with_an_etag_and_revalidate_to_304(
    gateway: TestClient, stubs: dict[str, StubServer]
) -> None:
    first = gateway.get(FACILITIES)
    assert first.headers["x-cache"] == "miss"
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, no-cache"
    second = gateway.get(FACILITIES)
    assert second.headers["x-cache"] == "hit"
    assert second.json() == first.json()
    assert second.headers["etag"] == etag
    revalidated = gateway.get(FACILITIES, headers={"If-None-Match": etag})
    assert revalidated.status_code == 304
    assert revalidated.content == b""
    assert revalidated.headers["etag"] == etag
    assert gateway.get(FACILITIES, headers={"If-None-Match": '"other"'}).status_code == 200
    assert stubs["living"].state.calls["facilities"] == 1


def test_signed_in_and_private_reads_are_not_cached(
    gateway: TestClient, stubs: dict[str, StubServer], gateway_keys: GatewayKeys
) -> None:
    officer = gateway_keys.user("officer", pillars=("living",))
    for _ in range(2):
        signed_in = gateway.get(FACILITIES, headers=officer)
        assert "x-cache" not in signed_in.headers
        assert gateway.get("/api/v1/living/private").status_code == 200
    assert stubs["living"].state.calls == {"facilities": 2, "private": 2}
    etag = signed_in.headers["etag"]
    assert gateway.get(FACILITIES, headers={**officer, "If-None-Match": etag}).status_code == 304


def _status_changed() -> tuple[bytes, dict[str, str]]:
    """A facility event as a service's relay publishes it (body and headers)."""
    event = new_event(type_of(FacilityStatusChangedV1).example)
    return event.to_json(), {"Nats-Msg-Id": str(event.id), "Content-Type": CONTENT_TYPE}


async def test_a_facility_event_invalidates_facility_lists_within_a_second(
    gateway_settings, stubs: dict[str, StubServer], nats_url: str
) -> None:
    settings = gateway_settings(nats_url=nats_url)
    client = await nats.connect(nats_url)
    try:
        with TestClient(create_app(settings)) as gateway:
            wait_until(
                lambda: gateway.get("/readyz").json().get("status") == "ready",
                what="gateway ready and listening to events",
            )
            gateway.get(FACILITIES)
            assert gateway.get(FACILITIES).headers["x-cache"] == "hit"
            stubs["living"].state.facilities = [{"id": "F1", "status": "out_of_service"}]
            assert gateway.get(FACILITIES).json()["items"][0]["status"] == "operational"
            body, headers = _status_changed()
            await client.publish("ppu.living.facility.status_changed", body, headers=headers)
            await client.flush()
            published = time.monotonic()
            wait_until(
                lambda: gateway.get(FACILITIES).json()["items"][0]["status"] == "out_of_service",
                timeout=1.0,
                interval=0.02,
                what="the facility list to show the new status",
            )
            assert time.monotonic() - published < 1.0
    finally:
        await client.close()


def test_without_redis_the_gateway_keeps_serving_with_per_process_limits(
    gateway_settings, stubs: dict[str, StubServer], tmp_path: Path, nats_url: str
) -> None:
    port = free_port()
    redis = redis_server(port, tmp_path / "redis").start()
    limits = {"read": {"ip": "5/hour"}}  # a window boundary mid-test is then unlikely
    settings = gateway_settings(
        redis_url=f"redis://127.0.0.1:{port}/0", rate_limits=limits, nats_url=nats_url
    )
    try:
        with TestClient(create_app(settings)) as gateway:
            assert gateway.get(FACILITIES).headers["x-cache"] == "miss"
            redis.stop()
            served = gateway.get(FACILITIES)
            assert served.status_code == 200
            assert served.headers["x-cache"] == "hit"
            assert gateway.get("/api/v1/economy/facilities").status_code == 200
            readiness = wait_until(
                lambda: (
                    gateway.get("/readyz").json().get("status") == "degraded"
                    and gateway.get("/readyz").json()
                ),
                what="readiness to say degraded",
            )
            assert readiness["checks"]["redis"]["ok"] is False
            assert readiness["checks"]["nats"]["ok"] is True
            statuses = [gateway.get(FACILITIES).status_code for _ in range(5)]
            assert statuses.count(429) >= 2, statuses
            limited = gateway.get(FACILITIES)
            assert limited.status_code == 429
            assert int(limited.headers["retry-after"]) >= 1
    finally:
        redis.stop()
