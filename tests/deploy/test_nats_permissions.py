"""The chart's NATS users, enforced by a real nats-server started with the rendered config."""

from __future__ import annotations

import asyncio
import base64
import subprocess
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nats
import pytest
from fastapi.testclient import TestClient
from nats.aio.client import Client
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js.api import ConsumerConfig

from benuo_contract import lookup, new_event
from benuo_runtime.embedded import EmbeddedServer, free_port, nats_server, nats_server_binary
from benuo_runtime.messaging.streams import pillar_streams, provision_streams
from benuo_runtime.migrations import upgrade
from benuo_runtime.testing import wait_until, wait_until_async
from benuo_runtime.testing.plugin import AuthKeys
from benuo_runtime.testing.probe import app as probe_app

ROOT = Path(__file__).resolve().parents[2]
EVENT = new_event(lookup("ppu.governance.request.created.v1").example).to_json()
REFUSED_WITHIN = 1.0  # a PubAck that has not come by then never will: the server said no


@dataclass
class SecuredNats:
    """A nats-server with the chart's users; ``connect(user)`` signs in as one of them."""

    url: str
    passwords: dict[str, str]
    clients: list[Client] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)

    async def connect(self, user: str) -> Client:
        found = self.errors.setdefault(user, [])

        async def on_error(error: Exception) -> None:
            found.append(str(error))

        client = await nats.connect(
            self.url,
            user=user,
            password=self.passwords[user],
            error_cb=on_error,
            allow_reconnect=False,
        )
        self.clients.append(client)
        return client

    async def stored(self, stream: str) -> int:
        admin = await self.connect("benuo-admin")
        messages = (await admin.jetstream().stream_info(stream)).state.messages
        await admin.close()
        return messages


def _password_variable(user: str) -> str:
    return f"BENUO_NATS_{user.upper().replace('-', '_')}_PASSWORD"


def _write_config(rendered: Any, directory: Path) -> Path:
    (directory / "auth.conf").write_text(
        rendered.get("ConfigMap", "benuo-nats-auth")["data"]["auth.conf"]
    )
    config = directory / "nats.conf"
    config.write_text('include "auth.conf"\n')
    return config


@pytest.fixture
def secured_server(
    render: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[EmbeddedServer, dict[str, str]]]:
    rendered = render({})
    secret = rendered.get("Secret", "benuo-nats-users")["data"]
    passwords = {user: base64.b64decode(value).decode() for user, value in secret.items()}
    for user, password in passwords.items():
        # nats-server reads each password from the variable the config names
        monkeypatch.setenv(_password_variable(user), password)
    config = _write_config(rendered, tmp_path)
    port = free_port()
    log = (tmp_path / "nats.log").open("ab")
    server = nats_server(port, tmp_path / "jetstream", config=config, log=log).start()
    try:
        yield server, passwords
    finally:
        server.stop()
        log.close()


@pytest.fixture
async def secured(
    secured_server: tuple[EmbeddedServer, dict[str, str]],
) -> AsyncIterator[SecuredNats]:
    server, passwords = secured_server
    secured = SecuredNats(f"nats://127.0.0.1:{server.port}", passwords)
    admin = await secured.connect("benuo-admin")
    await provision_streams(
        admin.jetstream(), pillar_streams(), max_age_seconds=3600, duplicate_window_seconds=120
    )
    yield secured
    for client in secured.clients:
        if not client.is_closed:
            await client.close()


async def _refused(client: Client, subject: str) -> bool:
    try:
        await client.jetstream().publish(subject, EVENT, timeout=REFUSED_WITHIN)
    except NatsTimeoutError:
        return True
    return False


async def test_a_service_publishes_on_its_own_pillar_and_nowhere_else(secured: SecuredNats) -> None:
    governance = await secured.connect("governance")
    ack = await governance.jetstream().publish("ppu.governance.request.created", EVENT)
    assert ack.stream == "GOVERNANCE"
    assert await _refused(governance, "ppu.economy.price.recorded")
    assert await _refused(governance, "ppu.platform.webhook.disabled")
    assert await secured.stored("GOVERNANCE") == 1
    assert await secured.stored("ECONOMY") == 0
    assert any("ppu.economy.price.recorded" in e for e in secured.errors["governance"])


async def test_a_service_cannot_change_or_delete_streams(secured: SecuredNats) -> None:
    economy = await secured.connect("economy")
    with pytest.raises(NatsTimeoutError):
        await economy.jetstream(timeout=REFUSED_WITHIN).delete_stream("GOVERNANCE")
    admin = await secured.connect("benuo-admin")
    assert (await admin.jetstream().stream_info("GOVERNANCE")).config.name == "GOVERNANCE"


async def test_the_integrator_publishes_nothing_but_reads_every_stream(
    secured: SecuredNats,
) -> None:
    governance = await secured.connect("governance")
    await governance.jetstream().publish("ppu.governance.request.created", EVENT)
    integrator = await secured.connect("integrator")
    assert await _refused(integrator, "ppu.governance.request.created")
    assert await _refused(integrator, "benuo.dlq.economy-registry")
    assert await secured.stored("GOVERNANCE") == 1
    assert await secured.stored("DLQ") == 0

    reader = await integrator.jetstream().pull_subscribe(
        "ppu.governance.>", durable="integrator", stream="GOVERNANCE"
    )
    (message,) = await reader.fetch(1, timeout=5)
    assert (message.subject, message.data) == ("ppu.governance.request.created", EVENT)
    await message.ack_sync()
    admin = await secured.connect("benuo-admin")
    progress = await admin.jetstream().consumer_info("GOVERNANCE", "integrator")
    assert (progress.num_pending, progress.num_ack_pending) == (0, 0)


async def test_the_integrator_cannot_take_a_services_events_or_listen_on_pillar_subjects(
    secured: SecuredNats,
) -> None:
    admin = await secured.connect("benuo-admin")
    await admin.jetstream().add_consumer(
        "GOVERNANCE", ConsumerConfig(durable_name="economy-registry", filter_subject="ppu.>")
    )
    await admin.jetstream().publish("ppu.governance.permit.approved", EVENT)
    integrator = await secured.connect("integrator")
    stolen = await integrator.jetstream().pull_subscribe_bind(
        durable="economy-registry", stream="GOVERNANCE"
    )
    with pytest.raises((NatsTimeoutError, asyncio.TimeoutError)):
        await stolen.fetch(1, timeout=REFUSED_WITHIN)
    await integrator.subscribe("ppu.>")
    await wait_until_async(
        lambda: _has_error(secured, "integrator", "subscription"), what="refused subscription"
    )
    waiting = await admin.jetstream().consumer_info("GOVERNANCE", "economy-registry")
    assert (waiting.num_pending, waiting.num_ack_pending) == (1, 0)  # still the service's


async def _has_error(secured: SecuredNats, user: str, word: str) -> bool:
    return any(word in error.lower() for error in secured.errors.get(user, []))


def test_a_service_runs_its_outbox_and_consumers_with_only_its_own_permissions(
    secured_server: tuple[EmbeddedServer, dict[str, str]],
    database_url: str,
    auth_keys: AuthKeys,
) -> None:
    """The probe service publishes governance events; as NATS user ``governance`` it must
    still publish through its outbox, create its durable consumer, fetch and ack."""
    server, passwords = secured_server
    upgrade(Path(probe_app.__file__).parent / "migrations", database_url)
    settings = probe_app.ProbeSettings(
        database_url=database_url,
        nats_url=f"nats://127.0.0.1:{server.port}",
        nats_user="governance",
        nats_password=passwords["governance"],
        provision_streams=False,  # as in the cluster: the admin's hook Job did it
        relay_poll_seconds=0.2,
        auth_jwks_path=auth_keys.jwks_path,
    )
    asyncio.run(_provision_as_admin(server.port, passwords["benuo-admin"]))
    with TestClient(probe_app.create_app(settings), headers=auth_keys.headers("citizen")) as client:
        body = {"request_id": "NATS-1", "description": "lampu jalan mati"}
        assert client.post("/api/v1/probe/requests", json=body).status_code == 201
        wait_until(
            lambda: client.get("/api/v1/probe/effects").json()["total"] == 1,
            what="the event to go out through the outbox and come back through the consumer",
        )
        wait_until(lambda: client.get("/readyz").status_code == 200, what="ready")


async def _provision_as_admin(port: int, password: str) -> None:
    admin = await nats.connect(f"nats://127.0.0.1:{port}", user="benuo-admin", password=password)
    await provision_streams(
        admin.jetstream(), pillar_streams(), max_age_seconds=3600, duplicate_window_seconds=120
    )
    await admin.close()


def test_the_compose_nats_configuration_is_accepted_by_nats_server(tmp_path: Path) -> None:
    users = ("benuo-admin", "integrator", "gateway", "governance", "economy", "living")
    environment = {_password_variable(user): "x" for user in users}
    result = subprocess.run(
        [str(nats_server_binary()), "-t", "-c", str(ROOT / "deploy" / "nats" / "nats.conf")],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
