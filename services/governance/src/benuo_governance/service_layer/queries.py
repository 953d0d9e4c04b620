"""Finding requests: filters, a stable order, cursor and page pagination, nearby reports."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_
from sqlalchemy.orm import load_only
from sqlmodel import Session, col, select

from benuo_contract.events.governance import RequestStatus
from benuo_governance.domain.workflow import OPEN_STATUSES
from benuo_governance.persistence.requests import ServiceRequest
from benuo_governance.service_layer.cursor import decode_cursor, encode_cursor
from benuo_runtime.geo import BoundingBox, haversine_m

R = ServiceRequest
_ID_LIKE = re.compile(r"^(PPU-?)?[0-9-]+$", re.IGNORECASE)


@dataclass(frozen=True)
class RequestFilters:
    statuses: Sequence[str] = ()
    service_codes: Sequence[str] = ()
    public_ids: Sequence[str] = ()
    agency_code: str | None = None
    kecamatan_code: str | None = None
    desa_code: str | None = None
    submitted_from: datetime | None = None
    submitted_before: datetime | None = None
    updated_after: datetime | None = None
    updated_before: datetime | None = None
    bbox: BoundingBox | None = None
    text: str | None = None
    reporter_subject: str | None = None

    def conditions(self, dialect: str) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        for values, column in (
            (self.statuses, R.status),
            (self.service_codes, R.service_code),
            (self.public_ids, R.public_id),
        ):
            if values:
                found.append(col(column).in_(values))
        equal: tuple[tuple[str | None, Any], ...] = (
            (self.agency_code, R.agency_code),
            (self.kecamatan_code, R.kecamatan_code),
            (self.desa_code, R.desa_code),
            (self.reporter_subject, R.reporter_subject),
        )
        found.extend(col(column) == value for value, column in equal if value is not None)
        if self.submitted_from is not None:
            found.append(col(R.submitted_at) >= self.submitted_from)
        if self.submitted_before is not None:
            found.append(col(R.submitted_at) < self.submitted_before)
        if self.updated_after is not None:
            found.append(col(R.updated_at) >= self.updated_after)
        if self.updated_before is not None:
            found.append(col(R.updated_at) < self.updated_before)
        if self.bbox is not None:
            found.append(col(R.lat).between(self.bbox.min_lat, self.bbox.max_lat))
            found.append(col(R.lng).between(self.bbox.min_lng, self.bbox.max_lng))
        if self.text:
            found.append(_text_matches(self.text, dialect))
        return found


def _text_matches(text: str, dialect: str) -> ColumnElement[bool]:
    """Descriptions containing ``text``; ids too when it looks like (part of) an id."""
    pattern = f"%{_escape_like(text)}%"
    description = _contains(R.description, pattern, dialect)
    if not _ID_LIKE.match(text):
        return description
    return or_(description, _contains(R.public_id, pattern, dialect))


def _contains(column: Any, pattern: str, dialect: str) -> ColumnElement[bool]:
    # SQLite's LIKE ignores ASCII case already, and is three times faster than the
    # lower() LIKE lower() that ilike becomes there.
    if dialect == "sqlite":
        return col(column).like(pattern, escape="\\")
    return col(column).ilike(pattern, escape="\\")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class Page:
    items: list[ServiceRequest]
    total: int
    next_cursor: str | None


NEWEST_FIRST = (col(R.submitted_at).desc(), col(R.id).desc())
# What list views show. Loading only these (and refusing the others outright, so a view
# that needs more fails loudly instead of querying per row) saves a third of the row cost.
LISTED = load_only(
    *(
        getattr(R, name)
        for name in (
            "public_id",
            "version",
            "status",
            "service_code",
            "agency_code",
            "description",
            "address",
            "lat",
            "lng",
            "kecamatan_code",
            "desa_code",
            "facility_ref",
            "media_urls",
            "duplicate_of",
            "submitted_at",
            "updated_at",
            "verification_due_at",
            "follow_up_due_at",
            "resolved_at",
        )
    ),
    raiseload=True,
)


def _conditions(session: Session, filters: RequestFilters) -> list[ColumnElement[bool]]:
    return filters.conditions(session.get_bind().dialect.name)


def count(session: Session, filters: RequestFilters) -> int:
    return session.exec(
        select(func.count()).select_from(R).where(*_conditions(session, filters))
    ).one()


def by_cursor(session: Session, filters: RequestFilters, *, cursor: str | None, limit: int) -> Page:
    query = select(R).options(LISTED).where(*_conditions(session, filters))
    if cursor:
        at, last_id = decode_cursor(cursor)
        query = query.where(
            or_(col(R.submitted_at) < at, and_(col(R.submitted_at) == at, col(R.id) < last_id))
        )
    rows = list(session.exec(query.order_by(*NEWEST_FIRST).limit(limit + 1)).all())
    more = len(rows) > limit
    items = rows[:limit]
    next_cursor = encode_cursor(items[-1].submitted_at, items[-1].id) if more else None
    return Page(items, count(session, filters), next_cursor)


def by_page(session: Session, filters: RequestFilters, *, page: int, size: int) -> list[R]:
    query = select(R).options(LISTED).where(*_conditions(session, filters)).order_by(*NEWEST_FIRST)
    return list(session.exec(query.offset((page - 1) * size).limit(size)).all())


def nearby(
    session: Session,
    *,
    service_code: str,
    lat: float,
    lng: float,
    radius_m: float,
    closed_since: datetime,
    exclude: str | None = None,
) -> list[tuple[ServiceRequest, float]]:
    """Same-category reports within ``radius_m``: open ones, or closed since ``closed_since``.

    Duplicates are left out (their originals are what a reporter should see), nearest first.
    """
    box = BoundingBox.around(lat, lng, radius_m)
    query = (
        select(R)
        .options(LISTED)
        .where(
            col(R.service_code) == service_code,
            col(R.lat).between(box.min_lat, box.max_lat),
            col(R.lng).between(box.min_lng, box.max_lng),
            col(R.status) != RequestStatus.DUPLICATE,
            or_(col(R.status).in_(OPEN_STATUSES), col(R.closed_at) >= closed_since),
        )
    )
    if exclude:
        query = query.where(col(R.public_id) != exclude)
    found = []
    for row in session.exec(query).all():
        distance = haversine_m(lat, lng, row.lat, row.lng)
        if distance <= radius_m:
            found.append((row, round(distance, 1)))
    return sorted(found, key=lambda pair: pair[1])
