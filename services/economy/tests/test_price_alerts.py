"""The early warning over HTTP: events on raise, change and clear; none while nothing changes."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from nats.aio.client import Client

from benuo_runtime.testing import read_stream, wait_until_async

from .helpers import days_ago, market_day, outbox

BATCHES = "/api/v1/economy/observations/batches"
MARKET = "PASAR-INDUK-PENAJAM"
# A week at 50000, a climb, then flat until the trailing average catches up.
GARLIC = [50000] * 7 + [53000, 54000, 57500, 61000] + [61000] * 7


def alert_events(client: TestClient) -> list[tuple[str, str, str | None, str]]:
    """(alert id, raised/cleared, level, previous level) of every alert event, in order."""
    found = []
    for event in outbox(client, "ppu.economy.price.alert"):
        data = event["data"]
        kind = event["type"].split(".")[3].removeprefix("alert_")
        found.append((data["alert_id"], kind, data.get("level"), data["previous_level"]))
    return found


def record_days(
    client: TestClient,
    officer: dict[str, str],
    commodity: str,
    prices: list[int],
    *,
    first_day_ago: int | None = None,
) -> list[dict]:
    """Record one price a day, one market day at a time; the last one today by default."""
    start = len(prices) - 1 if first_day_ago is None else first_day_ago
    answers = []
    for n, price in enumerate(prices):
        day = market_day(MARKET, days_ago(start - n), {commodity: price})
        response = client.post(BATCHES, json=day, headers=officer)
        assert response.status_code == 201, response.text
        answers.append(response.json())
    return answers


async def test_a_level_going_up_and_down_emits_one_event_per_change_for_market_and_regency(
    economy: TestClient, officer: dict[str, str], public: dict[str, str], nats_client: Client
) -> None:
    answers = record_days(economy, officer, "BAWANG-PUTIH", GARLIC[:11], first_day_ago=17)
    at_siaga = economy.get("/api/v1/economy/alerts", headers=public).json()
    assert [(a["scope"], a["level"], a["alert_since"]) for a in at_siaga] == [
        ("market", "siaga", days_ago(10).isoformat()),
        ("regency", "siaga", days_ago(10).isoformat()),
    ]
    assert at_siaga[0]["change_vs_window_avg_pct"] == 17.15
    dashboard = economy.get("/api/v1/economy/dashboard", headers=public).json()
    assert dashboard["prices"]["alerts_by_level"]["siaga"] == 2

    answers += record_days(economy, officer, "BAWANG-PUTIH", GARLIC[11:], first_day_ago=6)
    market_id = f"ALR-BAWANG-PUTIH-{MARKET}"
    regency_id = "ALR-BAWANG-PUTIH-REGENCY"
    expected = [
        ("raised", "rising", "normal"),
        ("raised", "siaga", "rising"),
        ("raised", "waspada", "siaga"),
        ("raised", "rising", "waspada"),
        ("cleared", None, "rising"),
    ]
    events = alert_events(economy)
    assert [e[1:] for e in events if e[0] == market_id] == expected
    assert [e[1:] for e in events if e[0] == regency_id] == expected
    # Days that changed nothing answered without alert changes, and emitted nothing.
    quiet = [n for n, answer in enumerate(answers) if not answer["alert_changes"]]
    assert quiet == [0, 1, 2, 3, 4, 5, 6, 8, 10, 11, 15, 16, 17]

    raised = next(e for e in outbox(economy, "ppu.economy.price.alert_raised"))["data"]
    assert raised["scope"] == "market"
    assert raised["kecamatan_code"] == "64.09.01"
    assert (raised["change_vs_previous_pct"], raised["change_vs_7d_avg_pct"]) == (6.0, 6.0)
    assert raised["reference_price"] is None  # garlic has no HET/HAP
    assert raised["above_reference"] is False

    assert economy.get("/api/v1/economy/alerts", headers=public).json() == []
    history = economy.get("/api/v1/economy/alerts/history", headers=public).json()
    assert history["total"] == 10
    assert history["items"][0]["transition"] == "cleared"

    # The relay publishes every one of those events to JetStream, once.
    written = outbox(economy)

    async def all_published() -> list:
        messages = await read_stream(nats_client.jetstream(), "ECONOMY")
        return messages if len(messages) >= len(written) else []

    messages = await wait_until_async(all_published, what="the economy events in JetStream")
    assert sorted(json.loads(m.data)["id"] for m in messages) == sorted(e["id"] for e in written)


def test_a_price_above_the_reference_raises_an_alert_until_it_falls_back(
    economy: TestClient, officer: dict[str, str], public: dict[str, str]
) -> None:
    record_days(economy, officer, "CABAI-RAWIT-MERAH", [58000, 56000])
    events = [e for e in alert_events(economy) if e[0].endswith(MARKET)]
    assert events == [
        (f"ALR-CABAI-RAWIT-MERAH-{MARKET}", "raised", "normal", "normal"),
        (f"ALR-CABAI-RAWIT-MERAH-{MARKET}", "cleared", None, "normal"),
    ]
    raised = outbox(economy, "ppu.economy.price.alert_raised")[0]["data"]
    assert (raised["above_reference"], raised["reference_price"]) == (True, 57000)


def test_correcting_a_typo_clears_the_alert_it_raised(
    economy: TestClient, officer: dict[str, str], public: dict[str, str]
) -> None:
    answers = record_days(economy, officer, "GULA-PASIR", [17000] * 7 + [27000])
    typo = answers[-1]["observations"][0]["observation_id"]
    assert [c["level"] for c in answers[-1]["alert_changes"]] == ["awas", "awas"]

    corrected = economy.post(
        f"/api/v1/economy/observations/{typo}/corrections",
        json={"price": 17200, "reason": "salah ketik"},
        headers=officer,
    )
    assert corrected.status_code == 201, corrected.text
    assert [(c["transition"], c["previous_level"]) for c in corrected.json()["alert_changes"]] == [
        ("cleared", "awas"),
        ("cleared", "awas"),
    ]
    assert economy.get("/api/v1/economy/alerts", headers=public).json() == []
    assert [e[1] for e in alert_events(economy)] == ["raised", "raised", "cleared", "cleared"]
