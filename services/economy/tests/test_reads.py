"""Public reads: reference data, latest prices, series and the dashboard."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from benuo_economy.reference import commodity_rows, market_rows
from benuo_economy.settings import Settings
from benuo_runtime.regions import ppu_regions

from .helpers import days_ago, market_day

BATCHES = "/api/v1/economy/observations/batches"
LIVING_BASKET = {
    "BERAS-MEDIUM", "BERAS-PREMIUM", "BAWANG-MERAH", "BAWANG-PUTIH", "CABAI-MERAH-BESAR",
    "CABAI-MERAH-KERITING", "CABAI-RAWIT-MERAH", "CABAI-RAWIT-HIJAU", "DAGING-SAPI",
    "DAGING-AYAM-RAS", "TELUR-AYAM-RAS", "GULA-PASIR", "MINYAK-GORENG",
}  # fmt: skip


def test_every_market_lies_in_a_real_desa_of_its_kecamatan_and_each_kecamatan_has_one() -> None:
    regions = ppu_regions()
    for market in market_rows():
        desa = regions.get(str(market["desa_code"]))
        assert desa is not None, market
        assert desa.parent_code == market["kecamatan_code"], market
    assert {m["kecamatan_code"] for m in market_rows()} == {k.code for k in regions.kecamatan()}
    verified = [m["code"] for m in market_rows() if not m["demo"]]
    assert verified == ["PASAR-INDUK-PENAJAM"]


def test_the_commodity_list_is_the_living_basket_with_sourced_reference_prices() -> None:
    rows = {str(row["code"]): row for row in commodity_rows()}
    assert set(rows) == LIVING_BASKET
    assert {row["unit"] for row in rows.values()} == {"kg"}
    assert (rows["BERAS-MEDIUM"]["reference_price"], rows["BERAS-PREMIUM"]["reference_price"]) == (
        13100,
        15400,
    )
    assert rows["CABAI-RAWIT-MERAH"]["reference_price"] == 57000  # the upper bound of 40-57k
    for row in rows.values():
        assert (row["reference_price"] is None) == (row["reference_source"] is None), row


def test_reference_routes_answer_what_the_migration_loaded(
    economy: TestClient, public: dict[str, str]
) -> None:
    markets = economy.get("/api/v1/economy/markets", headers=public).json()
    induk = next(m for m in markets if m["code"] == "PASAR-INDUK-PENAJAM")
    assert (induk["desa_name"], induk["address"], induk["demo"]) == (
        "Nenang",
        "KM 4, Kelurahan Nenang",
        False,
    )
    commodities = economy.get("/api/v1/economy/commodities", headers=public).json()
    assert {c["code"] for c in commodities} == LIVING_BASKET
    kbli = economy.get("/api/v1/economy/kbli", params={"q": "warung"}, headers=public).json()
    assert [(k["code"], k["sector"][0]) for k in kbli] == [("56102", "I")]
    documented = economy.get("/openapi.json").json()["paths"]
    assert {"/api/v1/economy/observations/batches", "/api/v1/economy/dashboard"} <= set(documented)


def test_latest_prices_series_and_dashboard(
    economy: TestClient, officer: dict[str, str], public: dict[str, str]
) -> None:
    for market, prices in {
        "PASAR-INDUK-PENAJAM": [(3, 13000), (2, 13200), (1, 13400)],
        "PASAR-WARU": [(2, 12800), (0, 14000)],
    }.items():
        for age, price in prices:
            day = market_day(market, days_ago(age), {"BERAS-MEDIUM": price})
            assert economy.post(BATCHES, json=day, headers=officer).status_code == 201
    economy.post(
        "/api/v1/economy/businesses",
        json={
            "name": "Toko Beras Nenang",
            "kbli_code": "47211",
            "kecamatan_code": "64.09.01",
            "desa_code": "64.09.01.1010",
        },
        headers=officer,
    )

    latest = economy.get("/api/v1/economy/prices/latest", headers=public).json()
    assert [(p["market_code"], p["price"], p["above_reference"]) for p in latest["markets"]] == [
        ("PASAR-INDUK-PENAJAM", 13400, True),
        ("PASAR-WARU", 14000, True),
    ]
    [regency] = latest["regency"]
    # Only Waru reported today: the regency price is its price, its change is against itself.
    assert (regency["observed_on"], regency["price"], regency["markets"]) == (
        days_ago(0).isoformat(),
        14000,
        1,
    )
    assert regency["change_vs_previous_pct"] == pytest.approx(9.38)

    series = economy.get(
        "/api/v1/economy/prices/series",
        params={"commodity_code": "BERAS-MEDIUM", "date_from": days_ago(3).isoformat()},
        headers=public,
    ).json()
    assert [(p["min"], p["avg"], p["max"], p["observations"]) for p in series["points"]] == [
        (13000, 13000.0, 13000, 1),
        (12800, 13000.0, 13200, 2),
        (13400, 13400.0, 13400, 1),
        (14000, 14000.0, 14000, 1),
    ]
    one_market = economy.get(
        "/api/v1/economy/prices/series",
        params={"commodity_code": "BERAS-MEDIUM", "market_code": "PASAR-WARU", "bucket": "month"},
        headers=public,
    ).json()
    assert sum(p["observations"] for p in one_market["points"]) == 2
    missing = economy.get(
        "/api/v1/economy/prices/series", params={"commodity_code": "KOPI"}, headers=public
    )
    assert missing.status_code == 404

    dashboard = economy.get("/api/v1/economy/dashboard", headers=public).json()
    assert dashboard["businesses"]["registered_this_month"] == 1
    assert dashboard["businesses"]["active"] == 1
    assert dashboard["prices"]["latest_observed_on"] == days_ago(0).isoformat()
    in_force = {a["alert_id"] for a in dashboard["prices"]["alerts"]}
    assert "ALR-BERAS-MEDIUM-PASAR-WARU" in in_force  # above the HET of 13100
    assert dashboard["prices"]["alerts_in_force"] == len(in_force)


def test_alert_thresholds_come_from_the_environment_and_must_make_sense() -> None:
    settings = Settings(
        alert_rising_pct=3, alert_waspada_pct=6, alert_siaga_pct=9, alert_awas_pct=15
    )
    assert settings.alert_rules().siaga_pct == 9
    with pytest.raises(ValueError, match="strictly increasing"):
        Settings(alert_waspada_pct=25)


def test_a_series_ending_on_the_first_representable_day_is_refused_not_a_crash(
    economy: TestClient, public: dict[str, str]
) -> None:
    # Found by fuzzing: the default start, 29 days earlier, is before year 1.
    response = economy.get(
        "/api/v1/economy/prices/series",
        params={"commodity_code": "BERAS-MEDIUM", "date_to": "0001-01-01"},
        headers=public,
    )
    assert response.status_code == 422, response.text
