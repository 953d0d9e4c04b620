import pytest

from benuo_runtime.geo import BoundingBox, haversine_m
from benuo_runtime.regions import OutsideRegency, ppu_regions


def test_reference_data_holds_ppus_4_kecamatan_and_54_villages() -> None:
    regions = ppu_regions()
    assert {k.name for k in regions.kecamatan()} == {"Penajam", "Waru", "Babulu", "Sepaku"}
    assert len(regions.villages()) == 54
    assert len(regions.villages("64.09.04")) > 0
    nenang = regions.get("64.09.01.1010")
    assert nenang is not None
    assert (nenang.name, nenang.level, nenang.parent_code) == ("Nenang", "kelurahan", "64.09.01")


def test_every_village_is_located_at_its_own_centroid() -> None:
    regions = ppu_regions()
    for village in regions.villages():
        assert regions.locate(village.lat, village.lng).code == village.code


def test_locations_outside_the_regency_are_refused() -> None:
    with pytest.raises(OutsideRegency, match="outside Penajam Paser Utara"):
        ppu_regions().locate(-0.5, 117.15)  # Samarinda


def test_haversine_matches_a_known_distance() -> None:
    # One degree of latitude is 111.2 km on the mean sphere.
    assert haversine_m(0, 116, 1, 116) == pytest.approx(111_195, rel=1e-4)
    assert haversine_m(-1.25, 116.83, -1.25, 116.83) == 0


def test_box_around_a_point_holds_the_whole_circle() -> None:
    box = BoundingBox.around(-1.25, 116.83, 1000)
    assert haversine_m(-1.25, 116.83, box.max_lat, 116.83) == pytest.approx(1000, rel=1e-6)
    assert haversine_m(-1.25, 116.83, box.min_lat, 116.83) == pytest.approx(1000, rel=1e-6)
    assert haversine_m(-1.25, 116.83, -1.25, box.max_lng) == pytest.approx(1000, rel=1e-3)
