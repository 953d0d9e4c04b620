"""PPU's kecamatan and desa/kelurahan: Kemendagri codes, names, centroids, bounding boxes.

Data and provenance: ``reference/`` beside this module.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from benuo_runtime.geo import BoundingBox, haversine_m

Level = Literal["kabupaten", "kecamatan", "kelurahan", "desa"]
REGENCY_CODE = "64.09"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: Level
    parent_code: str
    lat: float
    lng: float
    bbox: BoundingBox

    @property
    def is_village(self) -> bool:
        """A desa or kelurahan (the lowest level)."""
        return self.level in ("desa", "kelurahan")


class OutsideRegency(ValueError):
    """A location outside Penajam Paser Utara's bounding box."""


@dataclass(frozen=True)
class Regions:
    by_code: dict[str, Region]

    @property
    def regency(self) -> Region:
        return self.by_code[REGENCY_CODE]

    def get(self, code: str) -> Region | None:
        return self.by_code.get(code)

    def kecamatan(self) -> list[Region]:
        return [r for r in self.by_code.values() if r.level == "kecamatan"]

    def villages(self, kecamatan_code: str | None = None) -> list[Region]:
        return [
            r
            for r in self.by_code.values()
            if r.is_village and (kecamatan_code is None or r.parent_code == kecamatan_code)
        ]

    def contains(self, lat: float, lng: float) -> bool:
        return self.regency.bbox.contains(lat, lng)

    def locate(self, lat: float, lng: float) -> Region:
        """The desa/kelurahan a point most likely lies in.

        Among villages whose bounding box holds the point, the one with the nearest centroid;
        if none does (boxes are approximate), the nearest centroid overall. The kecamatan is
        the result's ``parent_code``. Raises ``OutsideRegency`` outside PPU's bounding box.
        """
        if not self.contains(lat, lng):
            box = self.regency.bbox
            raise OutsideRegency(
                f"({lat}, {lng}) is outside Penajam Paser Utara "
                f"(lat {box.min_lat}..{box.max_lat}, lng {box.min_lng}..{box.max_lng})"
            )
        villages = self.villages()
        holding = [v for v in villages if v.bbox.contains(lat, lng)] or villages
        return min(holding, key=lambda v: haversine_m(lat, lng, v.lat, v.lng))


@cache
def ppu_regions() -> Regions:
    """The reference data, loaded once per process."""
    folder = resources.files("benuo_runtime") / "reference"
    with (folder / "ppu_wilayah.csv").open(encoding="utf-8") as handle:
        names = {row["code"]: row for row in csv.DictReader(handle)}
    regions: dict[str, Region] = {}
    with (folder / "ppu_centroids.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["code"]
            regions[code] = Region(
                code=code,
                name=names[code]["name"],
                level=names[code]["level"],  # type: ignore[arg-type]
                parent_code=names[code]["parent_code"],
                lat=float(row["centroid_lat"]),
                lng=float(row["centroid_lng"]),
                bbox=BoundingBox(
                    float(row["bbox_min_lat"]),
                    float(row["bbox_max_lat"]),
                    float(row["bbox_min_lng"]),
                    float(row["bbox_max_lng"]),
                ),
            )
    return Regions(regions)
