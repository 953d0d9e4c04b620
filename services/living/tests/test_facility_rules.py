"""Facility status, request linking, distance ranking and places (no I/O)."""

from __future__ import annotations

import random

import pytest

from benuo_contract.events.governance import RequestStatus
from benuo_contract.events.living import FacilityStatus
from benuo_living.domain.facilities import FacilityType, effective_status
from benuo_living.domain.nearby import rank_within
from benuo_living.domain.places import PlaceError, resolve_place
from benuo_living.domain.requests import Candidate, choose_facility, is_newer, is_open
from benuo_runtime.geo import haversine_m
from benuo_runtime.regions import ppu_regions

OPERATIONAL, DEGRADED, OUT = (
    FacilityStatus.OPERATIONAL,
    FacilityStatus.DEGRADED,
    FacilityStatus.OUT_OF_SERVICE,
)


@pytest.mark.parametrize(
    ("officer", "open_requests", "public"),
    [
        (OPERATIONAL, 0, OPERATIONAL),
        (OPERATIONAL, 2, DEGRADED),
        (DEGRADED, 0, DEGRADED),
        (OUT, 0, OUT),
        (OUT, 3, OUT),  # reports cannot make a closed facility look better
    ],
)
def test_the_public_status_is_the_worse_of_officer_and_open_reports(
    officer, open_requests, public
) -> None:
    assert effective_status(officer, open_requests) == public


def test_only_unfinished_requests_hold_a_facility_down() -> None:
    finished = {s for s in RequestStatus if not is_open(s)}
    assert finished == {
        RequestStatus.RESOLVED,
        RequestStatus.CLOSED,
        RequestStatus.REJECTED,
        RequestStatus.DUPLICATE,
    }


def test_only_a_newer_version_of_a_request_is_applied() -> None:
    assert is_newer(1, None)
    assert is_newer(3, 2)
    assert not is_newer(2, 2)  # the same state again
    assert not is_newer(1, 5)  # created arriving after resolved


LIGHT = Candidate("FAC-PJU-0001", "street_light")
OTHER_LIGHT = Candidate("FAC-PJU-0002", "street_light")
TAP = Candidate("FAC-AIR-0001", "water_tap")


def test_a_request_holds_the_facility_it_names_else_the_one_it_held_else_the_nearest() -> None:
    def nearest() -> Candidate:
        return OTHER_LIGHT

    assert choose_facility("street_light", named=TAP, current=LIGHT, nearest=nearest) == TAP
    assert choose_facility("street_light", named=None, current=LIGHT, nearest=nearest) == LIGHT
    assert choose_facility("street_light", named=None, current=TAP, nearest=nearest) == OTHER_LIGHT
    assert choose_facility("street_light", named=None, current=None, nearest=nearest) == OTHER_LIGHT
    assert choose_facility(None, named=TAP, current=LIGHT, nearest=nearest) is None


def test_ranking_matches_brute_force_haversine() -> None:
    rng = random.Random(7)
    points = [
        (f"F{n:04d}", rng.uniform(-1.6, -0.8), rng.uniform(116.33, 116.95)) for n in range(2000)
    ]
    for _ in range(20):
        lat, lng = rng.uniform(-1.6, -0.8), rng.uniform(116.33, 116.95)
        radius = rng.choice([500, 2_000, 10_000])
        expected = sorted(
            (haversine_m(lat, lng, p_lat, p_lng), fid)
            for fid, p_lat, p_lng in points
            if haversine_m(lat, lng, p_lat, p_lng) <= radius
        )
        ranked = rank_within(lat, lng, radius, points)
        assert [(r.distance_m, r.facility_id) for r in ranked] == expected


def test_every_type_has_its_own_id_prefix() -> None:
    prefixes = [t.id_prefix for t in FacilityType]
    assert len(set(prefixes)) == len(prefixes) == 7


def test_a_place_is_derived_from_the_location_or_checked_against_the_desa() -> None:
    regions = ppu_regions()
    nenang = regions.get("64.09.01.1010")
    assert nenang is not None
    assert resolve_place(regions, nenang.lat, nenang.lng, None).code == "64.09.01.1010"
    assert resolve_place(regions, nenang.lat, nenang.lng, "64.09.01.1010") == nenang
    with pytest.raises(PlaceError, match="outside Penajam Paser Utara"):
        resolve_place(regions, -0.5, 117.15, None)
    with pytest.raises(PlaceError, match="not a desa or kelurahan"):
        resolve_place(regions, nenang.lat, nenang.lng, "64.09.01")
    with pytest.raises(PlaceError, match="not in or near Maridan"):
        resolve_place(regions, nenang.lat, nenang.lng, "64.09.04.1007")
