"""Business registry rules: what a permit event does to the registry, which status moves exist."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from enum import StrEnum

from benuo_contract.events.economy import BusinessStatus
from benuo_contract.events.governance import RiskLevel

_NEXT_STATUSES: dict[BusinessStatus, frozenset[BusinessStatus]] = {
    BusinessStatus.ACTIVE: frozenset({BusinessStatus.SUSPENDED, BusinessStatus.CLOSED}),
    BusinessStatus.SUSPENDED: frozenset({BusinessStatus.ACTIVE, BusinessStatus.CLOSED}),
    # A closed business that trades again registers again: its history stays as it was.
    BusinessStatus.CLOSED: frozenset(),
}


class StatusChangeNotAllowed(ValueError):
    def __init__(self, current: BusinessStatus, wanted: BusinessStatus) -> None:
        self.current, self.wanted = current, wanted
        self.allowed = sorted(_NEXT_STATUSES[current])
        super().__init__(f"a {current} business cannot become {wanted}")


def check_status_change(current: BusinessStatus, wanted: BusinessStatus) -> None:
    if wanted != current and wanted not in _NEXT_STATUSES[current]:
        raise StatusChangeNotAllowed(current, wanted)


@dataclass(frozen=True)
class BusinessFacts:
    """What describes a business, apart from its status and identity."""

    name: str
    kbli_code: str
    risk_level: RiskLevel
    permit_number: str | None
    kecamatan_code: str
    desa_code: str

    def updated(self, **changes: object) -> BusinessFacts:
        return replace(self, **changes)  # type: ignore[arg-type]

    def differences(self, other: BusinessFacts) -> list[str]:
        """Names of the facts that differ between ``self`` and ``other``."""
        return [f.name for f in fields(self) if getattr(self, f.name) != getattr(other, f.name)]


class PermitOutcome(StrEnum):
    REGISTER = "register"
    UPDATE = "update"
    STALE = "stale"


def permit_outcome(applied_version: int | None, event_version: int) -> PermitOutcome:
    """What an approval of ``event_version`` does, given the permit version already applied.

    The same approval again (any delivery of it) and anything older change nothing; a newer
    approval of a permit we know updates the business it created.
    """
    if applied_version is None:
        return PermitOutcome.REGISTER
    if event_version > applied_version:
        return PermitOutcome.UPDATE
    return PermitOutcome.STALE
