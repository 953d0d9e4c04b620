"""A pillar service stand-in for the gateway's tests: a real HTTP server (uvicorn in a thread)
that verifies the gateway's internal token like every service does, and records what it saw."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse

from benuo_runtime.auth import KeySet, Principal, TokenVerifier, caller
from benuo_runtime.embedded import free_port
from benuo_runtime.problems import install_problem_handlers
from benuo_runtime.testing import wait_until


@dataclass
class StubState:
    facilities: list[dict[str, Any]] = field(
        default_factory=lambda: [{"id": "F1", "status": "operational"}]
    )
    kpis: dict[str, Any] = field(default_factory=lambda: {"facilities_out_of_service": 0})
    calls: dict[str, int] = field(default_factory=dict)
    principals: list[Principal] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)


def stub_app(pillar: str, jwks_path: Path, state: StubState) -> FastAPI:
    app = FastAPI(title=f"stub {pillar}")
    install_problem_handlers(app)

    class Runtime:
        verifier = TokenVerifier(
            KeySet(path=jwks_path), issuer="benuo-gateway", audience="benuo-services"
        )

    app.state.runtime = Runtime()
    prefix = f"/api/v1/{pillar}"

    def seen(request: Request, principal: Principal, name: str) -> None:
        state.calls[name] = state.calls.get(name, 0) + 1
        state.principals.append(principal)
        state.headers.append(dict(request.headers))

    @app.get(f"{prefix}/facilities")
    async def facilities(request: Request, principal: Principal = Depends(caller)) -> Any:
        seen(request, principal, "facilities")
        return {"items": state.facilities}

    @app.get("/open311/v2/services.json")
    async def open311_services(request: Request, principal: Principal = Depends(caller)) -> Any:
        seen(request, principal, "open311")
        return [{"service_code": "ROAD", "service_name": f"{pillar}: roads"}]

    @app.get(f"{prefix}/dashboard")
    async def dashboard(request: Request, principal: Principal = Depends(caller)) -> Any:
        seen(request, principal, "dashboard")
        return state.kpis

    @app.get(f"{prefix}/private")
    async def private(request: Request, principal: Principal = Depends(caller)) -> Any:
        seen(request, principal, "private")
        return JSONResponse({"subject": principal.subject}, headers={"cache-control": "private"})

    @app.post(f"{prefix}/reports", status_code=201)
    async def report(request: Request, principal: Principal = Depends(caller)) -> Any:
        seen(request, principal, "reports")
        body = await request.json()
        return {"number": state.calls["reports"], "echo": body}

    @app.get(f"{prefix}/slow")
    async def slow(seconds: float, principal: Principal = Depends(caller)) -> Any:
        await asyncio.sleep(seconds)
        return {"slept": seconds}

    @app.get(f"{prefix}/status/{{code}}")
    async def status(code: int, principal: Principal = Depends(caller)) -> Any:
        return JSONResponse({"code": code}, status_code=code)

    return app


class StubServer:
    def __init__(self, pillar: str, jwks_path: Path) -> None:
        self.state = StubState()
        self.port = free_port()
        config = uvicorn.Config(
            stub_app(pillar, jwks_path, self.state),
            port=self.port,
            log_level="warning",
            access_log=False,
            lifespan="off",
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> StubServer:
        self._thread.start()
        wait_until(lambda: self._server.started, what="stub service started")
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)
