"""The living dashboard the gateway aggregates."""

from __future__ import annotations

from fastapi.testclient import TestClient

FACILITIES = "/api/v1/living/facilities"


def test_the_dashboard_counts_what_is_down_by_type_and_kecamatan(
    client: TestClient, officer: dict[str, str]
) -> None:
    fresh = client.get("/api/v1/living/dashboard").json()
    total = fresh["facilities"]["total"]
    assert fresh["facilities"]["by_status"] == {
        "operational": total,
        "degraded": 0,
        "out_of_service": 0,
    }
    assert fresh["cost_of_living"] == []  # no price recorded yet

    for facility_id, status in (
        ("FAC-PKM-MARIDAN", "out_of_service"),  # Sepaku
        ("FAC-PJU-0001", "degraded"),  # Penajam
        ("FAC-PJU-0002", "out_of_service"),  # Penajam
    ):
        answer = client.put(
            f"{FACILITIES}/{facility_id}/status", json={"status": status}, headers=officer
        )
        assert answer.status_code == 200, answer.text

    facilities = client.get("/api/v1/living/dashboard").json()["facilities"]
    assert facilities["by_status"] == {
        "operational": total - 3,
        "degraded": 1,
        "out_of_service": 2,
    }
    assert facilities["not_operational"] == 3
    assert facilities["not_operational_by_type"] == {
        "puskesmas": {"degraded": 0, "out_of_service": 1},
        "street_light": {"degraded": 1, "out_of_service": 1},
    }
    by_kecamatan = facilities["not_operational_by_kecamatan"]
    assert by_kecamatan["64.09.04"] == {"name": "Sepaku", "degraded": 0, "out_of_service": 1}
    assert by_kecamatan["64.09.01"] == {"name": "Penajam", "degraded": 1, "out_of_service": 1}
    assert by_kecamatan["64.09.02"] == {"name": "Waru", "degraded": 0, "out_of_service": 0}
