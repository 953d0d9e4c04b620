"""The public dashboard: open requests by kecamatan and category, SLA compliance, permits."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from benuo_governance.testing import Callers, Clock, move, submit

MARIDAN = {"lat": -1.11018, "lng": 116.68758}


def test_the_dashboard_counts_open_requests_and_sla_compliance(
    client: TestClient, clock: Clock, callers: Callers
) -> None:
    officer = callers.officer("DISHUB", "DPUPR", "DLH")
    fixed = submit(client, callers.citizen())
    rejected = submit(client, callers.citizen())
    road = submit(
        client,
        callers.citizen(),
        location=MARIDAN,
        service_code="JALAN-RUSAK",
        attributes={"jenis_kerusakan": "amblas"},
    )
    submit(
        client, callers.citizen(), service_code="SAMPAH", attributes={"jenis_sampah": ["plastik"]}
    )
    clock.advance(hours=1)
    for to, details in (
        ("verified", {}),
        ("assigned", {}),
        ("in_progress", {}),
        ("resolved", {"note": "Lampu diganti"}),
    ):
        assert move(client, fixed["id"], officer, to, **details).status_code == 200
    move(client, rejected["id"], officer, "rejected", reason="Lampu milik perumahan swasta.")
    clock.now = datetime(2026, 12, 4, 1, tzinfo=UTC)  # a day after the verification deadline
    move(client, road["id"], officer, "verified")
    client.post(
        "/api/v1/governance/permits",
        headers=callers.citizen(),
        json={
            "business_name": "Toko Sembako Maju",
            "kbli_code": "47211",
            "desa_code": "64.09.04.1007",
            "owner": {"name": "Pak Darto"},
        },
    )
    clock.now = datetime(2026, 12, 10, 1, tzinfo=UTC)

    dashboard = client.get("/api/v1/governance/dashboard", headers=callers.anonymous()).json()
    requests = dashboard["requests"]
    assert requests["open_total"] == 2
    assert requests["open_by_kecamatan"] == [
        {"kecamatan_code": "64.09.01", "name": "Penajam", "open": 1},
        {"kecamatan_code": "64.09.02", "name": "Waru", "open": 0},
        {"kecamatan_code": "64.09.03", "name": "Babulu", "open": 0},
        {"kecamatan_code": "64.09.04", "name": "Sepaku", "open": 1},
    ]
    by_category = {c["service_code"]: c["open"] for c in requests["open_by_category"]}
    assert (by_category["JALAN-RUSAK"], by_category["SAMPAH"], by_category["PJU-MATI"]) == (1, 1, 0)
    assert len(by_category) == 17
    assert {k: v for k, v in requests["by_status"].items() if v} == {
        "submitted": 1,
        "verified": 1,
        "resolved": 1,
        "rejected": 1,
    }
    sla = dashboard["sla"]
    # Verified or rejected on time: 2; verified late: 1; still unverified past its deadline: 1.
    assert sla["verification"] == {"measured": 4, "met": 2, "compliance_pct": 50.0}
    # Only the fixed street light has a follow-up deadline behind it, and it was met.
    assert sla["follow_up"] == {"measured": 1, "met": 1, "compliance_pct": 100.0}
    assert sla["open_overdue"] == 1
    assert dashboard["permits"] == {"submitted": 1, "verified": 0, "approved": 0, "rejected": 0}
    assert "Pak Darto" not in str(dashboard)
