"""The processes that make up Benuo, as the local runner starts them."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    module: str
    default_port: int

    @property
    def installed(self) -> bool:
        return importlib.util.find_spec(self.module) is not None

    @property
    def port_variable(self) -> str:
        return f"BENUO_{self.name.upper()}_PORT"

    @property
    def database_variable(self) -> str:
        return f"{self.name.upper()}_DATABASE_URL"


# Pillar services first: the gateway is started last and stopped first.
SERVICES = (
    ServiceSpec("governance", "benuo_governance", 8001),
    ServiceSpec("economy", "benuo_economy", 8002),
    ServiceSpec("living", "benuo_living", 8003),
    ServiceSpec("gateway", "benuo_gateway", 8000),
)
PILLARS = tuple(spec for spec in SERVICES if spec.name != "gateway")
