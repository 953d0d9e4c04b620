"""The business registry over HTTP: officers' entries and changes, public search and stats."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from .helpers import days_ago, outbox

BUSINESSES = "/api/v1/economy/businesses"


def warung(**changes: Any) -> dict[str, Any]:
    return {
        "name": "Warung Makan Benuo Taka",
        "kbli_code": "56102",
        "kecamatan_code": "64.09.01",
        "desa_code": "64.09.01.1010",
        **changes,
    }


def test_an_officer_registers_a_business_and_its_event_is_written(
    economy: TestClient, officer: dict[str, str], public: dict[str, str]
) -> None:
    created = economy.post(
        BUSINESSES, json=warung(permit_number="503/0001/DPMPTSP"), headers=officer
    )
    assert created.status_code == 201, created.text
    business = created.json()
    assert business["business_id"] == "BIZ-000001"
    assert business["sector"] == "I Penyediaan Akomodasi dan Penyediaan Makan Minum"
    assert (business["kbli_title"], business["risk_level"]) == ("Rumah/Warung Makan", "rendah")
    assert (business["kecamatan_name"], business["desa_name"]) == ("Penajam", "Nenang")
    assert (business["status"], business["origin"], business["version"]) == ("active", "officer", 1)

    [event] = outbox(economy, "ppu.economy.business")
    assert event["type"] == "ppu.economy.business.registered.v1"
    assert event["subject"] == "BIZ-000001"
    assert event["data"]["sector"] == business["sector"]

    again = economy.post(BUSINESSES, json=warung(permit_number="503/0001/DPMPTSP"), headers=officer)
    assert again.status_code == 409
    assert again.json()["business_id"] == "BIZ-000001"
    assert economy.get(f"{BUSINESSES}/BIZ-000001", headers=public).json() == business
    assert economy.get(f"{BUSINESSES}/BIZ-999999", headers=public).status_code == 404
    assert economy.post(BUSINESSES, json=warung(), headers=public).status_code == 401


def test_bad_entries_are_refused_with_the_field_to_fix(
    economy: TestClient, officer: dict[str, str]
) -> None:
    cases = {
        "desa_code": warung(desa_code="64.09.02.2001"),  # a desa of Waru, not of Penajam
        "kecamatan_code": warung(kecamatan_code="64.10.01"),
        "kbli_code": warung(kbli_code="04123"),  # no KBLI division 04
        "risk_level": warung(kbli_code="47999"),  # a real division, no typical risk on file
        "registered_on": warung(registered_on=days_ago(-2).isoformat()),
    }
    for field, body in cases.items():
        refused = economy.post(BUSINESSES, json=body, headers=officer)
        assert refused.status_code == 422, (field, refused.text)
        assert [error["field"] for error in refused.json()["errors"]] == [field]
    unknown_code = economy.post(
        BUSINESSES, json=warung(kbli_code="47999", risk_level="rendah"), headers=officer
    )
    assert unknown_code.status_code == 201
    assert (unknown_code.json()["sector_code"], unknown_code.json()["kbli_title"]) == ("G", None)
    assert len(outbox(economy)) == 1


def test_search_filters_and_pages_the_registry(
    economy: TestClient, officer: dict[str, str], public: dict[str, str]
) -> None:
    sepaku = {"kecamatan_code": "64.09.04", "desa_code": "64.09.04.1005"}
    waru = {"kecamatan_code": "64.09.02", "desa_code": "64.09.02.1003"}
    entries = [
        warung(name="Warung Nasi Kuning Nenang"),
        warung(name="Toko Kelontong Sepaku", kbli_code="47112", **sepaku),
        warung(name="Bengkel Motor Waru", kbli_code="45405", **waru),
        warung(
            name="Kedai Kopi 100% Benuo", kbli_code="56303", registered_on=days_ago(40).isoformat()
        ),
    ]
    for entry in entries:
        assert economy.post(BUSINESSES, json=entry, headers=officer).status_code == 201

    def names(**params: Any) -> list[str]:
        response = economy.get(BUSINESSES, params=params, headers=public)
        assert response.status_code == 200, response.text
        return [item["name"] for item in response.json()["items"]]

    assert names(q="warung") == ["Warung Nasi Kuning Nenang"]
    assert names(q="100%") == ["Kedai Kopi 100% Benuo"]  # % is a literal, not a wildcard
    assert sorted(names(sector="I")) == ["Kedai Kopi 100% Benuo", "Warung Nasi Kuning Nenang"]
    assert names(kecamatan_code="64.09.04") == ["Toko Kelontong Sepaku"]
    assert names(registered_to=days_ago(30).isoformat()) == ["Kedai Kopi 100% Benuo"]
    page = economy.get(BUSINESSES, params={"limit": 3, "offset": 3}, headers=public).json()
    assert (page["total"], len(page["items"]), page["items"][0]["name"]) == (
        4,
        1,
        "Kedai Kopi 100% Benuo",
    )
    assert economy.get(BUSINESSES, params={"sector": "Z"}, headers=public).status_code == 422

    stats = economy.get(f"{BUSINESSES}/stats", headers=public).json()
    assert stats["total"] == 4
    assert [(k["name"], k["businesses"]) for k in stats["by_kecamatan"]] == [
        ("Penajam", 2), ("Waru", 1), ("Babulu", 0), ("Sepaku", 1),
    ]  # fmt: skip
    assert [(s["sector_code"], s["businesses"]) for s in stats["by_sector"]] == [("G", 2), ("I", 2)]
    months = {m["month"]: m["registered"] for m in stats["by_month"]}
    assert months[f"{days_ago(0):%Y-%m}"] >= 3
    assert sum(months.values()) == 4
    assert stats["by_status"] == {"active": 4}


def test_officers_change_details_and_status_with_versions_and_rules(
    economy: TestClient, officer: dict[str, str], public: dict[str, str]
) -> None:
    business_id = economy.post(BUSINESSES, json=warung(), headers=officer).json()["business_id"]
    url = f"{BUSINESSES}/{business_id}"

    suspended = economy.patch(url, json={"status": "suspended", "version": 1}, headers=officer)
    assert suspended.status_code == 200, suspended.text
    assert (suspended.json()["status"], suspended.json()["version"]) == ("suspended", 2)

    stale = economy.patch(url, json={"name": "Warung Baru", "version": 1}, headers=officer)
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2

    moved = economy.patch(
        url, json={"kecamatan_code": "64.09.03", "desa_code": "64.09.03.2001"}, headers=officer
    )
    assert moved.json()["kecamatan_name"] == "Babulu"
    assert moved.json()["version"] == 3
    half_moved = economy.patch(url, json={"kecamatan_code": "64.09.04"}, headers=officer)
    assert half_moved.status_code == 422
    assert half_moved.json()["errors"][0]["field"] == "desa_code"
    assert economy.patch(url, json={"name": None}, headers=officer).status_code == 422

    unchanged = economy.patch(url, json={"status": "suspended"}, headers=officer)
    assert unchanged.json()["version"] == 3

    assert economy.patch(url, json={"status": "closed"}, headers=officer).status_code == 200
    reopened = economy.patch(url, json={"status": "active"}, headers=officer)
    assert reopened.status_code == 409
    assert (reopened.json()["current_status"], reopened.json()["allowed"]) == ("closed", [])

    updates = [e["data"] for e in outbox(economy, "ppu.economy.business.updated")]
    assert [(u["version"], u["status"], u["kecamatan_code"]) for u in updates] == [
        (2, "suspended", "64.09.01"),
        (3, "suspended", "64.09.03"),
        (4, "closed", "64.09.03"),
    ]
    assert economy.patch(url, json={"status": "active"}, headers=public).status_code == 401
