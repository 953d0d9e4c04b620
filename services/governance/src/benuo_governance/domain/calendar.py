"""Working days in Penajam Paser Utara: Monday to Friday, except public holidays.

PPU keeps Central Indonesian Time (WITA, UTC+8, no daylight saving), so a "day" is a WITA
calendar day whatever the server's clock zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

WITA = timezone(timedelta(hours=8), "WITA")
_SATURDAY = 5


def local_date(moment: datetime) -> date:
    """The WITA calendar day of an aware moment."""
    return moment.astimezone(WITA).date()


def start_of_day(day: date) -> datetime:
    """00:00 WITA on ``day``, as a UTC moment."""
    return datetime.combine(day, time(), tzinfo=WITA).astimezone(UTC)


@dataclass(frozen=True)
class WorkingCalendar:
    holidays: frozenset[date] = frozenset()

    @classmethod
    def with_holidays(cls, days: Iterable[date]) -> WorkingCalendar:
        return cls(frozenset(days))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < _SATURDAY and day not in self.holidays

    def nth_working_day_after(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (``day`` itself never counts)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        found = 0
        while found < n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                found += 1
        return day

    def deadline(self, start: datetime, working_days: int) -> datetime:
        """When "within ``working_days`` working days of ``start``" runs out.

        The day of ``start`` does not count (a report made on Friday evening gets the whole
        of the following working days); the deadline is the end of the last working day,
        i.e. 00:00 WITA of the next calendar day. Something done before it is on time.
        """
        last = self.nth_working_day_after(local_date(start), working_days)
        return start_of_day(last + timedelta(days=1))

    def working_days_between(self, first: date, last: date) -> int:
        """How many working days lie in ``first``..``last``, both included."""
        count, day = 0, first
        while day <= last:
            count += self.is_working_day(day)
            day += timedelta(days=1)
        return count
