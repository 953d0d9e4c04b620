"""Who sees what and who may do what, as plain rules over a ``Viewer``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from benuo_contract.events.governance import RequestStatus

S = RequestStatus
PILLAR = "governance"
PERMIT_AGENCY = "DPMPTSP"

# What a reporter may do to their own request: confirm the fix, or say it is not fixed.
OWNER_TRANSITIONS = frozenset(
    {(S.RESOLVED, S.CLOSED), (S.RESOLVED, S.REOPENED), (S.CLOSED, S.REOPENED)}
)


class View(StrEnum):
    """How much of a request a viewer gets."""

    PUBLIC = "public"
    OWNER = "owner"
    OFFICER = "officer"


@dataclass(frozen=True)
class Viewer:
    subject: str
    role: str = "anonymous"
    signed_in: bool = False
    admin: bool = False
    governance_officer: bool = False
    agencies: frozenset[str] = frozenset()

    @property
    def is_officer(self) -> bool:
        """An admin, or an officer of the governance pillar for at least one agency."""
        return self.admin or (self.governance_officer and bool(self.agencies))

    def acts_for(self, agency_code: str) -> bool:
        return self.admin or (self.governance_officer and agency_code in self.agencies)

    def owns(self, owner_subject: str | None) -> bool:
        return self.signed_in and owner_subject is not None and owner_subject == self.subject

    def view_of(self, agency_code: str, owner_subject: str | None) -> View:
        if self.acts_for(agency_code):
            return View.OFFICER
        if self.owns(owner_subject):
            return View.OWNER
        return View.PUBLIC

    def view_as_reporter(self, agency_code: str) -> View:
        """Whoever just submitted a report sees at least what they gave (anonymous too)."""
        return View.OFFICER if self.acts_for(agency_code) else View.OWNER

    def may_move(
        self,
        agency_code: str,
        owner_subject: str | None,
        current: RequestStatus,
        wanted: RequestStatus,
    ) -> bool:
        if self.acts_for(agency_code):
            return True
        return self.owns(owner_subject) and (current, wanted) in OWNER_TRANSITIONS

    @property
    def handles_permits(self) -> bool:
        return self.acts_for(PERMIT_AGENCY)
