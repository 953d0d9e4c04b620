"""HTTP routes, all under /api/v1/economy."""

from benuo_economy.api import alerts, businesses, dashboard, observations, prices, reference

ROUTERS = [
    businesses.router,
    observations.router,
    prices.router,
    alerts.router,
    reference.router,
    dashboard.router,
]
