"""The governance KPIs the gateway's dashboard shows: public figures, no personal data."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_
from sqlmodel import Session, col, select

from benuo_contract.events.governance import RequestStatus
from benuo_governance.domain.workflow import OPEN_STATUSES
from benuo_governance.persistence.catalogue import ServiceCategory
from benuo_governance.persistence.permits import PermitApplication
from benuo_governance.persistence.requests import ServiceRequest
from benuo_runtime.regions import ppu_regions

R = ServiceRequest
IS_OPEN = col(R.status).in_(OPEN_STATUSES)


def _count(session: Session, *conditions: ColumnElement[bool]) -> int:
    return session.exec(select(func.count()).select_from(R).where(*conditions)).one()


def _compliance(
    session: Session, scope: ColumnElement[bool], due: Any, done: Any, now: datetime
) -> dict[str, Any]:
    measured = _count(session, scope, due.is_not(None), or_(done.is_not(None), due <= now))
    met = _count(session, scope, done < due)
    return {
        "measured": measured,
        "met": met,
        "compliance_pct": round(100 * met / measured, 1) if measured else None,
    }


def governance_dashboard(session: Session, *, now: datetime, window_days: int) -> dict[str, Any]:
    open_by_kecamatan = dict(
        session.exec(
            select(R.kecamatan_code, func.count()).where(IS_OPEN).group_by(R.kecamatan_code)
        ).all()
    )
    open_by_category = dict(
        session.exec(
            select(R.service_code, func.count()).where(IS_OPEN).group_by(R.service_code)
        ).all()
    )
    by_status = dict(session.exec(select(R.status, func.count()).group_by(R.status)).all())
    categories = session.exec(select(ServiceCategory).order_by(col(ServiceCategory.code))).all()
    window = col(R.submitted_at) >= now - timedelta(days=window_days)
    overdue = and_(
        IS_OPEN,
        or_(
            and_(col(R.verification_done_at).is_(None), col(R.verification_due_at) <= now),
            and_(col(R.follow_up_done_at).is_(None), col(R.follow_up_due_at) <= now),
        ),
    )
    permits = dict(
        session.exec(
            select(PermitApplication.status, func.count()).group_by(PermitApplication.status)
        ).all()
    )
    return {
        "generated_at": now,
        "requests": {
            "open_total": sum(open_by_kecamatan.values()),
            "by_status": {status.value: by_status.get(status, 0) for status in RequestStatus},
            "open_by_kecamatan": [
                {"kecamatan_code": k.code, "name": k.name, "open": open_by_kecamatan.get(k.code, 0)}
                for k in sorted(ppu_regions().kecamatan(), key=lambda k: k.code)
            ],
            "open_by_category": [
                {"service_code": c.code, "name": c.name, "open": open_by_category.get(c.code, 0)}
                for c in categories
                if c.retired_at is None or c.code in open_by_category
            ],
        },
        "sla": {
            "window_days": window_days,
            "verification": _compliance(
                session, window, col(R.verification_due_at), col(R.verification_done_at), now
            ),
            "follow_up": _compliance(
                session, window, col(R.follow_up_due_at), col(R.follow_up_done_at), now
            ),
            "open_overdue": _count(session, overdue),
        },
        "permits": {
            status: permits.get(status, 0)
            for status in ("submitted", "verified", "approved", "rejected")
        },
    }
