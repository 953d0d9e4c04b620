"""Approved permits become businesses, over a real NATS: once, updated when newer, never stale."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from nats.aio.client import Client

from benuo_contract import new_event
from benuo_runtime.messaging.dlq import list_dead_letters
from benuo_runtime.testing import ServiceProcess, read_stream, wait_until, wait_until_async
from benuo_runtime.testing.plugin import AuthKeys

from .helpers import outbox
from .permits import DURABLE, approval, provision, publish, wait_consumed

BUSINESSES = "/api/v1/economy/businesses"


def registry(client: TestClient | httpx.Client, headers: dict[str, str]) -> list[dict]:
    response = client.get(BUSINESSES, params={"limit": 200}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_the_same_approval_twice_is_one_business_and_a_newer_one_updates_it(
    economy: TestClient, nats_client: Client, public: dict[str, str]
) -> None:
    js = nats_client.jetstream()
    runtime = economy.app.state.runtime
    await wait_until_async(lambda: _set(runtime.streams_ready), what="streams provisioned")
    first = new_event(approval(version=3))
    await publish(js, first)
    await publish(js, first, replay=True)  # delivered again: same event id
    await wait_consumed(js, await publish(js, approval(version=3)))  # same approval, new id

    [business] = registry(economy, public)
    assert business["permit_application_id"] == "PRM-2026-000045"
    assert (business["origin"], business["version"], business["status"]) == ("permit", 1, "active")
    assert business["registered_on"] == "2026-11-04"  # the WITA date of the approval
    assert business["sector"] == "I Penyediaan Akomodasi dan Penyediaan Makan Minum"

    newer = approval(version=5, business_name="Rumah Makan Benuo Taka", kbli_code="56102")
    await publish(js, newer)
    stale = approval(version=4, business_name="Nama Lama")
    await wait_consumed(js, await publish(js, stale))

    [business] = registry(economy, public)
    assert (business["name"], business["kbli_code"], business["version"]) == (
        "Rumah Makan Benuo Taka",
        "56102",
        2,
    )
    events = [(e["type"], e["data"]["version"]) for e in outbox(economy, "ppu.economy.business")]
    assert events == [
        ("ppu.economy.business.registered.v1", 1),
        ("ppu.economy.business.updated.v1", 2),
    ]


async def test_an_unknown_kbli_is_registered_and_a_place_outside_ppu_is_dead_lettered(
    economy: TestClient, nats_client: Client, public: dict[str, str]
) -> None:
    js = nats_client.jetstream()
    await wait_until_async(lambda: _set(economy.app.state.runtime.streams_ready), what="streams")
    await publish(js, approval("PRM-2026-000101", kbli_code="47999"))  # not on file, division 47
    await publish(js, approval("PRM-2026-000102", kbli_code="00042"))  # no such division
    await publish(js, approval("PRM-2026-000103", desa_code="64.09.01.9999"))
    await wait_consumed(js, await publish(js, approval("PRM-2026-000104")))

    found = {b["permit_application_id"]: b for b in registry(economy, public)}
    assert sorted(found) == ["PRM-2026-000101", "PRM-2026-000102", "PRM-2026-000104"]
    assert (found["PRM-2026-000101"]["sector_code"], found["PRM-2026-000101"]["kbli_title"]) == (
        "G",
        None,
    )
    assert (found["PRM-2026-000102"]["sector_code"], found["PRM-2026-000102"]["sector"]) == (
        None,
        "unknown",
    )
    [letter] = await list_dead_letters(js, consumer=DURABLE)
    assert "PRM-2026-000103" in letter.error
    assert "64.09.01.9999" in letter.error


async def _set(event) -> bool:
    return event.is_set()


@pytest.fixture
def economy_process(economy_env: dict[str, str], tmp_path: Path) -> ServiceProcess:
    process = ServiceProcess("benuo_economy", economy_env, log_path=tmp_path / "economy.log")
    yield process
    process.stop()


async def test_an_approval_published_while_economy_is_down_is_registered_once_it_runs(
    nats_client: Client, economy_process: ServiceProcess, auth_keys: AuthKeys
) -> None:
    js = nats_client.jetstream()
    await provision(js)
    event = new_event(approval("PRM-2026-000200"))
    await publish(js, event)  # nobody is consuming yet

    economy_process.start()
    public = auth_keys.headers()
    with httpx.Client(base_url=economy_process.url) as client:
        wait_until(lambda: registry(client, public), timeout=30, what="the business registered")
        await wait_consumed(js, await publish(js, event, replay=True))  # and once more
        [business] = registry(client, public)
    assert business["permit_application_id"] == "PRM-2026-000200"

    economy_process.stop()  # a clean stop flushes the outbox
    messages = await read_stream(js, "ECONOMY", "ppu.economy.business.registered")
    assert [json.loads(m.data)["data"]["business_id"] for m in messages] == [
        business["business_id"]
    ]
