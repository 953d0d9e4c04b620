"""Recording prices over HTTP: whole market days, plausibility, corrections, history."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import select

from benuo_economy.models import PriceObservation, PriceWatch

from .helpers import days_ago, market_day, outbox

BASKET = {
    "BERAS-MEDIUM": 13000,
    "BERAS-PREMIUM": 15000,
    "BAWANG-MERAH": 38000,
    "BAWANG-PUTIH": 35000,
    "CABAI-MERAH-BESAR": 45000,
    "CABAI-MERAH-KERITING": 48000,
    "CABAI-RAWIT-MERAH": 55000,
    "CABAI-RAWIT-HIJAU": 42000,
    "DAGING-SAPI": 135000,
    "DAGING-AYAM-RAS": 38000,
    "TELUR-AYAM-RAS": 28000,
    "GULA-PASIR": 17500,
}
BATCHES = "/api/v1/economy/observations/batches"


def count(client: TestClient, model: type) -> int:
    with client.app.state.runtime.sessions() as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_a_batch_with_one_bad_row_is_refused_whole_naming_the_row(
    economy: TestClient, officer: dict[str, str]
) -> None:
    day = market_day("PASAR-INDUK-PENAJAM", days_ago(1), BASKET)
    day["prices"][7]["price"] = -42000

    refused = economy.post(BATCHES, json=day, headers=officer)

    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    body = refused.json()
    assert body["type"].endswith("/invalid-prices")
    assert "row" in body["detail"]
    assert "7" in body["detail"]
    assert [(e["row"], e["field"], e["code"]) for e in body["errors"]] == [
        (7, "price", "not-positive")
    ]
    assert count(economy, PriceObservation) == 0
    assert count(economy, PriceWatch) == 0
    assert outbox(economy) == []

    day["prices"][7]["price"] = 42000
    accepted = economy.post(BATCHES, json=day, headers=officer)
    assert accepted.status_code == 201, accepted.text
    assert count(economy, PriceObservation) == 12
    recorded = outbox(economy, "ppu.economy.price.recorded")
    assert len(recorded) == 12
    first = recorded[0]["data"]
    assert first["market_code"] == "PASAR-INDUK-PENAJAM"
    assert first["kecamatan_code"] == "64.09.01"
    assert first["unit"] == "kg"
    assert first["corrects"] is None  # a first observation corrects nothing


def test_several_bad_rows_are_all_reported_at_once_and_nothing_is_written(
    economy: TestClient, officer: dict[str, str]
) -> None:
    day = {
        "market_code": "PASAR-WARU",
        "observed_on": days_ago(0).isoformat(),
        "prices": [
            {"commodity_code": "BERAS-MEDIUM", "price": 13000},
            {"commodity_code": "KOPI-BUBUK", "price": 90000},
            {"commodity_code": "TELUR-AYAM-RAS", "price": 28000, "unit": "butir"},
            {"commodity_code": "BERAS-MEDIUM", "price": 13100},
        ],
    }
    refused = economy.post(BATCHES, json=day, headers=officer)
    assert refused.status_code == 422
    assert [(e["row"], e["field"], e["code"]) for e in refused.json()["errors"]] == [
        (1, "commodity_code", "unknown-commodity"),
        (2, "unit", "wrong-unit"),
        (3, "commodity_code", "duplicate-row"),
    ]
    assert count(economy, PriceObservation) == 0

    typed_wrong = {**day, "prices": [{"commodity_code": "BERAS-MEDIUM", "price": "murah"}]}
    refused = economy.post(BATCHES, json=typed_wrong, headers=officer)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.prices.0.price"

    unknown_market = {**day, "market_code": "PASAR-ATLANTIS", "prices": day["prices"][:1]}
    refused = economy.post(BATCHES, json=unknown_market, headers=officer)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "market_code"

    tomorrow = {**day, "observed_on": days_ago(-1).isoformat(), "prices": day["prices"][:1]}
    refused = economy.post(BATCHES, json=tomorrow, headers=officer)
    assert refused.json()["errors"][0]["code"] == "future-date"
    assert count(economy, PriceObservation) == 0


def test_a_price_five_times_the_last_needs_a_confirmation(
    economy: TestClient, officer: dict[str, str]
) -> None:
    market = "PASAR-SEPAKU"
    first = market_day(market, days_ago(2), {"CABAI-RAWIT-MERAH": 60000})
    assert economy.post(BATCHES, json=first, headers=officer).status_code == 201

    spike = market_day(market, days_ago(1), {"CABAI-RAWIT-MERAH": 300000})
    refused = economy.post(BATCHES, json=spike, headers=officer)
    assert refused.status_code == 422
    [error] = refused.json()["errors"]
    assert (error["row"], error["field"], error["code"]) == (0, "price", "implausible-price")

    confirmed = market_day(
        market, days_ago(1), {"CABAI-RAWIT-MERAH": 300000}, confirm_implausible=True
    )
    accepted = economy.post(BATCHES, json=confirmed, headers=officer)
    assert accepted.status_code == 201
    assert accepted.json()["observations"][0]["confirmed_implausible"] is True


def test_a_correction_keeps_the_history_and_only_the_current_price_counts(
    economy: TestClient, officer: dict[str, str], public: dict[str, str]
) -> None:
    one = {
        "market_code": "PASAR-BABULU",
        "observed_on": days_ago(1).isoformat(),
        "commodity_code": "BERAS-MEDIUM",
        "price": 31000,
    }
    created = economy.post("/api/v1/economy/observations", json=one, headers=officer)
    assert created.status_code == 201, created.text
    typo = created.json()["observations"][0]["observation_id"]

    again = economy.post("/api/v1/economy/observations", json=one, headers=officer)
    assert again.status_code == 422
    assert again.json()["errors"][0]["code"] == "already-recorded"

    corrected = economy.post(
        f"/api/v1/economy/observations/{typo}/corrections",
        json={"price": 13000, "reason": "salah ketik"},
        headers=officer,
    )
    assert corrected.status_code == 201, corrected.text
    fixed = corrected.json()["observations"][0]
    assert fixed["corrects"] == typo
    assert fixed["price"] == 13000

    history = economy.get(f"/api/v1/economy/observations/{typo}", headers=public).json()
    assert [(v["price"], v["current"]) for v in history["versions"]] == [
        (31000, False),
        (13000, True),
    ]
    assert history["observation"]["observation_id"] == typo

    current_only = economy.get("/api/v1/economy/observations", headers=public).json()
    assert [item["price"] for item in current_only["items"]] == [13000]
    everything = economy.get(
        "/api/v1/economy/observations", params={"include_corrected": True}, headers=public
    ).json()
    assert sorted(item["price"] for item in everything["items"]) == [13000, 31000]

    stale = economy.post(
        f"/api/v1/economy/observations/{typo}/corrections", json={"price": 12900}, headers=officer
    )
    assert stale.status_code == 409
    assert stale.json()["current"] == fixed["observation_id"]

    events = [e["data"] for e in outbox(economy, "ppu.economy.price.recorded")]
    assert [(e["price"], e.get("corrects")) for e in events] == [(31000, None), (13000, typo)]
    latest = economy.get("/api/v1/economy/prices/latest", headers=public).json()
    assert [(p["commodity_code"], p["price"]) for p in latest["markets"]] == [
        ("BERAS-MEDIUM", 13000)
    ]


def test_only_economy_officers_record_prices_and_anyone_reads_them(
    economy: TestClient, auth_keys, public: dict[str, str]
) -> None:
    day = market_day("PASAR-PETUNG", days_ago(0), {"GULA-PASIR": 17500})
    assert economy.post(BATCHES, json=day).status_code == 401
    assert economy.post(BATCHES, json=day, headers=public).status_code == 401
    citizen = auth_keys.headers("citizen")
    assert economy.post(BATCHES, json=day, headers=citizen).status_code == 403
    other_pillar = auth_keys.headers("officer", pillars=("living",))
    assert economy.post(BATCHES, json=day, headers=other_pillar).status_code == 403
    admin = auth_keys.headers("admin")
    assert economy.post(BATCHES, json=day, headers=admin).status_code == 201
    for path in ("prices/latest", "alerts", "alerts/history", "observations", "markets"):
        assert economy.get(f"/api/v1/economy/{path}", headers=public).status_code == 200
        assert economy.get(f"/api/v1/economy/{path}").status_code == 401


def test_officers_racing_on_the_same_market_day_record_it_once(
    economy: TestClient, officer: dict[str, str]
) -> None:
    day = market_day("PASAR-SEMOI-DUA", days_ago(0), BASKET)
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(
            pool.map(lambda _: economy.post(BATCHES, json=day, headers=officer), range(4))
        )
    assert sorted(a.status_code for a in answers) == [201, 422, 422, 422]
    assert count(economy, PriceObservation) == 12
    assert len(outbox(economy, "ppu.economy.price.recorded")) == 12


def test_officers_racing_to_correct_the_same_price_make_one_correction(
    economy: TestClient, officer: dict[str, str]
) -> None:
    day = market_day("PASAR-WARU", days_ago(1), {"GULA-PASIR": 71000})
    typo = economy.post(BATCHES, json=day, headers=officer).json()["observations"][0]
    url = f"/api/v1/economy/observations/{typo['observation_id']}/corrections"

    def correct(price: int):
        return economy.post(url, json={"price": price}, headers=officer)

    with ThreadPoolExecutor(max_workers=3) as pool:
        answers = list(pool.map(correct, (17100, 17200, 17300)))
    assert sorted(a.status_code for a in answers) == [201, 409, 409]
    assert {a.json()["type"].rsplit("/", 1)[1] for a in answers if a.status_code == 409} == {
        "superseded"
    }
    assert count(economy, PriceObservation) == 2
