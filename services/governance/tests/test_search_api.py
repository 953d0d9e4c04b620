"""Listing and searching requests: every filter, stable pages, nearby possible duplicates."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from benuo_governance.testing import NENANG, Callers, Clock, events_of, move, submit

URL = "/api/v1/governance/requests"
MARIDAN = {"lat": -1.11018, "lng": 116.68758}  # Sepaku
SEPAKU_ROAD = {"attributes": {"jenis_kerusakan": "berlubang"}, "service_code": "JALAN-RUSAK"}


@pytest.fixture
def seeded(client: TestClient, clock: Clock, callers: Callers) -> dict[str, Any]:
    """Eight reports over eight days: street lights in Nenang, roads in Maridan, waste."""
    ids: dict[str, Any] = {"lights": [], "roads": [], "waste": []}
    for day in range(8):
        clock.advance(days=1)
        if day % 3 == 0:
            created = submit(
                client,
                callers.citizen("citizen-budi"),
                location=MARIDAN,
                description=f"Jalan poros Sepaku berlubang besar, titik {day}",
                **SEPAKU_ROAD,
            )
            ids["roads"].append(created["id"])
        elif day % 3 == 1:
            created = submit(client, callers.citizen(), description=f"Lampu PJU {day} padam")
            ids["lights"].append(created["id"])
        else:
            created = submit(
                client,
                callers.citizen(),
                service_code="SAMPAH",
                attributes={"jenis_sampah": ["plastik"]},
                description=f"Sampah menumpuk_{day} di TPS 100% penuh",
            )
            ids["waste"].append(created["id"])
    move(client, ids["roads"][0], callers.officer("DPUPR"), "verified")
    return ids


def listed(client: TestClient, headers: dict[str, str], **params: Any) -> list[str]:
    response = client.get(URL, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_each_filter_narrows_the_list_and_pages_are_stable(
    client: TestClient, callers: Callers, seeded: dict[str, Any]
) -> None:
    anyone = callers.anonymous()
    everything = listed(client, anyone, limit=100)
    assert len(everything) == 8
    assert everything == sorted(everything, reverse=True)  # newest first
    roads = seeded["roads"]
    assert set(listed(client, anyone, service_code="JALAN-RUSAK")) == set(roads)
    assert set(listed(client, anyone, service_code=["JALAN-RUSAK", "SAMPAH"])) == set(
        roads + seeded["waste"]
    )
    assert listed(client, anyone, status="verified") == [roads[0]]
    assert set(listed(client, anyone, status=["verified", "submitted"])) == set(everything)
    assert set(listed(client, anyone, agency_code="DLH")) == set(seeded["waste"])
    assert set(listed(client, anyone, kecamatan_code="64.09.04")) == set(roads)
    assert set(listed(client, anyone, desa_code="64.09.01.1010")) == set(
        seeded["lights"] + seeded["waste"]
    )
    # One report a day from Tuesday 1 December: a light on the 2nd, waste on the 3rd (WITA).
    two_days = listed(client, anyone, submitted_from="2026-12-02", submitted_to="2026-12-03")
    assert two_days == [seeded["waste"][0], seeded["lights"][0]]
    assert set(listed(client, anyone, bbox="116.6,-1.2,116.8,-1.0")) == set(roads)
    assert listed(client, anyone, q="poros sepaku") == listed(
        client, anyone, service_code="JALAN-RUSAK"
    )
    assert listed(client, anyone, q="100%") == listed(client, anyone, service_code="SAMPAH")
    assert listed(client, anyone, q="menumpuk_2") == [seeded["waste"][0]]
    assert listed(client, anyone, q=roads[1]) == [roads[1]]
    assert set(listed(client, callers.citizen("citizen-budi"), mine=True)) == set(roads)
    mine_anonymously = client.get(URL, params={"mine": True}, headers=anyone)
    assert mine_anonymously.status_code == 401

    # Pages keep a stable order even when a new report arrives between them.
    first = client.get(URL, params={"limit": 3}, headers=anyone).json()
    assert first["total"] == 8
    submit(client, callers.citizen())  # lands before page 1: must not shift later pages
    seen = [item["id"] for item in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = client.get(URL, params={"limit": 3, "cursor": cursor}, headers=anyone).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)) == 8
    assert seen == sorted(seen, reverse=True)

    for params in (
        {"status": "lost"},
        {"limit": 0},
        {"limit": 101},
        {"bbox": "116.6,-1.2,116.8"},
        {"kecamatan_code": "Penajam"},
        {"submitted_from": "kemarin"},
        {"colour": "red"},
    ):
        response = client.get(URL, params=params, headers=anyone)
        assert response.status_code == 422, (params, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    reversed_box = client.get(URL, params={"bbox": "116.8,-1.2,116.6,-1.0"}, headers=anyone)
    assert reversed_box.status_code == 422
    bad_cursor = client.get(URL, params={"cursor": "bm9wZQ"}, headers=anyone)
    assert bad_cursor.status_code == 400


def test_nearby_suggests_same_category_reports_open_or_closed_in_the_last_30_days(
    client: TestClient, clock: Clock, callers: Callers
) -> None:
    officer = callers.officer("DISHUB")
    old = submit(client, callers.citizen())
    for to, details in (
        ("verified", {}),
        ("assigned", {}),
        ("in_progress", {}),
        ("resolved", {"note": "Diganti"}),
    ):
        assert move(client, old["id"], officer, to, **details).status_code == 200
    open_one = submit(
        client, callers.citizen(), location={"lat": NENANG["lat"] + 0.001, "lng": NENANG["lng"]}
    )
    submit(
        client, callers.citizen(), service_code="SAMPAH", attributes={"jenis_sampah": ["plastik"]}
    )
    far = submit(client, callers.citizen(), location=MARIDAN)

    def nearby(**params: Any) -> list[str]:
        query = {"service_code": "PJU-MATI", **NENANG, **params}
        response = client.get(f"{URL}/nearby", params=query, headers=callers.anonymous())
        assert response.status_code == 200, response.text
        return [n["request"]["id"] for n in response.json()]

    assert nearby() == [old["id"], open_one["id"]]  # nearest first; other kinds and far ones out

    assert far["id"] not in nearby(radius_m=5000)
    clock.advance(days=31)
    assert nearby() == [open_one["id"]]  # closed more than 30 days ago
    # A new report comes back with the same suggestions, and may name a facility.
    newest = submit(client, callers.citizen(), facility_ref="fac-pju-117")
    assert [n["request"]["id"] for n in newest["similar_nearby"]] == [open_one["id"]]
    assert 105 < newest["similar_nearby"][0]["distance_m"] < 118
    assert next(events_of(client, newest["id"])).data.facility_ref == "fac-pju-117"
    unknown = client.get(
        f"{URL}/nearby", params={"service_code": "X", **NENANG}, headers=callers.anonymous()
    )
    assert unknown.status_code == 404
