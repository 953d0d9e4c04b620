"""The living service's HTTP API, under /api/v1/living."""

from benuo_living.api import cost_index, dashboard, facilities, officer

routers = [facilities.router, officer.router, cost_index.router, dashboard.router]
