"""Real processes for the tests that need them: the probe service, the pillar services and
gateway replicas."""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benuo_gateway.__main__ import MIGRATIONS
from benuo_gateway.testing.keys import NO_NATS, GatewayKeys
from benuo_runtime.migrations import upgrade
from benuo_runtime.testing import ServiceProcess


def probe_service(folder: Path, keys: GatewayKeys) -> ServiceProcess:
    """The runtime's probe service: it serves /api/v1/probe/... and refuses callers without
    a valid internal token, like every pillar service."""
    env = {
        "DATABASE_URL": f"sqlite:///{folder / 'probe.db'}",
        "NATS_URL": NO_NATS,
        "PROBE_CONSUME": "0",
        "AUTH_JWKS_PATH": str(keys.jwks_path),
        "LOG_LEVEL": "WARNING",
    }
    service = ServiceProcess("benuo_runtime.testing.probe", env, log_path=folder / "probe.log")
    service.migrate()
    return service


PILLARS = ("governance", "economy", "living")


@dataclass
class Platform:
    """The real pillar services (each its own process) behind a real gateway process."""

    gateway: ServiceProcess
    services: dict[str, ServiceProcess]


def pillar_services(
    folder: Path, keys: GatewayKeys, *, nats_url: str, pillars: tuple[str, ...] = PILLARS
) -> dict[str, ServiceProcess]:
    """The real pillar services, each its own process on its own SQLite file, trusting the
    gateway's keys and sharing ``nats_url``; neither migrated (``migrate_in_process``) nor
    started."""
    return {
        name: ServiceProcess(
            f"benuo_{name}",
            {
                "ENVIRONMENT": "test",
                "DATABASE_URL": f"sqlite:///{folder / f'{name}.db'}",
                "NATS_URL": nats_url,
                "PROVISION_STREAMS": "true",
                "AUTH_JWKS_PATH": str(keys.jwks_path),
                "LOG_LEVEL": "WARNING",
            },
            log_path=folder / f"{name}.log",
        )
        for name in pillars
    }


def migrate_in_process(service: ServiceProcess) -> None:
    """What ``python -m <service> migrate`` does, without starting another interpreter (which
    costs more than the migrations themselves)."""
    package = importlib.import_module(service.module)
    assert package.__file__ is not None
    upgrade(Path(package.__file__).parent / "migrations", service.env["DATABASE_URL"])


def gateway_process(
    folder: Path, keys: GatewayKeys, *, redis_url: str, upstreams: dict[str, str], **env: Any
) -> ServiceProcess:
    database = folder / "gateway.db"
    if not database.exists():
        upgrade(MIGRATIONS, f"sqlite:///{database}")
    values = {
        "ENVIRONMENT": "test",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": redis_url,
        "NATS_URL": NO_NATS,
        "AUTH_JWKS_PATH": str(keys.jwks_path),
        "AUTH_SIGNING_KEY_PATH": str(keys.pem_path),
        "LOG_LEVEL": "WARNING",
        **{f"{name.upper()}_URL": url for name, url in upstreams.items() if name != "probe"},
        "EXTRA_UPSTREAMS": json.dumps({k: v for k, v in upstreams.items() if k == "probe"}),
        **{
            key.upper(): value if isinstance(value, str) else json.dumps(value)
            for key, value in env.items()
        },
    }
    log = folder / f"gateway-{len(list(folder.glob('gateway-*.log')))}.log"
    return ServiceProcess("benuo_gateway", values, log_path=log)
