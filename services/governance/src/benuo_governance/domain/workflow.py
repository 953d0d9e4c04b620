"""The status workflow of a service request: one explicit transition table."""

from __future__ import annotations

from collections.abc import Mapping

from benuo_contract.events.governance import RequestStatus

S = RequestStatus

TRANSITIONS: Mapping[RequestStatus, tuple[RequestStatus, ...]] = {
    S.SUBMITTED: (S.VERIFIED, S.REJECTED, S.DUPLICATE),
    S.VERIFIED: (S.ASSIGNED, S.REJECTED, S.DUPLICATE),
    # assigned -> assigned is a new disposition: the request moves to another agency.
    S.ASSIGNED: (S.ASSIGNED, S.IN_PROGRESS, S.REJECTED, S.DUPLICATE),
    S.IN_PROGRESS: (S.ASSIGNED, S.RESOLVED),
    S.RESOLVED: (S.CLOSED, S.REOPENED),
    S.CLOSED: (S.REOPENED,),
    S.REJECTED: (),
    S.DUPLICATE: (),
    S.REOPENED: (S.ASSIGNED, S.IN_PROGRESS, S.RESOLVED),
}

# Open311 knows only "open" and "closed"; the detailed status goes into status_notes.
CLOSED_STATUSES = frozenset({S.RESOLVED, S.CLOSED, S.REJECTED, S.DUPLICATE})
OPEN_STATUSES = frozenset(RequestStatus) - CLOSED_STATUSES

# Changes that stop a running clock (verification or follow-up).
ENDS_VERIFICATION = frozenset({S.VERIFIED, S.REJECTED, S.DUPLICATE})
ENDS_FOLLOW_UP = frozenset({S.RESOLVED, S.REJECTED, S.DUPLICATE})
# Changes that start the follow-up clock.
STARTS_FOLLOW_UP = frozenset({S.VERIFIED, S.REOPENED})


class TransitionRefused(Exception):
    """The workflow does not lead from ``current`` to ``wanted``."""

    def __init__(self, current: RequestStatus, wanted: RequestStatus) -> None:
        self.current = current
        self.wanted = wanted
        self.allowed = list(TRANSITIONS[current])
        allowed = ", ".join(self.allowed) or "none: it is final"
        super().__init__(
            f"A request that is {current} cannot become {wanted}. Allowed next: {allowed}."
        )


def check_transition(current: RequestStatus, wanted: RequestStatus) -> None:
    if wanted not in TRANSITIONS[current]:
        raise TransitionRefused(current, wanted)


def open311_status(status: RequestStatus) -> str:
    return "closed" if status in CLOSED_STATUSES else "open"
