"""Searching the registry and counting it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from benuo_economy.domain.kbli import UNKNOWN_SECTOR, sector_label
from benuo_economy.models import Business
from benuo_runtime.regions import ppu_regions


@dataclass(frozen=True)
class BusinessFilters:
    q: str | None = None
    kecamatan_code: str | None = None
    desa_code: str | None = None
    sector: str | None = None
    kbli_code: str | None = None
    status: str | None = None
    risk_level: str | None = None
    origin: str | None = None
    registered_from: date | None = None
    registered_to: date | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        equal = {
            Business.kecamatan_code: self.kecamatan_code,
            Business.desa_code: self.desa_code,
            Business.kbli_code: self.kbli_code,
            Business.status: self.status,
            Business.risk_level: self.risk_level,
            Business.origin: self.origin,
        }
        found = [col(column) == value for column, value in equal.items() if value is not None]
        if self.q:
            found.append(col(Business.name).icontains(self.q, autoescape=True))
        if self.sector == UNKNOWN_SECTOR:
            found.append(col(Business.sector_code).is_(None))
        elif self.sector:
            found.append(col(Business.sector_code) == self.sector)
        if self.registered_from:
            found.append(col(Business.registered_on) >= self.registered_from)
        if self.registered_to:
            found.append(col(Business.registered_on) <= self.registered_to)
        return found


def search(
    session: Session, filters: BusinessFilters, *, limit: int, offset: int
) -> tuple[list[Business], int]:
    """A page of businesses, newest registration first, and how many match in all."""
    conditions = filters.conditions()
    total = session.exec(select(func.count()).select_from(Business).where(*conditions)).one()
    page = session.exec(
        select(Business)
        .where(*conditions)
        .order_by(col(Business.registered_on).desc(), col(Business.id).desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(page), total


def count_registered_since(session: Session, day: date) -> int:
    query = select(func.count()).select_from(Business).where(col(Business.registered_on) >= day)
    return session.exec(query).one()


def statistics(session: Session, filters: BusinessFilters) -> dict[str, Any]:
    """Counts per kecamatan, sector, month of registration and status."""
    conditions = filters.conditions()

    def counts(column: Any) -> dict[Any, int]:
        query = select(column, func.count()).where(*conditions).group_by(column)
        return dict(session.exec(query).all())

    by_kecamatan = counts(col(Business.kecamatan_code))
    by_sector = counts(col(Business.sector_code))
    by_day = counts(col(Business.registered_on))
    months: Counter[str] = Counter()
    for day, count in by_day.items():
        months[f"{day:%Y-%m}"] += count
    return {
        "total": sum(by_kecamatan.values()),
        "by_kecamatan": [
            {"kecamatan_code": k.code, "name": k.name, "businesses": by_kecamatan.get(k.code, 0)}
            for k in sorted(ppu_regions().kecamatan(), key=lambda region: region.code)
        ],
        "by_sector": [
            {"sector_code": code, "sector": sector_label(code), "businesses": count}
            for code, count in sorted(by_sector.items(), key=lambda item: item[0] or "~")
        ],
        "by_month": [{"month": month, "registered": months[month]} for month in sorted(months)],
        "by_status": counts(col(Business.status)),
    }
