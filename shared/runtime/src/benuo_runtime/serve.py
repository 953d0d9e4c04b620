"""The command line every service shares: ``<service> serve`` and ``<service> migrate``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import uvicorn
from fastapi import FastAPI

from benuo_runtime.logging import configure_logging
from benuo_runtime.migrations import upgrade
from benuo_runtime.settings import ServiceSettings

SettingsT = TypeVar("SettingsT", bound=ServiceSettings)


def service_main(
    *,
    settings: Callable[[], SettingsT],
    app: Callable[[SettingsT], FastAPI],
    migrations: Path,
    argv: list[str] | None = None,
) -> None:
    """Parse the command line and serve, or migrate the service's database."""
    parser = argparse.ArgumentParser(description="Run a Benuo service.")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("serve", help="serve HTTP (the default)")
    commands.add_parser("migrate", help="apply the database migrations, then exit")
    args = parser.parse_args(argv)
    config = settings()
    configure_logging(config.service_name, config.log_level)
    if args.command == "migrate":
        upgrade(migrations, config.database_url)
        return
    uvicorn.run(
        app(config),
        host=config.host,
        port=config.port,
        log_config=None,
        access_log=False,
        proxy_headers=True,
        server_header=False,
        timeout_graceful_shutdown=int(config.shutdown_grace_seconds),
    )
