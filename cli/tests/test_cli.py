"""The operator commands against a real nats-server."""

from __future__ import annotations

import asyncio
import json

import nats
from typer.testing import CliRunner

from benuo_cli.main import app
from benuo_contract import new_event
from benuo_contract.events.governance import RequestCreatedV1
from benuo_contract.registry import lookup
from benuo_runtime.messaging.dlq import dlq_subject

runner = CliRunner()


def invoke(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_streams_provision_is_idempotent_and_info_lists_them(nats_url: str) -> None:
    first = invoke("streams", "provision", "--nats-url", nats_url)
    assert "GOVERNANCE: created" in first
    assert "DLQ: created" in first
    assert "GOVERNANCE: unchanged" in invoke("streams", "provision", "--nats-url", nats_url)
    info = invoke("streams", "info", "--nats-url", nats_url)
    assert "GOVERNANCE: 0 messages" in info
    assert "ppu.governance.>" in info


def test_dlq_list_and_replay(nats_url: str) -> None:
    invoke("streams", "provision", "--nats-url", nats_url)
    example: RequestCreatedV1 = lookup("ppu.governance.request.created.v1").example  # type: ignore[assignment]
    event = new_event(example)

    async def dead_letter_one() -> None:
        client = await nats.connect(nats_url)
        js = client.jetstream()
        await js.publish(
            dlq_subject("living-facilities"),
            event.to_json(),
            headers={
                "Nats-Msg-Id": "x",
                "Benuo-Original-Subject": "ppu.governance.request.created",
                "Benuo-Original-Stream": "GOVERNANCE",
                "Benuo-Original-Sequence": "7",
                "Benuo-Original-Msg-Id": str(event.id),
                "Benuo-Consumer": "living-facilities",
                "Benuo-Delivery-Count": "5",
                "Benuo-Error": "failed 5 times; last error: boom",
            },
        )
        await client.close()

    asyncio.run(dead_letter_one())
    listed = [
        json.loads(line)
        for line in invoke("dlq", "list", "--nats-url", nats_url, "--json").splitlines()
    ]
    assert len(listed) == 1
    letter = listed[0]
    assert letter["consumer"] == "living-facilities"
    assert letter["event_type"] == "ppu.governance.request.created.v1"
    assert letter["delivery_count"] == 5
    assert "boom" in letter["error"]

    replayed = invoke("dlq", "replay", str(letter["sequence"]), "--nats-url", nats_url)
    assert "replayed to ppu.governance.request.created" in replayed
    assert "no dead letters" in invoke("dlq", "list", "--nats-url", nats_url)
    info = invoke("streams", "info", "--nats-url", nats_url)
    assert "GOVERNANCE: 1 messages" in info


def test_migrate_names_unknown_services(tmp_path) -> None:
    result = runner.invoke(app, ["migrate", "nowhere"])
    assert result.exit_code == 2
    assert "unknown service(s): nowhere" in result.output
