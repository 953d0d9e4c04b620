"""Price series: observations grouped by day, ISO week or month, with min/avg/max."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from statistics import fmean


class Bucket(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"

    def start_of(self, day: date) -> date:
        if self is Bucket.WEEK:
            return day - timedelta(days=day.weekday())
        if self is Bucket.MONTH:
            return day.replace(day=1)
        return day


@dataclass(frozen=True)
class SeriesPoint:
    period_start: date
    min: int
    avg: float
    max: int
    observations: int


def aggregate(observations: Iterable[tuple[date, int]], bucket: Bucket) -> list[SeriesPoint]:
    """One point per period that has observations, oldest first."""
    grouped: dict[date, list[int]] = defaultdict(list)
    for day, price in observations:
        grouped[bucket.start_of(day)].append(price)
    return [
        SeriesPoint(start, min(prices), round(fmean(prices), 2), max(prices), len(prices))
        for start, prices in sorted(grouped.items())
    ]
