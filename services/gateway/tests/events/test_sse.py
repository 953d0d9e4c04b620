"""SSE over a real HTTP connection: resume without gaps, replay from a time, permissions."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
from nats.aio.client import Client

from benuo_runtime.testing import wait_until_async
from benuo_runtime.testing.plugin import AuthKeys

from .harness import Served, example, price_recorded, publish, request_changed, sse_messages, take

FILTERS = "ppu.governance.request.>,ppu.economy.>"


async def test_a_client_that_reconnects_with_last_event_id_misses_nothing(
    sse_gateway: Served, nats_client: Client, auth_keys: AuthKeys
) -> None:
    js = nats_client.jetstream()
    headers = auth_keys.headers("citizen")
    url = f"{sse_gateway.url}/api/v1/events"
    params = {"subjects": FILTERS}
    published: list[str] = []

    async def publish_batch(prefix: str) -> None:
        for number in range(3):
            published.append(str((await publish(js, request_changed(f"{prefix}-{number}", 1))).id))
            published.append(str((await publish(js, price_recorded(f"{prefix}-{number}"))).id))
        # Outside the filters: must never arrive.
        await publish(js, example("ppu.governance.permit.submitted.v1"))
        await publish(js, example("ppu.living.facility.status_changed.v1"))

    async with httpx.AsyncClient(timeout=10) as client:
        # 1. Connect and drop before any event: the opening id alone is the resume point.
        async with client.stream("GET", url, params=params, headers=headers) as response:
            assert response.status_code == 200, await response.aread()
            assert response.headers["content-type"].startswith("text/event-stream")
            messages = sse_messages(response)
            opening = await anext(messages)
            assert opening.data is None
            assert opening.id is not None
            assert set(dict(p.split(":") for p in opening.id.split(","))) == {
                "ECONOMY",
                "GOVERNANCE",
            }
        await publish_batch("A")

        # 2. Resume from it, then drop halfway through a live batch.
        resume = {**headers, "Last-Event-ID": opening.id}
        async with client.stream("GET", url, params=params, headers=resume) as response:
            messages = sse_messages(response)
            received = await take(messages, 6)
            await publish_batch("B")
            received += await take(messages, 2)
        last_id = received[-1].id
        assert last_id is not None
        await publish_batch("C")

        # 3. Resume from the last event seen: exactly the rest arrives.
        resume = {**headers, "Last-Event-ID": last_id}
        async with client.stream("GET", url, params=params, headers=resume) as response:
            messages = sse_messages(response)
            received += await take(messages, 10)
            keepalive = await anext(messages)  # nothing more is coming: only keep-alives
            assert keepalive.comment == "keep-alive"

    ids = [message.event["id"] for message in received]
    assert len(ids) == len(set(ids)) == 18
    assert sorted(ids) == sorted(published)
    # Within each stream (so for each subject), the order of publication holds.
    for source in ("/ppu/governance", "/ppu/economy"):
        in_stream = [m.event["id"] for m in received if m.event["source"] == source]
        assert in_stream == [i for i in published if i in in_stream]


async def test_since_replays_from_a_point_in_time_and_last_event_id_wins_over_it(
    sse_gateway: Served, nats_client: Client, auth_keys: AuthKeys
) -> None:
    js = nats_client.jetstream()
    for number in range(3):
        await publish(js, request_changed(f"OLD-{number}", 1))
    since = datetime.now(UTC)
    newer = [str((await publish(js, request_changed(f"NEW-{n}", 1))).id) for n in range(4)]
    url = f"{sse_gateway.url}/api/v1/events"
    params = {"subjects": "ppu.governance.>", "since": since.isoformat()}
    headers = auth_keys.headers("integrator")
    async with httpx.AsyncClient(timeout=10) as client:
        async with client.stream("GET", url, params=params, headers=headers) as response:
            received = await take(sse_messages(response), 4)
        assert [m.event["id"] for m in received] == newer

        resume = {**headers, "Last-Event-ID": received[1].id}
        async with client.stream("GET", url, params=params, headers=resume) as response:
            rest = await take(sse_messages(response), 2)
        assert [m.event["id"] for m in rest] == newer[2:]


async def test_callers_read_only_what_they_may_and_bad_input_gets_a_problem(
    sse_gateway: Served, auth_keys: AuthKeys
) -> None:
    url = f"{sse_gateway.url}/api/v1/events"
    economy_only = auth_keys.headers("integrator", scopes=("events:economy",))

    async def opening_streams(headers: dict[str, str], subjects: str | None = None) -> set[str]:
        params = {"subjects": subjects} if subjects else {}
        async with client.stream("GET", url, params=params, headers=headers) as response:
            assert response.status_code == 200
            opening = await anext(sse_messages(response))
        assert opening.id is not None
        return {entry.split(":")[0] for entry in opening.id.split(",")}

    async with httpx.AsyncClient(timeout=10) as client:
        for headers in ({}, auth_keys.headers()):  # no token, the anonymous public
            refused = await client.get(url, headers=headers)
            assert refused.status_code == 401
            assert refused.headers["content-type"] == "application/problem+json"
        everything = {"ECONOMY", "GOVERNANCE", "LIVING", "PLATFORM"}
        assert await opening_streams(auth_keys.headers("citizen")) == everything
        assert (
            await opening_streams(auth_keys.headers("officer", pillars=("living",))) == everything
        )
        assert await opening_streams(economy_only) == {"ECONOMY"}
        assert await opening_streams(economy_only, "ppu.*.price.>") == {"ECONOMY"}

        forbidden = await client.get(
            url, params={"subjects": "ppu.governance.>"}, headers=economy_only
        )
        assert forbidden.status_code == 403
        assert "governance" in forbidden.json()["detail"]

        citizen = auth_keys.headers("citizen")
        for subjects in (
            "foo.>",
            "ppu.nowhere.>",
            "ppu.governance",
            "ppu.>.x",
            "ppu.governance.*.created,ppu.governance.request.*",
        ):
            bad = await client.get(url, params={"subjects": subjects}, headers=citizen)
            assert bad.status_code == 422, subjects
            assert bad.json()["errors"][0]["field"] == "query.subjects"
        bad_id = await client.get(url, headers={**citizen, "Last-Event-ID": "nonsense"})
        assert bad_id.status_code == 422
        assert bad_id.json()["errors"][0]["field"] == "header.Last-Event-ID"
        future = await client.get(url, params={"since": "2999-01-01T00:00:00Z"}, headers=citizen)
        assert future.status_code == 422
        assert future.json()["errors"][0]["field"] == "query.since"


async def test_a_replica_serving_its_maximum_of_streams_asks_for_a_retry_elsewhere(
    serve: Callable[..., Served], tmp_path: Path, auth_keys: AuthKeys
) -> None:
    gateway = serve(f"sqlite:///{tmp_path / 'gateway.db'}", sse_max_connections=1)
    url = f"{gateway.url}/api/v1/events"
    headers = auth_keys.headers("citizen")
    params = {"subjects": "ppu.living.>"}
    # Bodies of event streams are never read to their end here: they have none.
    async with httpx.AsyncClient(timeout=10) as client, asyncio.timeout(30):
        async with client.stream("GET", url, params=params, headers=headers) as first:
            assert first.status_code == 200
            messages = sse_messages(first)
            await anext(messages)
            async with client.stream("GET", url, params=params, headers=headers) as busy:
                assert busy.status_code == 503
                assert busy.headers["retry-after"] == "2"
            assert (await anext(messages)).comment == "keep-alive"  # the first is still served

        async def served_again() -> bool:
            async with client.stream("GET", url, params=params, headers=headers) as response:
                return response.status_code == 200

        await wait_until_async(served_again, what="the slot freed")
