"""Which citizen requests hold a facility down, and which facility a request is about."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from benuo_contract.events.governance import RequestStatus

# A request in any other status (resolved, closed, rejected, duplicate) no longer says the
# facility is broken.
OPEN_STATUSES = frozenset(
    {
        RequestStatus.SUBMITTED,
        RequestStatus.VERIFIED,
        RequestStatus.ASSIGNED,
        RequestStatus.IN_PROGRESS,
        RequestStatus.REOPENED,
    }
)


def is_open(status: RequestStatus) -> bool:
    return status in OPEN_STATUSES


def is_newer(version: int, known_version: int | None) -> bool:
    """Whether a request event carries newer state than what was applied already.

    Request events carry the whole state as of their ``version``, so the newest one wins and
    anything older or equal (a late, reordered or repeated event) changes nothing.
    """
    return known_version is None or version > known_version


@dataclass(frozen=True)
class Candidate:
    facility_id: str
    type: str


def facility_type_for(service_code: str, mapping: Mapping[str, str]) -> str | None:
    """The facility type a request category is about, if any."""
    return mapping.get(service_code)


def choose_facility(
    wanted_type: str | None,
    *,
    named: Candidate | None,
    current: Candidate | None,
    nearest: Callable[[], Candidate | None],
) -> Candidate | None:
    """The facility a request holds: the one it names, else the one it already holds (if
    still the right type), else the nearest of the wanted type (``nearest`` is only called
    when needed, as it costs a query)."""
    if wanted_type is None:
        return None
    if named is not None:
        return named
    if current is not None and current.type == wanted_type:
        return current
    return nearest()
