"""The city dashboard: each pillar's KPIs side by side, and which pillars could not answer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class PillarKpis:
    pillar: str
    kpis: dict[str, Any] | None = None
    problem: str | None = None  # why the pillar's part is missing


def city_dashboard(parts: Sequence[PillarKpis], generated_at: datetime) -> dict[str, Any]:
    missing = [
        {"pillar": part.pillar, "reason": part.problem or "no answer"}
        for part in parts
        if part.kpis is None
    ]
    return {
        "generated_at": generated_at.isoformat(),
        "complete": not missing,
        "pillars": {part.pillar: part.kpis for part in parts if part.kpis is not None},
        "missing": missing,
    }
