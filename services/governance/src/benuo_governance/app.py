"""The governance service's FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI

from benuo_governance.api import catalogue, dashboard, permits, reference, requests
from benuo_governance.open311.errors import install_open311_errors
from benuo_governance.open311.routes import router as open311_router
from benuo_governance.service_layer.maintenance import refresh_planner_statistics
from benuo_governance.service_layer.names import NamesCache
from benuo_governance.service_layer.sla_sweep import sweep_job
from benuo_governance.settings import Settings
from benuo_runtime.app import Lifespan, create_service_app
from benuo_runtime.jobs import periodic

DESCRIPTION = """The governance pillar of Benuo for Kabupaten Penajam Paser Utara:
citizen service requests (also as Open311 GeoReport v2 under /open311/v2/) with
working-day SLAs, the service catalogue, and business permits at DPMPTSP."""


def _jobs(settings: Settings) -> list[Lifespan]:
    jobs = [
        ("sla-sweep", settings.sla_sweep_seconds, sweep_job),
        ("sqlite-analyze", settings.sqlite_analyze_seconds, refresh_planner_statistics),
    ]
    return [periodic(name, every, job) for name, every, job in jobs if every]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = create_service_app(
        settings,
        title="Benuo governance",
        description=DESCRIPTION,
        routers=[
            requests.router,
            catalogue.router,
            permits.router,
            reference.router,
            dashboard.router,
            open311_router,
        ],
        lifespans=_jobs(settings),
    )
    install_open311_errors(app)
    app.state.names = NamesCache()
    return app
