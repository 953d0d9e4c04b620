"""The servers the gateway benchmark compares: a service built on the runtime, and a bare
FastAPI hello-world. Both are run by uvicorn with the same settings as the gateway."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, FastAPI

from benuo_runtime.app import create_service_app
from benuo_runtime.auth import caller
from benuo_runtime.settings import ServiceSettings

ITEMS = [{"id": f"F{i}", "name": f"Facility {i}", "status": "operational"} for i in range(10)]


def service_app() -> FastAPI:
    """A pillar-like service: the whole runtime, token checks, one small JSON read."""
    router = APIRouter(prefix="/api/v1/bench", dependencies=[Depends(caller)])

    @router.get("/facilities")
    async def facilities() -> dict[str, Any]:
        return {"items": ITEMS}

    settings = ServiceSettings(service_name="bench", provision_streams=False)
    return create_service_app(settings, title="bench", description="bench", routers=[router])


def hello_app() -> FastAPI:
    app = FastAPI()

    @app.get("/hello")
    async def hello() -> dict[str, str]:
        return {"hello": "world"}

    return app
