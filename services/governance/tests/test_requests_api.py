"""Submitting requests, and who sees what of them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from benuo_governance.testing import Callers, outbox, report, submit

URL = "/api/v1/governance/requests"
CONTACT = {"name": "Ani Wulandari", "phone": "0812-3456-7890", "email": "ani.w@example.co.id"}


def test_reporters_and_the_agencys_officers_see_a_request_in_full_everyone_else_in_public(
    client: TestClient, callers: Callers
) -> None:
    created = submit(
        client,
        callers.citizen(),
        reporter=CONTACT,
        address="Jl. Provinsi KM 4",
        description="Lampu padam. Kabari saya di 0812-3456-7890 ya.",
    )
    assert created["id"] == "PPU-2026-000001"
    assert (created["kecamatan_code"], created["desa_code"]) == ("64.09.01", "64.09.01.1010")
    assert (created["kecamatan_name"], created["desa_name"]) == ("Penajam", "Nenang")
    assert (created["status"], created["agency_code"], created["view"]) == (
        "submitted",
        "DISHUB",
        "owner",
    )
    assert created["reporter"] == CONTACT
    assert created["attributes"] == {"kondisi": "padam"}
    # Monday 09:00 WITA + 3 working days: the end of Thursday.
    assert created["verification_due_at"] == "2026-12-03T16:00:00Z"
    [event] = outbox(client)
    assert (event.type, event.data.version, event.data.desa_code) == (
        "ppu.governance.request.created.v1",
        1,
        "64.09.01.1010",
    )
    path = f"{URL}/{created['id']}"
    mine = client.get(path, headers=callers.citizen()).json()
    assert (mine["view"], mine["reporter"]) == ("owner", CONTACT)
    for headers in (callers.citizen("citizen-budi"), callers.anonymous(), callers.officer("DLH")):
        shown = client.get(path, headers=headers).json()
        assert shown["view"] == "public"
        assert shown["reporter"] is None
        assert shown["attributes"] is None
        assert "0812" not in shown["description"]
        assert "Ani" not in str(shown)
    officer = client.get(path, headers=callers.officer("DISHUB")).json()
    assert (officer["view"], officer["reporter"], officer["channel"]) == ("officer", CONTACT, "web")
    assert "0812-3456-7890" in officer["description"]

    anonymous = submit(client, callers.anonymous(), reporter={"phone": "081234567890"})
    token = anonymous["tracking_token"]
    assert len(token) >= 24
    assert (
        client.get(f"{URL}/{anonymous['id']}", headers=callers.anonymous()).json()["view"]
        == "public"
    )
    tracked = client.get(f"/api/v1/governance/track/{token}", headers=callers.anonymous()).json()
    assert (tracked["view"], tracked["reporter"]["phone"]) == ("owner", "081234567890")
    assert (
        client.get("/api/v1/governance/track/nope", headers=callers.anonymous()).status_code == 404
    )

    walk_in = submit(
        client,
        callers.officer("DISHUB", subject="officer-walk-in"),
        reporter={"name": "Pak Darto"},
        reporter_subject="citizen-darto",
    )
    assert walk_in["view"] == "officer"
    theirs = client.get(f"{URL}/{walk_in['id']}", headers=callers.citizen("citizen-darto")).json()
    assert theirs["view"] == "owner"
    assert theirs["updates"][0]["author"] is None  # officers' names are for officers
    kept = client.get(f"{URL}/{walk_in['id']}", headers=callers.officer("DISHUB")).json()
    assert kept["updates"][0]["author"] == "officer-walk-in"
    refused = client.post(URL, json=report(reporter_subject="citizen-x"), headers=callers.citizen())
    assert refused.status_code == 403


def test_the_place_comes_from_a_code_or_the_location_and_bad_reports_write_nothing(
    client: TestClient, callers: Callers
) -> None:
    maridan = submit(client, callers.citizen(), desa_code="64.09.04.1007")
    assert (maridan["kecamatan_code"], maridan["desa_name"]) == ("64.09.04", "Maridan")
    narrowed = submit(client, callers.citizen(), kecamatan_code="64.09.02")
    assert narrowed["kecamatan_code"] == "64.09.02"
    written = len(outbox(client))
    cases = [
        (report(desa_code="64.09.05.1001"), "unknown-region", None),
        (report(desa_code="64.09.04.1007", kecamatan_code="64.09.01"), "unknown-region", None),
        (report(location={"lat": -0.5, "lng": 117.15}), "outside-regency", None),
        (report(description="<script>alert(1)</script>"), "validation-error", "description"),
        (report(description="x" * 4001), "validation-error", "description"),
        (report(description=""), "validation-error", "description"),
        (report(attributes={}), "validation-error", "attributes.kondisi"),
        (report(attributes={"kondisi": "meledak"}), "validation-error", "attributes.kondisi"),
        (report(service_code="NO-SUCH"), "unknown-service", None),
        (report(media_urls=["javascript:alert(1)"]), "validation-error", "media_urls.0"),
        (
            report(media_urls=[f"https://f.example/{n}.jpg" for n in range(6)]),
            "validation-error",
            "media_urls",
        ),
        (report(location={"lat": 95, "lng": 116.7}), "validation-error", "location.lat"),
        (report(reporter={"email": "not-an-email"}), "validation-error", "reporter.email"),
        (report(colour="red"), "validation-error", "colour"),
    ]
    for body, kind, field in cases:
        response = client.post(URL, json=body, headers=callers.citizen())
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["type"].endswith(kind)
        if field:
            assert field in {e["field"].removeprefix("body.") for e in problem["errors"]}, problem
    assert len(outbox(client)) == written
    assert client.get(URL, headers=callers.anonymous()).json()["total"] == 2


def test_notes_are_public_or_internal_and_only_officers_write_internal_ones(
    client: TestClient, callers: Callers
) -> None:
    created = submit(client, callers.citizen())
    notes = f"{URL}/{created['id']}/notes"
    officer = callers.officer("DISHUB")
    internal = client.post(notes, json={"note": "Sudah dicek", "public": False}, headers=officer)
    assert internal.status_code == 201
    assert (
        client.post(notes, json={"note": "Masih gelap"}, headers=callers.citizen()).status_code
        == 201
    )
    refused = client.post(notes, json={"note": "x", "public": False}, headers=callers.citizen())
    assert refused.status_code == 403
    stranger = client.post(notes, json={"note": "x"}, headers=callers.citizen("citizen-budi"))
    assert stranger.status_code == 403
    public = client.get(f"{URL}/{created['id']}", headers=callers.anonymous()).json()
    assert [u["note"] for u in public["updates"]] == [None, "Masih gelap"]
    full = client.get(f"{URL}/{created['id']}", headers=officer).json()
    assert [u["note"] for u in full["updates"]] == [None, "Sudah dicek", "Masih gelap"]
    assert [e.type for e in outbox(client)] == ["ppu.governance.request.created.v1"]


def test_dates_outside_the_calendar_s_range_are_refused_not_a_crash(
    client: TestClient, callers: Callers
) -> None:
    # Found by fuzzing: the first and the last representable day have no WITA midnight in UTC.
    anyone = callers.anonymous()
    for name, day in (("submitted_from", "0001-01-01"), ("submitted_to", "9999-12-31")):
        response = client.get(URL, params={name: day}, headers=anyone)
        assert response.status_code == 422, response.text
    assert (
        client.get(URL, params={"submitted_from": "2000-01-01"}, headers=anyone).json()["items"]
        == []
    )
    for moment in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"):
        open311 = client.get(
            "/open311/v2/requests.json", params={"start_date": moment}, headers=anyone
        )
        assert open311.status_code == 400, open311.text
