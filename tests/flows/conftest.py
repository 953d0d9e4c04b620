"""The whole platform as real processes, started once per module, driven through the gateway.

Governance, economy, living and the gateway run as ``benuo up`` runs them (``LocalPlatform``)
on a real nats-server and Redis, with SQLite files and traces exported to an in-test OTLP
receiver. Tests talk to the gateway's HTTP API as a front-end would, and read NATS only to
see what integrators see.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import nats
import pytest
import redis

from benuo_cli.local import LocalConfig, LocalPlatform, RunningService
from benuo_cli.services import SERVICES
from benuo_runtime.embedded import free_port, nats_server
from benuo_runtime.testing.otlp import OtlpReceiver
from benuo_runtime.testing.plugin import check_stored_events

DEMO_PASSWORD = "benuo-demo"


@dataclass
class City:
    """The running platform, seen from outside: the gateway's URL, sign-in, service control."""

    platform: LocalPlatform
    otlp: OtlpReceiver
    http: httpx.Client
    _tokens: dict[str, str] = field(default_factory=dict)

    @property
    def gateway(self) -> str:
        return f"http://127.0.0.1:{self.platform.config.ports['gateway']}"

    @property
    def nats_url(self) -> str:
        return self.platform.nats_url

    def headers(self, user: str) -> dict[str, str]:
        """Signed in through the gateway's built-in token endpoint as a demo user."""
        if user not in self._tokens:
            answer = self.http.post(
                "/api/v1/auth/token", data={"username": user, "password": DEMO_PASSWORD}
            )
            assert answer.status_code == 200, answer.text
            self._tokens[user] = answer.json()["access_token"]
        return {"Authorization": f"Bearer {self._tokens[user]}"}

    def service(self, name: str) -> RunningService:
        return next(s for s in self.platform.running if s.spec.name == name)

    def kill(self, name: str) -> None:
        """SIGKILL: no shutdown, no flush; whatever was in flight is cut off."""
        process = self.service(name).process
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    def stop(self, name: str) -> None:
        process = self.service(name).process
        process.terminate()
        process.wait(30)

    def restart(self, name: str) -> None:
        """Start a stopped or killed service again with the environment it had, until ready."""
        self.platform.respawn(name)


@pytest.fixture(scope="module")
def flow_nats(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A nats-server for the module (the plugin's ``nats_fixture`` lives for one test only).

    Afterwards every stored event is checked against the contract, as ``nats_fixture`` does.
    """
    external = os.environ.get("NATS_URL")
    if external:
        asyncio.run(_delete_streams(external))
        yield external
        check_stored_events(external)
        return
    directory = tmp_path_factory.mktemp("nats")
    with (directory / "nats.log").open("ab") as log:
        server = nats_server(free_port(), directory / "jetstream", log=log).start()
        url = f"nats://127.0.0.1:{server.port}"
        try:
            yield url
            check_stored_events(url)
        finally:
            server.stop()


async def _delete_streams(url: str) -> None:
    client = await nats.connect(url)
    js = client.jetstream()
    for info in await js.streams_info():
        if info.config.name:
            await js.delete_stream(info.config.name)
    await client.close()


@pytest.fixture(scope="module")
def otlp() -> Iterator[OtlpReceiver]:
    with OtlpReceiver() as receiver:
        yield receiver


@pytest.fixture(scope="module")
def city(
    tmp_path_factory: pytest.TempPathFactory,
    flow_nats: str,
    redis_session_url: str,
    otlp: OtlpReceiver,
) -> Iterator[City]:
    state = tmp_path_factory.mktemp("city")
    client = redis.Redis.from_url(redis_session_url)
    client.flushdb()
    client.close()
    config = LocalConfig(
        state_dir=state,
        nats_url=flow_nats,
        redis_url=redis_session_url,
        nats_port=0,
        redis_port=0,
        services=list(SERVICES),
        ports={spec.name: free_port() for spec in SERVICES},
        database_urls={spec.name: f"sqlite:///{state / f'{spec.name}.db'}" for spec in SERVICES},
        ready_timeout=60,
        extra_env=_quick_settings(otlp.endpoint),
    )
    platform = LocalPlatform(config, say=print)
    try:
        platform.start()
        with httpx.Client(
            base_url=f"http://127.0.0.1:{config.ports['gateway']}", timeout=15
        ) as http:
            yield City(platform, otlp, http)
    finally:
        # While the OTLP receiver still listens, so the services' last spans are delivered.
        platform.stop()
        _print_logs_on_failure(state)
    leftovers = [s.spec.name for s in platform.running if s.process.poll() is None]
    assert not leftovers, f"still running: {leftovers}"


def _quick_settings(otlp_endpoint: str) -> dict[str, str]:
    return {
        "OTEL_EXPORTER_OTLP_ENDPOINT": otlp_endpoint,
        "OTEL_BSP_SCHEDULE_DELAY": "100",
        "RELAY_POLL_SECONDS": "0.2",
        "WEBHOOK_RECONCILE_SECONDS": "0.5",
        "LOG_LEVEL": "WARNING",
    }


def _print_logs_on_failure(state: Path) -> None:
    """Shown by pytest only for a failed test: the tail of each service's log."""
    for log in sorted((state / "logs").glob("*.log")):
        lines = log.read_text(errors="replace").splitlines()[-15:]
        print(f"--- {log.name}", *lines, sep="\n")
