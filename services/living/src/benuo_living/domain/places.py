"""Where a facility is: a point inside the regency and the desa/kelurahan it belongs to."""

from __future__ import annotations

from benuo_runtime.geo import BoundingBox
from benuo_runtime.regions import Region, Regions

# Village boxes come from simplified polygons; a facility on the edge of its desa may fall
# a little outside its box without being wrong.
DESA_MARGIN_DEG = 0.02  # about 2.2 km


class PlaceError(ValueError):
    """A location or desa code that cannot be a facility's place; says what to fix."""


def resolve_place(regions: Regions, lat: float, lng: float, desa_code: str | None) -> Region:
    """The desa/kelurahan of a facility at (lat, lng): the one given, if the point lies in or
    near it, or else the one the point falls in."""
    if not regions.contains(lat, lng):
        box = regions.regency.bbox
        raise PlaceError(
            f"The location ({lat}, {lng}) is outside Penajam Paser Utara "
            f"(lat {box.min_lat}..{box.max_lat}, lng {box.min_lng}..{box.max_lng})."
        )
    if desa_code is None:
        return regions.locate(lat, lng)
    village = regions.get(desa_code)
    if village is None or not village.is_village:
        raise PlaceError(f"{desa_code} is not a desa or kelurahan of Penajam Paser Utara.")
    if not _grown(village.bbox).contains(lat, lng):
        raise PlaceError(
            f"The location ({lat}, {lng}) is not in or near {village.name} ({desa_code}); "
            "correct one of them, or leave desa_code out to derive it from the location."
        )
    return village


def _grown(box: BoundingBox) -> BoundingBox:
    return BoundingBox(
        box.min_lat - DESA_MARGIN_DEG,
        box.max_lat + DESA_MARGIN_DEG,
        box.min_lng - DESA_MARGIN_DEG,
        box.max_lng + DESA_MARGIN_DEG,
    )
