"""Nearby search: the same answer as great-circle distance computed by hand, page by page."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlmodel import select

from benuo_living.domain.facilities import FacilityType
from benuo_living.models import Facility
from benuo_runtime.db import SessionFactory
from benuo_runtime.geo import haversine_m
from benuo_runtime.regions import ppu_regions

NEARBY = "/api/v1/living/facilities/nearby"


def add_random_facilities(sessions: SessionFactory, count: int, seed: int) -> None:
    rng = random.Random(seed)
    villages = ppu_regions().villages()
    now = datetime.now(UTC)
    with sessions() as session:
        for number in range(count):
            village = rng.choice(villages)
            status = rng.choice(["operational", "operational", "degraded", "out_of_service"])
            session.add(
                Facility(
                    facility_id=f"FAC-TST-{number:05d}",
                    type=rng.choice(list(FacilityType)),
                    name=f"Test {number}",
                    kecamatan_code=village.parent_code,
                    desa_code=village.code,
                    lat=village.lat + rng.uniform(-0.02, 0.02),
                    lng=village.lng + rng.uniform(-0.02, 0.02),
                    status=status,
                    officer_status=status,
                    demo=True,
                    created_at=now,
                    updated_at=now,
                )
            )
        session.commit()


def expected(sessions: SessionFactory, lat: float, lng: float, radius: float, **filters):
    with sessions() as session:
        facilities = session.exec(select(Facility)).all()
    found = []
    for f in facilities:
        if any(getattr(f, key) not in allowed for key, allowed in filters.items()):
            continue
        distance = haversine_m(lat, lng, f.lat, f.lng)
        if distance <= radius:
            found.append((distance, f.facility_id))
    return [(facility_id, round(distance, 1)) for distance, facility_id in sorted(found)]


def everything(client: TestClient, params: dict) -> tuple[list[tuple[str, float]], int]:
    """Walk every page; the pages must add up to the total, without overlap."""
    items, offset = [], 0
    while True:
        page = client.get(NEARBY, params={**params, "limit": 37, "offset": offset}).json()
        items += [(item["facility_id"], item["distance_m"]) for item in page["items"]]
        offset += 37
        if offset >= page["total"]:
            return items, page["total"]


def test_nearby_results_are_every_facility_within_the_radius_nearest_first(
    client: TestClient, sessions: SessionFactory
) -> None:
    add_random_facilities(sessions, 400, seed=1)
    rng = random.Random(2)
    villages = ppu_regions().villages()
    for radius in (300, 1_500, 5_000, 20_000):
        village = rng.choice(villages)
        lat, lng = village.lat + rng.uniform(-0.01, 0.01), village.lng + rng.uniform(-0.01, 0.01)
        items, total = everything(client, {"lat": lat, "lng": lng, "radius_m": radius})
        assert items == expected(sessions, lat, lng, radius)
        assert total == len(items)
    widest, total = everything(client, {"lat": -1.157, "lng": 116.59, "radius_m": 50_000})
    assert widest == expected(sessions, -1.157, 116.59, 50_000)
    assert 500 < total < 554  # most of the 154 seeded and 400 added; PPU is 89 km long


def test_nearby_filters_by_type_status_and_kecamatan(
    client: TestClient, sessions: SessionFactory
) -> None:
    add_random_facilities(sessions, 300, seed=3)
    penajam = ppu_regions().get("64.09.01")
    assert penajam is not None
    params = {
        "lat": penajam.lat,
        "lng": penajam.lng,
        "radius_m": 25_000,
        "type": ["street_light", "water_tap"],
        "status": ["degraded", "out_of_service"],
        "kecamatan_code": "64.09.01",
    }
    items, _ = everything(client, params)
    assert items
    assert items == expected(
        sessions,
        penajam.lat,
        penajam.lng,
        25_000,
        type={"street_light", "water_tap"},
        status={"degraded", "out_of_service"},
        kecamatan_code={"64.09.01"},
    )


def test_nearby_answers_with_details_and_refuses_bad_queries(client: TestClient) -> None:
    nenang = {"lat": -1.27216, "lng": 116.73274}
    page = client.get(NEARBY, params={**nenang, "radius_m": 100, "type": "market"}).json()
    [market] = page["items"]
    assert (market["facility_id"], market["distance_m"], market["status"]) == (
        "FAC-PSR-PENAJAM",
        0.0,
        "operational",
    )
    for bad in (
        {"lng": 116.7},
        {**nenang, "radius_m": 0},
        {**nenang, "radius_m": 60_000},
        {**nenang, "lat": -91},
        {**nenang, "status": "broken"},
    ):
        answer = client.get(NEARBY, params=bad)
        assert answer.status_code == 422, bad
        assert answer.json()["errors"]
