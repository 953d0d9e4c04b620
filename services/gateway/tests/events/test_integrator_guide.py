"""The integrator guide's example and claims, run for real so they cannot rot."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js.api import ConsumerConfig

from benuo_contract import event_types

from .conftest import PASSWORD, DeployedNats
from .harness import example, publish, request_changed

ROOT = Path(__file__).parents[4]
GUIDE = (ROOT / "docs" / "integrators.md").read_text()
EXAMPLE = ROOT / "examples" / "nats_consumer.py"


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


async def test_the_nats_example_reads_with_the_read_only_integrator_user_and_resumes(
    deployed_nats: DeployedNats,
) -> None:
    governance = await deployed_nats.connect("governance")
    js = governance.jetstream()
    first = [await publish(js, request_changed(f"REQ-{n}", 1)) for n in range(3)]
    await publish(js, example("ppu.governance.permit.approved.v1"))  # outside the filter

    lines = await run_example(deployed_nats.url, "--limit", "3")
    assert [line.split()[-1] for line in lines] == [str(event.id) for event in first]
    assert all(" ppu.governance.request.status_changed.v1 REQ-" in line for line in lines)

    later = [await publish(js, request_changed(f"REQ-{n}", 2)) for n in range(2)]
    lines = await run_example(deployed_nats.url, "--limit", "2")  # resumes after the first three
    assert [line.split()[-1] for line in lines] == [str(event.id) for event in later]
    await governance.close()


async def test_the_integrator_user_publishes_nothing_and_cannot_touch_service_consumers(
    deployed_nats: DeployedNats,
) -> None:
    admin = await deployed_nats.connect("benuo-admin")
    js = admin.jetstream()
    service_durable = ConsumerConfig(durable_name="governance-tally", name="governance-tally")
    await js.add_consumer("GOVERNANCE", service_durable)
    client = await deployed_nats.connect("integrator")
    integrator = client.jetstream(timeout=1)
    attempts = [
        integrator.publish("ppu.governance.request.created", b"{}"),
        integrator.consumer_info("GOVERNANCE", "governance-tally"),
        integrator.delete_consumer("GOVERNANCE", "governance-tally"),
        integrator.add_consumer("GOVERNANCE", service_durable),
    ]
    for attempt in attempts:
        with pytest.raises(NatsTimeoutError):  # the server drops what it refuses
            await attempt
    assert (await js.stream_info("GOVERNANCE")).state.messages == 0
    assert (await js.consumer_info("GOVERNANCE", "governance-tally")).num_pending == 0
    await client.close()
    await admin.close()


def test_the_guide_lists_every_event_type() -> None:
    missing = [entry.name for entry in event_types() if f"`{entry.name}`" not in GUIDE]
    assert missing == []
