"""The economy service's FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI

from benuo_economy.settings import Settings
from benuo_runtime.app import create_service_app


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        title="Benuo economy",
        description="The economy pillar of Benuo.",
    )
