"""Facility types and how a facility's status follows from what officers and citizens say."""

from __future__ import annotations

from enum import StrEnum

from benuo_contract.events.living import FacilityStatus


class FacilityType(StrEnum):
    PUSKESMAS = "puskesmas"
    SCHOOL = "school"
    STREET_LIGHT = "street_light"
    WATER_TAP = "water_tap"
    MARKET = "market"
    PARK = "park"
    SPORTS_FIELD = "sports_field"

    @property
    def id_prefix(self) -> str:
        """The middle part of facility ids of this type (``FAC-PJU-0001``)."""
        return _ID_PREFIXES[self]


_ID_PREFIXES = {
    FacilityType.PUSKESMAS: "PKM",
    FacilityType.SCHOOL: "SKL",
    FacilityType.STREET_LIGHT: "PJU",
    FacilityType.WATER_TAP: "AIR",
    FacilityType.MARKET: "PSR",
    FacilityType.PARK: "TMN",
    FacilityType.SPORTS_FIELD: "OLR",
}

_SEVERITY = {
    FacilityStatus.OPERATIONAL: 0,
    FacilityStatus.DEGRADED: 1,
    FacilityStatus.OUT_OF_SERVICE: 2,
}


def effective_status(officer_status: FacilityStatus, open_requests: int) -> FacilityStatus:
    """What the public sees: the worse of the officer's word and the citizens' open reports.

    An open citizen request can only say "something is wrong" (degraded); an officer who
    knows the facility is closed (out of service) is not overruled by reports resolving.
    """
    reported = FacilityStatus.DEGRADED if open_requests else FacilityStatus.OPERATIONAL
    return max(officer_status, reported, key=_SEVERITY.__getitem__)
