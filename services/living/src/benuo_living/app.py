"""The living service's FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI

from benuo_living.settings import Settings
from benuo_runtime.app import create_service_app


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        title="Benuo living",
        description="The living pillar of Benuo.",
    )
