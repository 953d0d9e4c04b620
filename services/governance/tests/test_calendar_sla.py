"""Working-day SLA arithmetic: weekends, national holidays and cuti bersama are skipped."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from benuo_contract.events.governance import RequestStatus
from benuo_governance.domain.calendar import WITA, WorkingCalendar, local_date
from benuo_governance.domain.sla import (
    Breach,
    Stage,
    breaches,
    clocks_after_change,
    clocks_at_submission,
    resolved_within_sla,
)
from benuo_governance.reference import holidays

S = RequestStatus
SEEDED = WorkingCalendar.with_holidays(h.day for h in holidays())
NO_HOLIDAYS = WorkingCalendar()


def wita(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=WITA)


def test_a_report_on_friday_gets_the_following_monday_to_wednesday() -> None:
    friday = wita(2026, 11, 27, 16)
    due = SEEDED.deadline(friday, 3)
    # End of Wednesday 2 December = 00:00 WITA on Thursday.
    assert due == wita(2026, 12, 3, 0)
    assert due.tzinfo is UTC or due.utcoffset() == timedelta(0)


def test_christmas_holiday_and_cuti_bersama_push_the_deadline_past_the_weekend() -> None:
    wednesday = wita(2026, 12, 23, 10)
    # Thu 24 (cuti bersama), Fri 25 (Natal), Sat 26, Sun 27 do not count: Mon 28, Tue 29, Wed 30.
    assert SEEDED.deadline(wednesday, 3) == wita(2026, 12, 31, 0)
    # Without the holidays it would have been Thu 24, Fri 25, Mon 28.
    assert NO_HOLIDAYS.deadline(wednesday, 3) == wita(2026, 12, 29, 0)


def test_the_idul_fitri_2026_block_counts_as_one_long_holiday() -> None:
    tuesday = wita(2026, 3, 17, 9)
    # 18 (cuti), 19 (Nyepi), 20 (cuti), 21-22 (Idul Fitri, weekend), 23-24 (cuti): none count.
    assert SEEDED.nth_working_day_after(local_date(tuesday), 1) == date(2026, 3, 25)
    assert SEEDED.working_days_between(date(2026, 3, 16), date(2026, 3, 27)) == 5


def test_a_report_made_on_a_holiday_counts_from_the_next_working_day() -> None:
    new_year = wita(2027, 1, 1, 8)  # Friday, a holiday
    assert SEEDED.deadline(new_year, 1) == wita(2027, 1, 5, 0)  # Monday 4 January


def test_days_are_wita_days_whatever_the_utc_date() -> None:
    # 23:30 UTC on Sunday is already Monday 07:30 in Penajam: Monday does not count.
    sunday_utc = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
    assert local_date(sunday_utc) == date(2026, 11, 30)
    assert SEEDED.deadline(sunday_utc, 1) == wita(2026, 12, 2, 0)


@given(
    start=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 20), timezones=st.just(UTC)
    ),
    days=st.integers(min_value=1, max_value=15),
)
def test_a_deadline_always_leaves_exactly_that_many_working_days(
    start: datetime, days: int
) -> None:
    due = SEEDED.deadline(start, days)
    last_day = local_date(due) - timedelta(days=1)
    assert SEEDED.is_working_day(last_day)
    assert SEEDED.working_days_between(local_date(start) + timedelta(days=1), last_day) == days


def test_clocks_follow_the_workflow() -> None:
    submitted = wita(2026, 11, 30)
    clocks = clocks_at_submission(SEEDED, submitted, 3)
    assert clocks.verification_due_at == wita(2026, 12, 4, 0)
    verified_at = wita(2026, 12, 2)
    clocks = clocks_after_change(clocks, S.VERIFIED, verified_at, calendar=SEEDED, follow_up_days=5)
    assert clocks.verification_done_at == verified_at
    assert clocks.follow_up_due_at == wita(2026, 12, 10, 0)
    resolved_at = wita(2026, 12, 9)
    clocks = clocks_after_change(clocks, S.RESOLVED, resolved_at, calendar=SEEDED, follow_up_days=5)
    assert clocks.follow_up_done_at == resolved_at
    assert resolved_within_sla(clocks, resolved_at)
    reopened_at = wita(2026, 12, 21)
    clocks = clocks_after_change(clocks, S.REOPENED, reopened_at, calendar=SEEDED, follow_up_days=5)
    # A new follow-up clock: 22, 23, (24, 25 off), 28, 29, 30 December.
    assert clocks.follow_up_due_at == wita(2026, 12, 31, 0)
    assert clocks.follow_up_done_at is None
    assert clocks.verification_done_at == verified_at


def test_breaches_are_deadlines_passed_while_open_or_met_late() -> None:
    clocks = clocks_at_submission(SEEDED, wita(2026, 11, 30), 3)
    due = clocks.verification_due_at
    assert breaches(clocks, due - timedelta(seconds=1)) == []
    assert breaches(clocks, due) == [Breach(Stage.VERIFICATION, due)]
    late = clocks_after_change(
        clocks, S.VERIFIED, due + timedelta(hours=1), calendar=SEEDED, follow_up_days=5
    )
    on_time = clocks_after_change(
        clocks, S.VERIFIED, due - timedelta(hours=1), calendar=SEEDED, follow_up_days=5
    )
    assert breaches(late, due + timedelta(hours=2)) == [Breach(Stage.VERIFICATION, due)]
    assert breaches(on_time, due + timedelta(hours=2)) == []
    assert on_time.follow_up_due_at is not None
    assert breaches(on_time, on_time.follow_up_due_at) == [
        Breach(Stage.FOLLOW_UP, on_time.follow_up_due_at)
    ]
    rejected = clocks_after_change(on_time, S.REJECTED, due, calendar=SEEDED, follow_up_days=5)
    assert breaches(rejected, on_time.follow_up_due_at + timedelta(days=30)) == []
