"""Admins change the catalogue and the holidays (and it is kept who did); reference reads."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import col, select

from benuo_governance.persistence.reference import AuditEntry
from benuo_governance.testing import Callers, move, report, submit

URL = "/api/v1/governance"
STREET_MARKET = {
    "code": "PASAR-MALAM",
    "name": "Gangguan pasar malam",
    "name_en": "Night market nuisance",
    "description": "Pasar malam menutup jalan atau melewati jam izin.",
    "group": "Ketertiban",
    "keywords": ["pasar malam"],
    "agency_code": "SATPOLPP",
    "sla_working_days": 2,
    "attributes": [
        {
            "code": "hari",
            "order": 1,
            "description": "Hari",
            "datatype": "multivaluelist",
            "required": True,
            "values": [{"key": "sabtu", "name": "Sabtu"}, {"key": "minggu", "name": "Minggu"}],
        },
    ],
}


def test_admins_create_update_and_retire_categories_and_each_change_is_audited(
    client: TestClient, callers: Callers
) -> None:
    admin = callers.admin()
    for headers in (callers.officer("SATPOLPP"), callers.citizen()):
        assert (
            client.post(f"{URL}/services", json=STREET_MARKET, headers=headers).status_code == 403
        )
    anonymous = client.post(f"{URL}/services", json=STREET_MARKET, headers=callers.anonymous())
    assert anonymous.status_code == 401  # sign in first; then it is a question of role
    created = client.post(f"{URL}/services", json=STREET_MARKET, headers=admin)
    assert created.status_code == 201, created.text
    assert created.json()["agency_name"] == "Satuan Polisi Pamong Praja"
    assert client.post(f"{URL}/services", json=STREET_MARKET, headers=admin).status_code == 409
    bad: list[dict[str, Any]] = [
        {**STREET_MARKET, "code": "X-1", "agency_code": "DINAS-X"},
        {**STREET_MARKET, "code": "x lower"},
        {
            **STREET_MARKET,
            "code": "X-2",
            "attributes": [{**STREET_MARKET["attributes"][0], "values": []}],
        },
        {**STREET_MARKET, "code": "X-3", "attributes": STREET_MARKET["attributes"] * 2},
        {**STREET_MARKET, "code": "X-4", "sla_working_days": 0},
    ]
    for body in bad:
        assert client.post(f"{URL}/services", json=body, headers=admin).status_code == 422, body

    officer = callers.officer("SATPOLPP")
    first = submit(
        client, callers.citizen(), service_code="PASAR-MALAM", attributes={"hari": ["sabtu"]}
    )
    move(client, first["id"], officer, "verified")
    fields = {k: v for k, v in STREET_MARKET.items() if k != "code"}
    updated = client.put(
        f"{URL}/services/PASAR-MALAM", json={**fields, "sla_working_days": 10}, headers=admin
    )
    assert updated.json()["sla_working_days"] == 10
    second = submit(
        client, callers.citizen(), service_code="PASAR-MALAM", attributes={"hari": ["minggu"]}
    )
    verified = move(client, second["id"], officer, "verified").json()
    kept = client.get(f"{URL}/requests/{first['id']}", headers=officer).json()
    assert kept["follow_up_due_at"] == "2026-12-02T16:00:00Z"  # Tue and Wed: 2 days, as then
    assert verified["follow_up_due_at"] == "2026-12-14T16:00:00Z"  # 10 working days now

    retired = client.post(f"{URL}/services/PASAR-MALAM/retire", headers=admin).json()
    assert retired["active"] is False
    refused = client.post(
        f"{URL}/requests",
        json=report(service_code="PASAR-MALAM", attributes={"hari": ["sabtu"]}),
        headers=callers.citizen(),
    )
    assert refused.status_code == 422
    assert refused.json()["type"].endswith("retired-service")
    assert client.get(f"{URL}/requests/{first['id']}", headers=officer).status_code == 200
    active = [c["code"] for c in client.get(f"{URL}/services", headers=admin).json()]
    everything = client.get(
        f"{URL}/services", params={"include_retired": True}, headers=admin
    ).json()
    assert "PASAR-MALAM" not in active
    assert "PASAR-MALAM" in [c["code"] for c in everything]

    with client.app.state.runtime.sessions() as session:  # type: ignore[attr-defined]
        trail = session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
        assert [(a.actor, a.entity_id, a.action) for a in trail] == [
            ("admin-diskominfo", "PASAR-MALAM", "create"),
            ("admin-diskominfo", "PASAR-MALAM", "update"),
            ("admin-diskominfo", "PASAR-MALAM", "retire"),
        ]
        assert trail[1].detail["sla_working_days"] == 10


def test_reference_data_reads_and_holiday_edits_are_for_admins(
    client: TestClient, callers: Callers
) -> None:
    anyone = callers.anonymous()
    regions = client.get(f"{URL}/regions", headers=anyone).json()
    assert [k["name"] for k in regions] == ["Penajam", "Waru", "Babulu", "Sepaku"]
    assert sum(len(k["villages"]) for k in regions) == 54
    located = client.get(
        f"{URL}/regions/locate", params={"lat": -1.11018, "lng": 116.68758}, headers=anyone
    ).json()
    assert located["name"] == "Maridan"
    outside = client.get(
        f"{URL}/regions/locate", params={"lat": -0.5, "lng": 117.15}, headers=anyone
    )
    assert outside.status_code == 422
    agencies = client.get(f"{URL}/agencies", headers=anyone).json()
    assert len(agencies) >= 6
    kbli = client.get(f"{URL}/kbli", headers=anyone).json()
    assert {"code": "56101", "title": "Restoran", "risk_level": "menengah_rendah"} in kbli

    holidays = client.get(f"{URL}/holidays", params={"year": 2026}, headers=anyone).json()
    assert len(holidays) == 25
    assert holidays[0] == {
        "date": "2026-01-01",
        "name": "Tahun Baru 2026 Masehi",
        "kind": "libur_nasional",
        "status": "official",
    }
    body = {"name": "Idul Fitri 1448 H", "kind": "libur_nasional"}
    assert (
        client.put(
            f"{URL}/holidays/2027-03-09", json=body, headers=callers.officer("DLH")
        ).status_code
        == 403
    )
    assert client.put(f"{URL}/holidays/2027-03-09", json=body, headers=anyone).status_code == 401
    assert client.delete(f"{URL}/holidays/2026-01-01", headers=anyone).status_code == 401
    assert (
        client.put(
            f"{URL}/holidays/2027-03-09", json={**body, "kind": "cuti"}, headers=callers.admin()
        ).status_code
        == 422
    )
    assert (
        client.put(f"{URL}/holidays/2027-03-09", json=body, headers=callers.admin()).status_code
        == 200
    )
    assert client.delete(f"{URL}/holidays/2027-03-11", headers=callers.admin()).status_code == 204
    assert client.delete(f"{URL}/holidays/2027-03-11", headers=callers.admin()).status_code == 404
    march = [
        h["date"]
        for h in client.get(f"{URL}/holidays", params={"year": 2027}, headers=anyone).json()
        if h["date"].startswith("2027-03")
    ]
    assert march == ["2027-03-08", "2027-03-09", "2027-03-10", "2027-03-26", "2027-03-28"]
