"""The governance dashboard the gateway aggregates."""

from __future__ import annotations

from typing import Any

from benuo_governance.api.deps import NowDep, api_router
from benuo_governance.service_layer.dashboard import governance_dashboard
from benuo_runtime.db import SessionDep

router = api_router("dashboard")
SLA_WINDOW_DAYS = 90


@router.get("/dashboard")
def dashboard(session: SessionDep, now: NowDep) -> dict[str, Any]:
    """Open requests by kecamatan and category, SLA compliance (last 90 days), permits."""
    return governance_dashboard(session, now=now, window_days=SLA_WINDOW_DAYS)
