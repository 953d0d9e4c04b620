"""Ranking facilities by great-circle distance from a point."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from benuo_runtime.geo import haversine_m


@dataclass(frozen=True)
class Ranked:
    facility_id: str
    distance_m: float


def rank_within(
    lat: float, lng: float, radius_m: float, candidates: Iterable[tuple[str, float, float]]
) -> list[Ranked]:
    """Candidates ``(id, lat, lng)`` within ``radius_m``, nearest first (ties by id, so that
    pages never overlap)."""
    ranked = []
    for facility_id, facility_lat, facility_lng in candidates:
        distance = haversine_m(lat, lng, facility_lat, facility_lng)
        if distance <= radius_m:
            ranked.append(Ranked(facility_id, distance))
    ranked.sort(key=lambda item: (item.distance_m, item.facility_id))
    return ranked
