"""Staple prices from economy, over real NATS, move the cost-of-living index."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi.testclient import TestClient
from nats.aio.client import Client

from benuo_runtime.testing import wait_until_async
from services.living.tests.events import all_applied, living_events, price, publish, streams_ready

INDEX = "/api/v1/living/cost-index"
UPDATED = "ppu.living.cost_index.updated.v1"
PENAJAM, SEPAKU = "64.09.01", "64.09.04"


def values(client: TestClient) -> dict[str, tuple[float, int, int]]:
    indexes = client.get(INDEX).json()["indexes"]
    return {i["index_id"]: (i["value"], i["basket_cost"], i["priced_commodities"]) for i in indexes}


async def applied(nats_client: Client) -> None:
    await wait_until_async(lambda: all_applied(nats_client, "ECONOMY", "living-cost-index"))


async def announcements(nats_client: Client, count: int) -> list[dict[str, Any]]:
    async def enough() -> list[dict[str, Any]]:
        events = await living_events(nats_client, UPDATED)
        return events if len(events) >= count else []

    return await wait_until_async(enough, what=f"{count} index announcements")


async def test_price_events_move_the_index_to_the_hand_computed_values(
    client: TestClient, nats_client: Client
) -> None:
    """Default basket, base cost Rp 856,100 (see test_cost_index_math); threshold 1 %."""
    js = nats_client.jetstream()
    await streams_ready(client)
    assert client.get(INDEX).json()["base_cost"] == 856_100

    await publish(
        js,
        price("OBS-1", "BERAS-MEDIUM", 14_000),  # Penajam; base 13,100, 20 kg
        price("OBS-2", "CABAI-RAWIT-MERAH", 62_000),  # Penajam; base 57,000, 0.5 kg
        price("OBS-3", "BERAS-MEDIUM", 15_000, market="PASAR-SEPAKU", kecamatan=SEPAKU),
        price("OBS-4", "IKAN-BANDENG", 33_000),  # not in the basket
    )
    await applied(nats_client)
    assert values(client) == {
        # rice (14,000 + 15,000) / 2 = 14,500: +1,400 * 20 = +28,000; chilli +5,000 * 0.5
        # = +2,500; 856,100 + 30,500 = 886,600; 100 * 886,600 / 856,100 = 103.5627
        "regency": (103.56, 886_600, 2),
        # own rice +900 * 20 = +18,000, own chilli +2,500: 876,600 -> 102.3946
        PENAJAM: (102.39, 876_600, 2),
        # own rice +1,900 * 20 = +38,000, chilli from the regency +2,500: 896,600 -> 104.7307
        SEPAKU: (104.73, 896_600, 2),
    }
    # One by one: OBS-1 makes regency and Penajam 102.10 (874,100), both announced first
    # time; OBS-2 moves them 0.28 % (quiet); OBS-3 moves the regency 1.43 % since its last
    # announcement (announced) and makes Sepaku appear (announced).
    events = await announcements(nats_client, 4)
    assert [
        (e["index_id"], e["value"], e.get("previous_value"), e.get("change_pct")) for e in events
    ] == [
        ("regency", 102.10, None, None),
        (PENAJAM, 102.10, None, None),
        ("regency", 103.56, 102.10, 1.43),
        (SEPAKU, 104.73, None, None),
    ]
    assert events[3]["scope"] == "kecamatan"
    assert events[3]["kecamatan_code"] == SEPAKU
    assert events[3]["basket_cost"] == 896_600

    # Sepaku's rice was mistyped; the correction replaces it.
    await publish(
        js,
        price(
            "OBS-5",
            "BERAS-MEDIUM",
            14_400,
            market="PASAR-SEPAKU",
            kecamatan=SEPAKU,
            corrects="OBS-3",
        ),
    )
    await applied(nats_client)
    # regency rice (14,000 + 14,400) / 2 = 14,200: +22,000 + 2,500 -> 880,600 -> 102.86
    # Sepaku rice +1,300 * 20 = +26,000 + 2,500 -> 884,600 -> 103.33
    assert values(client)["regency"] == (102.86, 880_600, 2)
    assert values(client)[SEPAKU] == (103.33, 884_600, 2)
    # Regency: 0.68 % from 103.56, quiet; Sepaku: -1.34 % from 104.73, announced.
    events = await announcements(nats_client, 5)
    assert len(events) == 5
    assert (events[4]["index_id"], events[4]["value"], events[4]["change_pct"]) == (
        SEPAKU,
        103.33,
        -1.34,
    )

    history = client.get(f"{INDEX}/regency/history").json()
    assert [(p["as_of"], p["value"]) for p in history["items"]] == [("2026-11-27", 102.86)]
    dashboard = (await asyncio.to_thread(client.get, "/api/v1/living/dashboard")).json()
    assert dashboard["cost_of_living"][0]["index_id"] == "regency"
    assert dashboard["cost_of_living"][0]["value"] == 102.86
    assert client.get(f"{INDEX}/64.09.99/history").status_code == 404
