"""The facility register over HTTP: public reads, officer writes, their events, bad input."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlmodel import col, select

from benuo_runtime.db import SessionFactory
from benuo_runtime.messaging.tables import OutboxMessage
from benuo_runtime.testing.plugin import AuthKeys

FACILITIES = "/api/v1/living/facilities"
NEW_LIGHT = {
    "type": "street_light",
    "name": "PJU Jl. Provinsi KM 4 No. 99",
    "location": {"lat": -1.2712, "lng": 116.7335},
}


def outbox(sessions: SessionFactory) -> list[tuple[str, dict]]:
    with sessions() as session:
        rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
    return [(row.event_type, json.loads(row.body)["data"]) for row in rows]


def test_the_public_reads_the_register_but_only_with_a_token(client: TestClient) -> None:
    page = client.get(FACILITIES, params={"type": "market", "limit": 3}).json()
    assert (page["total"], page["limit"], len(page["items"])) == (6, 3, 3)
    market = client.get(f"{FACILITIES}/FAC-PSR-PENAJAM")
    assert market.status_code == 200
    assert market.headers["etag"] == '"1"'
    body = market.json()
    assert (body["name"], body["desa_name"], body["kecamatan_name"], body["demo"]) == (
        "Pasar Induk Penajam",
        "Nenang",
        "Penajam",
        False,
    )
    assert body["opening_hours"] == "Mo-Su 05:00-17:00"

    anonymous = client.get(FACILITIES, headers={"Authorization": ""})
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"] == "application/problem+json"
    assert client.get(f"{FACILITIES}/FAC-NOPE").status_code == 404


def test_filters_combine_and_refuse_unknown_places(client: TestClient) -> None:
    sepaku_lights = client.get(
        FACILITIES, params={"type": "street_light", "kecamatan_code": "64.09.04", "limit": 100}
    ).json()
    assert sepaku_lights["total"] == len(sepaku_lights["items"]) > 0
    assert {(f["type"], f["kecamatan_code"]) for f in sepaku_lights["items"]} == {
        ("street_light", "64.09.04")
    }
    verified = client.get(FACILITIES, params={"demo": "false"}).json()
    assert {f["facility_id"] for f in verified["items"]} == {"FAC-PKM-MARIDAN", "FAC-PSR-PENAJAM"}
    two_types = client.get(FACILITIES, params=[("type", "park"), ("type", "market")]).json()
    assert two_types["total"] == 12

    unknown = client.get(FACILITIES, params={"kecamatan_code": "64.09.09"})
    assert unknown.status_code == 422
    assert "64.09.09 is not a kecamatan" in unknown.json()["detail"]
    assert client.get(FACILITIES, params={"type": "airport"}).status_code == 422
    assert client.get(FACILITIES, params={"limit": 1000}).status_code == 422


def test_an_officer_adds_changes_and_removes_a_facility_and_each_step_is_announced(
    client: TestClient, officer: dict[str, str], sessions: SessionFactory
) -> None:
    created = client.post(FACILITIES, json=NEW_LIGHT, headers=officer)
    assert created.status_code == 201, created.text
    light = created.json()
    facility_id = light["facility_id"]
    assert facility_id.startswith("FAC-PJU-")
    assert created.headers["location"] == f"{FACILITIES}/{facility_id}"
    # The desa was derived from the location.
    assert (light["desa_code"], light["kecamatan_code"], light["demo"]) == (
        "64.09.01.1010",
        "64.09.01",
        False,
    )

    changed = client.patch(
        f"{FACILITIES}/{facility_id}",
        json={"name": "PJU Jl. Provinsi KM 4 No. 100", "opening_hours": "Mo-Su 18:00-06:00"},
        headers={**officer, "If-Match": '"1"'},
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["version"], changed.headers["etag"]) == (2, '"2"')
    stale = client.patch(
        f"{FACILITIES}/{facility_id}", json={"name": "x"}, headers={**officer, "If-Match": '"1"'}
    )
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2
    same = client.patch(f"{FACILITIES}/{facility_id}", json={"demo": False}, headers=officer)
    assert same.json()["version"] == 2  # nothing changed, nothing announced

    assert client.delete(f"{FACILITIES}/{facility_id}", headers=officer).status_code == 204
    assert client.get(f"{FACILITIES}/{facility_id}").status_code == 404

    events = outbox(sessions)
    assert [event_type for event_type, _ in events] == [
        "ppu.living.facility.created.v1",
        "ppu.living.facility.updated.v1",
        "ppu.living.facility.removed.v1",
    ]
    assert [data["version"] for _, data in events] == [1, 2, 3]
    assert events[1][1]["name"] == "PJU Jl. Provinsi KM 4 No. 100"
    assert events[1][1]["opening_hours"] == "Mo-Su 18:00-06:00"


def test_an_officer_closing_a_facility_is_history_and_the_note_stays_with_officers(
    client: TestClient, officer: dict[str, str], sessions: SessionFactory
) -> None:
    closed = client.put(
        f"{FACILITIES}/FAC-PKM-MARIDAN/status",
        json={"status": "out_of_service", "note": "Renovasi atap"},
        headers=officer,
    )
    assert closed.status_code == 200, closed.text
    assert (closed.json()["status"], closed.json()["version"]) == ("out_of_service", 2)

    public = client.get(f"{FACILITIES}/FAC-PKM-MARIDAN/history").json()["items"]
    assert [(h["previous_status"], h["status"], h["cause"]) for h in public] == [
        ("operational", "out_of_service", "officer")
    ]
    assert public[0]["note"] is None
    for_officer = client.get(f"{FACILITIES}/FAC-PKM-MARIDAN/history", headers=officer).json()
    assert for_officer["items"][0]["note"] == "Renovasi atap"

    [(event_type, data)] = outbox(sessions)
    assert event_type == "ppu.living.facility.status_changed.v1"
    assert (data["status"], data["previous_status"], data["cause"]) == (
        "out_of_service",
        "operational",
        "officer",
    )
    assert "note" not in data


def test_only_officers_of_living_and_admins_write(
    client: TestClient, auth_keys: AuthKeys, sessions: SessionFactory
) -> None:
    refused = {
        "public": auth_keys.headers(),
        "citizen": auth_keys.headers("citizen"),
        "governance officer": auth_keys.headers("officer", pillars=("governance",)),
        "integrator": auth_keys.headers("integrator"),
    }
    for who, headers in refused.items():
        answer = client.post(FACILITIES, json=NEW_LIGHT, headers=headers)
        assert answer.status_code in (401, 403), who
        assert answer.headers["content-type"] == "application/problem+json"
    assert outbox(sessions) == []
    admin = client.post(FACILITIES, json=NEW_LIGHT, headers=auth_keys.headers("admin"))
    assert admin.status_code == 201


def test_bad_input_is_a_problem_that_says_what_to_fix_and_writes_nothing(
    client: TestClient, officer: dict[str, str], sessions: SessionFactory
) -> None:
    cases = [
        ({**NEW_LIGHT, "location": {"lat": -0.5, "lng": 117.15}}, "outside Penajam Paser Utara"),
        ({**NEW_LIGHT, "desa_code": "64.09.04.1007"}, "not in or near Maridan"),
        ({**NEW_LIGHT, "desa_code": "64.09.01.9999"}, "not a desa or kelurahan"),
        ({**NEW_LIGHT, "type": "airport"}, "type"),
        ({**NEW_LIGHT, "name": "   "}, "name"),
        ({**NEW_LIGHT, "location": {"lat": 91, "lng": 0}}, "location.lat"),
        ({**NEW_LIGHT, "owner": "Pak Budi"}, "owner"),
    ]
    for body, hint in cases:
        answer = client.post(FACILITIES, json=body, headers=officer)
        assert answer.status_code == 422, (body, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
        assert hint in json.dumps(answer.json()), (hint, answer.json())

    for body in ({}, {"name": None}, {"location": {"lat": -0.5, "lng": 117.15}}):
        answer = client.patch(f"{FACILITIES}/FAC-PJU-0001", json=body, headers=officer)
        assert answer.status_code == 422, (body, answer.text)
    assert (
        client.put(
            f"{FACILITIES}/FAC-PJU-0001/status", json={"status": "broken"}, headers=officer
        ).status_code
        == 422
    )
    assert (
        client.patch(f"{FACILITIES}/FAC-NOPE", json={"demo": True}, headers=officer).status_code
        == 404
    )
    assert outbox(sessions) == []
    assert client.get(f"{FACILITIES}/FAC-PJU-0001").json()["version"] == 1
