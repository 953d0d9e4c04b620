"""The integrator guide's code and configuration, run for real so they cannot rot."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import nats
import pytest
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import JetStreamContext
from nats.js.api import ConsumerConfig

from benuo_contract import event_types
from benuo_runtime.embedded import free_port, nats_server
from benuo_runtime.messaging.streams import pillar_streams, provision_streams

from .harness import example, publish, request_changed

ROOT = Path(__file__).parents[4]
GUIDE = (ROOT / "docs" / "integrators.md").read_text()
EXAMPLE = ROOT / "examples" / "nats_consumer.py"
PASSWORD = "read-only-for-the-test"


def guide_block(name: str) -> str:
    block = GUIDE.split(f"<!-- {name}:start -->")[1].split(f"<!-- {name}:end -->")[0]
    return block.strip().removeprefix("```").removesuffix("```")


@pytest.fixture
def secured_nats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A NATS server with a full-access service user and the guide's integrator user."""
    monkeypatch.setenv("BENUO_INTEGRATOR_PASSWORD", PASSWORD)
    config = tmp_path / "nats.conf"
    config.write_text(
        "authorization {\n  users = [\n    {user: benuo, password: benuo}\n"
        f"    {guide_block('nats-integrator')}\n  ]\n}}\n"
    )
    port = free_port()
    with (tmp_path / "nats.log").open("ab") as log:
        server = nats_server(port, tmp_path / "jetstream", config=config, log=log).start()
        try:
            yield f"nats://127.0.0.1:{port}"
        finally:
            server.stop()


async def run_example(url: str, *options: str) -> list[str]:
    command = [
        sys.executable, str(EXAMPLE), "--url", url, "--user", "integrator",
        "--password", PASSWORD, "--stream", "GOVERNANCE",
        "--subject", "ppu.governance.request.>", *options,
    ]  # fmt: skip
    done = await asyncio.to_thread(
        subprocess.run, command, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


async def test_the_nats_example_reads_with_read_only_credentials_and_resumes(
    secured_nats: str,
) -> None:
    service = await nats.connect(secured_nats, user="benuo", password="benuo")
    js = service.jetstream()
    await provision_streams(
        js, pillar_streams(), max_age_seconds=3600, duplicate_window_seconds=120
    )
    first = [await publish(js, request_changed(f"REQ-{n}", 1)) for n in range(3)]
    await publish(js, example("ppu.governance.permit.approved.v1"))  # outside the filter

    lines = await run_example(secured_nats, "--limit", "3")
    assert [line.split()[-1] for line in lines] == [str(event.id) for event in first]
    assert all(" ppu.governance.request.status_changed.v1 REQ-" in line for line in lines)

    later = [await publish(js, request_changed(f"REQ-{n}", 2)) for n in range(2)]
    lines = await run_example(secured_nats, "--limit", "2")  # resumes after the first three
    assert [line.split()[-1] for line in lines] == [str(event.id) for event in later]

    await _assert_read_only(secured_nats, js)
    await service.close()


async def _assert_read_only(url: str, js: JetStreamContext) -> None:
    """The integrator can neither publish nor reach a service's consumer or the DLQ."""
    service_durable = ConsumerConfig(durable_name="governance-tally", name="governance-tally")
    await js.add_consumer("GOVERNANCE", service_durable)
    stored = (await js.stream_info("GOVERNANCE")).state.messages
    violations: list[str] = []

    async def record(error: Exception) -> None:
        violations.append(str(error))

    integrator = await nats.connect(url, user="integrator", password=PASSWORD, error_cb=record)
    its_js = integrator.jetstream(timeout=1)
    attempts = [
        its_js.publish("ppu.governance.request.created", b"{}"),
        its_js.consumer_info("GOVERNANCE", "governance-tally"),
        its_js.delete_consumer("GOVERNANCE", "governance-tally"),
        its_js.add_consumer("DLQ", ConsumerConfig(durable_name="integrator", name="integrator")),
    ]
    for attempt in attempts:
        with pytest.raises(NatsTimeoutError):  # the server drops what it refuses
            await attempt
    refused = [v.removeprefix("nats: permissions violation for publish to ") for v in violations]
    assert refused == [
        '"ppu.governance.request.created"',
        '"$js.api.consumer.info.governance.governance-tally"',
        '"$js.api.consumer.delete.governance.governance-tally"',
        '"$js.api.consumer.create.dlq.integrator"',
    ]
    assert (await js.stream_info("GOVERNANCE")).state.messages == stored
    assert (await js.consumer_info("GOVERNANCE", "governance-tally")).name == "governance-tally"
    await integrator.close()


def test_the_guide_lists_every_event_type() -> None:
    missing = [entry.name for entry in event_types() if f"`{entry.name}`" not in GUIDE]
    assert missing == []
