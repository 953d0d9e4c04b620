"""Two gateway processes sharing one Redis count against the same limits."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from benuo_gateway.testing import GatewayKeys, StubServer, gateway_process


def test_rate_limits_hold_across_two_gateway_processes(
    tmp_path: Path, redis_url: str, gateway_keys: GatewayKeys, stubs: dict[str, StubServer]
) -> None:
    upstreams = {name: stub.url for name, stub in stubs.items()}
    limits = {"read": {"ip": "10/hour"}}  # a window boundary mid-test is then unlikely
    replicas = [
        gateway_process(
            tmp_path, gateway_keys, redis_url=redis_url, upstreams=upstreams, rate_limits=limits
        )
        for _ in range(2)
    ]
    try:
        with ThreadPoolExecutor(2) as pool:  # start-up is mostly imports: overlap them
            list(pool.map(lambda replica: replica.start(), replicas))
        statuses = []
        for attempt in range(16):
            replica = replicas[attempt % 2]
            response = httpx.get(f"{replica.url}/api/v1/economy/facilities")
            statuses.append(response.status_code)
            if response.status_code == 200:
                assert int(response.headers["ratelimit-limit"]) == 10
                assert int(response.headers["ratelimit-remaining"]) == 10 - statuses.count(200)
        assert statuses.count(200) == 10, statuses
        assert statuses[10:] == [429] * 6
        refused = httpx.get(f"{replicas[0].url}/api/v1/living/facilities")
        assert refused.status_code == 429
        assert refused.headers["content-type"] == "application/problem+json"
        assert 1 <= int(refused.headers["retry-after"]) <= 3600
        assert refused.headers["ratelimit-remaining"] == "0"
    finally:
        for replica in replicas:
            replica.stop()
