"""Reference data shipped with the service; data migrations load it into the database."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources


@dataclass(frozen=True)
class HolidayRow:
    day: date
    name: str
    kind: str
    status: str


@dataclass(frozen=True)
class KbliRow:
    code: str
    title: str
    risk_level: str


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (resources.files("benuo_governance.reference") / name).open(encoding="utf-8") as handle:
        yield from csv.DictReader(line for line in handle if not line.startswith("#"))


def holidays() -> list[HolidayRow]:
    return [
        HolidayRow(date.fromisoformat(row["date"]), row["name"], row["kind"], row["status"])
        for row in _rows("holidays.csv")
    ]


def kbli() -> list[KbliRow]:
    return [KbliRow(row["code"], row["title"], row["risk_level"]) for row in _rows("kbli.csv")]
