"""Service-level deadlines (SP4N-LAPOR! style) and how a request's clocks move.

Two clocks per request: verification (the regency verifies a report within a few working
days of submission) and follow-up (the responsible agency resolves it within its category's
working days, counted from verification, and again from each reopening).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from benuo_contract.events.governance import RequestStatus
from benuo_governance.domain.calendar import WorkingCalendar
from benuo_governance.domain.workflow import ENDS_FOLLOW_UP, ENDS_VERIFICATION, STARTS_FOLLOW_UP


class Stage(StrEnum):
    VERIFICATION = "verification"
    FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class Clocks:
    verification_due_at: datetime
    verification_done_at: datetime | None = None
    follow_up_due_at: datetime | None = None
    follow_up_done_at: datetime | None = None


@dataclass(frozen=True)
class Breach:
    stage: Stage
    due_at: datetime


def on_time(done_at: datetime, due_at: datetime) -> bool:
    return done_at < due_at


def clocks_at_submission(
    calendar: WorkingCalendar, submitted_at: datetime, verification_days: int
) -> Clocks:
    return Clocks(verification_due_at=calendar.deadline(submitted_at, verification_days))


def clocks_after_change(
    clocks: Clocks,
    new_status: RequestStatus,
    at: datetime,
    *,
    calendar: WorkingCalendar,
    follow_up_days: int,
) -> Clocks:
    """The clocks once a request has moved to ``new_status`` at ``at``."""
    if new_status in ENDS_VERIFICATION and clocks.verification_done_at is None:
        clocks = dataclasses.replace(clocks, verification_done_at=at)
    if new_status in STARTS_FOLLOW_UP:
        return dataclasses.replace(
            clocks,
            follow_up_due_at=calendar.deadline(at, follow_up_days),
            follow_up_done_at=None,
        )
    if (
        new_status in ENDS_FOLLOW_UP
        and clocks.follow_up_due_at is not None
        and clocks.follow_up_done_at is None
    ):
        return dataclasses.replace(clocks, follow_up_done_at=at)
    return clocks


def breaches(clocks: Clocks, now: datetime) -> list[Breach]:
    """Deadlines missed as of ``now``: passed while open, or met only late."""
    found = []
    stages = (
        (Stage.VERIFICATION, clocks.verification_due_at, clocks.verification_done_at),
        (Stage.FOLLOW_UP, clocks.follow_up_due_at, clocks.follow_up_done_at),
    )
    for stage, due, done in stages:
        if due is None:
            continue
        missed = now >= due if done is None else not on_time(done, due)
        if missed:
            found.append(Breach(stage, due))
    return found


def resolved_within_sla(clocks: Clocks, resolved_at: datetime) -> bool:
    due = clocks.follow_up_due_at
    return due is None or on_time(resolved_at, due)
