"""``/healthz`` (the process is alive) and ``/readyz`` (it can do its work, or why not)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from benuo_runtime.problems import problem_response


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    detail: str | None = None


@dataclass(frozen=True)
class ReadinessCheck:
    """``critical`` checks make the service unready; the others only mark it degraded."""

    name: str
    probe: Callable[[], Awaitable[CheckResult]]
    critical: bool = True


router = APIRouter(tags=["operations"], include_in_schema=False)


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    checks: list[ReadinessCheck] = request.app.state.runtime.readiness_checks
    results = await asyncio.gather(*(_run(check) for check in checks))
    report: dict[str, Any] = {
        check.name: {"ok": result.ok, **({"detail": result.detail} if result.detail else {})}
        for check, result in zip(checks, results, strict=True)
    }
    failed = [c.name for c, r in zip(checks, results, strict=True) if not r.ok and c.critical]
    if failed:
        reasons = "; ".join(f"{name}: {report[name].get('detail', 'failed')}" for name in failed)
        return problem_response(
            503, f"Not ready: {reasons}", request=request, kind="not-ready", checks=report
        )
    degraded = any(not result.ok for result in results)
    return JSONResponse({"status": "degraded" if degraded else "ready", "checks": report})


async def _run(check: ReadinessCheck) -> CheckResult:
    try:
        return await asyncio.wait_for(check.probe(), timeout=2.0)
    except TimeoutError:
        return CheckResult(False, "no answer within 2 s")
    except Exception as error:
        return CheckResult(False, repr(error)[:300])


def database_check(runtime: Any) -> ReadinessCheck:
    def ping() -> None:
        with runtime.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    async def probe() -> CheckResult:
        await asyncio.to_thread(ping)
        return CheckResult(True)

    return ReadinessCheck("database", probe)


def nats_check(runtime: Any) -> ReadinessCheck:
    async def probe() -> CheckResult:
        if runtime.nats.is_connected:
            return CheckResult(True)
        return CheckResult(False, runtime.nats.last_error or "not connected")

    return ReadinessCheck("nats", probe)


def consumers_check(runtime: Any) -> ReadinessCheck:
    async def probe() -> CheckResult:
        waiting = [c.name for c in runtime.consumers if not c.is_running]
        if waiting:
            return CheckResult(False, f"not consuming yet: {', '.join(waiting)}")
        return CheckResult(True)

    return ReadinessCheck("consumers", probe)
