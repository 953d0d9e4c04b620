"""Business permits: apply, verify, approve with a number or reject with a reason."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from benuo_governance.testing import Callers, Clock, outbox

URL = "/api/v1/governance/permits"
OWNER = {
    "name": "Siti Rahmawati",
    "phone": "081350001111",
    "email": "siti@example.co.id",
    "business_address": "Jl. Propinsi KM 3, Nenang",
}


def application(**overrides: Any) -> dict[str, Any]:
    return {
        "business_name": "Warung Makan Benuo Taka",
        "kbli_code": "56101",
        "desa_code": "64.09.01.1010",
        "owner": OWNER,
        **overrides,
    }


def test_an_application_is_verified_then_approved_with_a_number_and_each_step_is_an_event(
    client: TestClient, clock: Clock, callers: Callers
) -> None:
    applicant = callers.citizen("citizen-siti")
    dpmptsp = callers.officer("DPMPTSP")
    created = client.post(URL, json=application(), headers=applicant)
    assert created.status_code == 201, created.text
    permit = created.json()
    assert permit["id"] == "PRM-2026-000001"
    assert (permit["status"], permit["risk_level"], permit["kecamatan_code"]) == (
        "submitted",
        "menengah_rendah",
        "64.09.01",
    )
    assert permit["issued_documents"] == ["NIB", "Sertifikat Standar (pernyataan mandiri)"]
    assert permit["owner"] == OWNER
    path = f"{URL}/{permit['id']}"

    # Undecided: the applicant's and DPMPTSP's business only.
    for outsider in (
        callers.anonymous(),
        callers.citizen("citizen-other"),
        callers.officer("DISHUB"),
    ):
        assert client.get(path, headers=outsider).status_code == 404
    assert client.get(path, headers=applicant).json()["owner"] == OWNER
    not_theirs = client.post(
        f"{path}/transitions", json={"to": "verified"}, headers=callers.officer("DISHUB")
    )
    assert not_theirs.status_code == 403
    too_early = client.post(f"{path}/transitions", json={"to": "approved"}, headers=dpmptsp)
    assert too_early.status_code == 409
    assert (too_early.json()["current_status"], too_early.json()["allowed"]) == (
        "submitted",
        ["verified", "rejected"],
    )
    clock.advance(days=2)
    assert (
        client.post(f"{path}/transitions", json={"to": "verified"}, headers=dpmptsp).status_code
        == 200
    )
    clock.advance(days=1)
    approved = client.post(
        f"{path}/transitions", json={"to": "approved", "note": "Lengkap"}, headers=dpmptsp
    ).json()
    assert approved["status"] == "approved"
    assert approved["permit_number"] == "503/0001/DPMPTSP-PPU/XII/2026"
    assert approved["decided_at"] == "2026-12-03T01:00:00Z"
    assert [h["to_status"] for h in approved["history"]] == ["submitted", "verified", "approved"]
    again = client.post(
        f"{path}/transitions", json={"to": "rejected", "reason": "x"}, headers=dpmptsp
    )
    assert again.status_code == 409
    # Approved: public, as a permit register is, without the owner or the history.
    public = client.get(path, headers=callers.anonymous()).json()
    assert (public["owner"], public["history"]) == (None, None)
    assert (public["business_name"], public["permit_number"]) == (
        "Warung Makan Benuo Taka",
        approved["permit_number"],
    )

    events = outbox(client)
    assert [e.type for e in events] == [
        "ppu.governance.permit.submitted.v1",
        "ppu.governance.permit.verified.v1",
        "ppu.governance.permit.approved.v1",
    ]
    assert [e.data.version for e in events] == [1, 2, 3]
    last = events[-1].data
    assert (last.business_name, last.kbli_code, last.risk_level, last.desa_code) == (
        "Warung Makan Benuo Taka",
        "56101",
        "menengah_rendah",
        "64.09.01.1010",
    )
    assert last.permit_number == approved["permit_number"]
    assert last.approved_at.isoformat() == "2026-12-03T01:00:00+00:00"


def test_rejections_need_a_reason_and_bad_applications_are_refused(
    client: TestClient, callers: Callers
) -> None:
    applicant = callers.citizen("citizen-budi")
    dpmptsp = callers.officer("DPMPTSP")
    for body, status in (
        (application(kbli_code="99999"), 422),
        (application(kbli_code="5610"), 422),
        (application(desa_code="64.09.01"), 422),
        (application(desa_code="64.09.09.1001"), 422),
        (application(owner={"phone": "0812"}), 422),
        (application(business_name="<i>Toko</i>"), 422),
        (application(applicant_subject="citizen-x"), 403),
    ):
        response = client.post(URL, json=body, headers=applicant)
        assert response.status_code == status, (body, response.text)
    assert client.post(URL, json=application(), headers=callers.anonymous()).status_code == 401

    workshop = client.post(
        URL,
        json=application(
            business_name="Bengkel Maju Jaya", kbli_code="45201", desa_code="64.09.02.2001"
        ),
        headers=applicant,
    ).json()
    assert workshop["risk_level"] == "menengah_tinggi"
    path = f"{URL}/{workshop['id']}/transitions"
    assert client.post(path, json={"to": "rejected"}, headers=dpmptsp).status_code == 422
    rejected = client.post(
        path, json={"to": "rejected", "reason": "Dokumen lingkungan belum ada."}, headers=dpmptsp
    ).json()
    assert (rejected["status"], rejected["permit_number"]) == ("rejected", None)
    hidden = client.get(f"{URL}/{workshop['id']}", headers=callers.anonymous())
    assert hidden.status_code == 404  # a rejection and its reason are not public
    on_behalf = client.post(
        URL, json=application(applicant_subject="citizen-budi"), headers=dpmptsp
    )
    assert on_behalf.status_code == 201
    mine = client.get(URL, headers=applicant).json()
    assert [p["id"] for p in mine] == [on_behalf.json()["id"], workshop["id"]]
    assert len(client.get(URL, params={"status": "rejected"}, headers=dpmptsp).json()) == 1
    assert client.get(URL, headers=callers.citizen("citizen-other")).json() == []
    rejected_event = [e for e in outbox(client) if e.type.endswith("permit.rejected.v1")]
    assert [(e.data.reason, e.data.version) for e in rejected_event] == [
        ("Dokumen lingkungan belum ada.", 2)
    ]


def test_a_page_offset_beyond_any_database_integer_is_refused_not_a_crash(
    client: TestClient, callers: Callers
) -> None:
    # Found by fuzzing the merged OpenAPI document: SQLite cannot take 2**63 as OFFSET.
    response = client.get(URL, params={"offset": 2**63}, headers=callers.officer("DPMPTSP"))
    assert response.status_code == 422, response.text
    assert client.get(URL, params={"offset": 100_000}, headers=callers.citizen()).json() == []
