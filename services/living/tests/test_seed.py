"""The facilities a fresh database starts with."""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session, select

from benuo_living.domain.facilities import FacilityType
from benuo_living.models import Facility
from benuo_runtime.geo import haversine_m
from benuo_runtime.regions import ppu_regions


def test_seed_covers_every_kecamatan_and_type_with_the_verified_names_not_marked_demo(
    session: Session,
) -> None:
    facilities = session.exec(select(Facility)).all()
    regions = ppu_regions()
    assert len(facilities) >= 150
    assert {f.kecamatan_code for f in facilities} == {k.code for k in regions.kecamatan()}
    for kecamatan in regions.kecamatan():
        types = {f.type for f in facilities if f.kecamatan_code == kecamatan.code}
        assert {"puskesmas", "school", "street_light", "market"} <= types, kecamatan.name
    assert Counter(f.type for f in facilities).keys() == set(FacilityType)

    verified = {(f.name, f.desa_code, f.kecamatan_code) for f in facilities if not f.demo}
    assert verified == {
        ("UPT Puskesmas Maridan", "64.09.04.1007", "64.09.04"),
        ("Pasar Induk Penajam", "64.09.01.1010", "64.09.01"),
    }
    for facility in facilities:
        village = regions.get(facility.desa_code)
        assert village is not None
        assert village.parent_code == facility.kecamatan_code
        assert village.bbox.contains(facility.lat, facility.lng), facility.facility_id
        assert haversine_m(facility.lat, facility.lng, village.lat, village.lng) < 2_000
        assert (facility.status, facility.officer_status, facility.version) == (
            "operational",
            "operational",
            1,
        )
