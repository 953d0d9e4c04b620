"""``GET /api/v1/dashboard``: every pillar's KPIs, fetched concurrently; a pillar that cannot
answer is listed under ``missing`` while the others still show."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import orjson
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from benuo_gateway.domain.dashboard import PillarKpis, city_dashboard
from benuo_gateway.edge.upstream_client import UpstreamFailure
from benuo_gateway.gateway import Gateway
from benuo_runtime.auth import ANONYMOUS

router = APIRouter(prefix="/api/v1", tags=["dashboard"])
DASHBOARD_PILLARS = ("governance", "economy", "living")
PARTIAL_MAX_AGE_SECONDS = 5


class MissingPart(BaseModel):
    pillar: str
    reason: str


class CityDashboard(BaseModel):
    generated_at: datetime
    complete: bool = Field(description="False when some pillar could not answer")
    pillars: dict[str, dict[str, Any]] = Field(
        description="Each pillar's KPIs, as its GET /api/v1/<pillar>/dashboard returns them"
    )
    missing: list[MissingPart]


@router.get("/dashboard", summary="The city dashboard: KPIs across pillars")
async def dashboard(request: Request, response: Response) -> CityDashboard:
    gateway: Gateway = request.app.state.gateway
    pillars = [name for name in DASHBOARD_PILLARS if name in gateway.routes.upstreams]
    parts = await asyncio.gather(*(_kpis(gateway, pillar) for pillar in pillars))
    body = city_dashboard(parts, datetime.now(UTC))
    if not body["complete"]:
        response.headers["cache-control"] = f"public, max-age={PARTIAL_MAX_AGE_SECONDS}"
    return CityDashboard.model_validate(body)


async def _kpis(gateway: Gateway, pillar: str) -> PillarKpis:
    upstream = gateway.routes.upstreams[pillar]
    headers = [("authorization", gateway.internal_tokens.authorization(ANONYMOUS).decode())]
    try:
        answer = await gateway.upstreams.send(
            upstream, "GET", f"/api/v1/{pillar}/dashboard", headers, b"", retryable=True
        )
    except UpstreamFailure as failure:
        return PillarKpis(pillar, problem=failure.detail)
    if answer.status != 200:
        return PillarKpis(pillar, problem=f"the {pillar} service answered {answer.status}")
    try:
        kpis = orjson.loads(answer.body)
    except orjson.JSONDecodeError:
        return PillarKpis(pillar, problem=f"the {pillar} service answered something not JSON")
    if not isinstance(kpis, dict):
        return PillarKpis(pillar, problem=f"the {pillar} service answered something not an object")
    return PillarKpis(pillar, kpis=kpis)
