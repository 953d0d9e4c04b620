"""Penajam Paser Utara keeps Central Indonesian Time (WITA, UTC+8, no daylight saving).

Dates a person in PPU would write down (a market day, a registration date, "this month")
are WITA dates, whatever the server's clock zone is.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

WITA = timezone(timedelta(hours=8), "WITA")


def wita_date(moment: datetime) -> date:
    """The calendar date in PPU at ``moment`` (an aware datetime)."""
    return moment.astimezone(WITA).date()


def wita_today(now: datetime | None = None) -> date:
    return wita_date(now or datetime.now(UTC))


def month_start(day: date) -> date:
    return day.replace(day=1)


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime; SQLite hands stored UTC moments back without their zone."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
