"""Where a request or a business is: PPU's desa/kelurahan from a code or a location."""

from __future__ import annotations

from benuo_runtime.geo import haversine_m
from benuo_runtime.problems import ProblemError
from benuo_runtime.regions import OutsideRegency, Region, ppu_regions


def _unknown(detail: str) -> ProblemError:
    return ProblemError(422, f"{detail} See GET /api/v1/governance/regions.", kind="unknown-region")


def village(code: str, *, field: str = "desa_code") -> Region:
    found = ppu_regions().get(code)
    if found is None or not found.is_village:
        raise _unknown(f"{field} {code} is not a desa or kelurahan of Penajam Paser Utara.")
    return found


def village_for(
    lat: float, lng: float, *, kecamatan_code: str | None, desa_code: str | None
) -> Region:
    """The desa of a request: the explicit code when given, else the one nearest the point.

    The point must lie inside PPU either way; an explicit kecamatan narrows the search.
    """
    regions = ppu_regions()
    try:
        nearest = regions.locate(lat, lng)
    except OutsideRegency as error:
        raise ProblemError(
            422,
            f"The location {error}. Reports are taken for Penajam Paser Utara only.",
            kind="outside-regency",
        ) from None
    if desa_code is not None:
        found = village(desa_code)
        if kecamatan_code is not None and found.parent_code != kecamatan_code:
            raise _unknown(
                f"desa_code {desa_code} lies in {found.parent_code}, not in {kecamatan_code}."
            )
        return found
    if kecamatan_code is None or nearest.parent_code == kecamatan_code:
        return nearest
    candidates = regions.villages(kecamatan_code)
    if not candidates:
        raise _unknown(f"kecamatan_code {kecamatan_code} is not a kecamatan of PPU.")
    return min(candidates, key=lambda v: haversine_m(lat, lng, v.lat, v.lng))
