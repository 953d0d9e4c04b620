"""The event streams under the deployment's NATS users: the gateway as user ``gateway``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx

from benuo_contract import new_event
from benuo_runtime.testing import read_stream, wait_until_async
from benuo_runtime.testing.plugin import AuthKeys

from .conftest import PASSWORD, DeployedNats
from .harness import Served, eventually, publish, request_changed, sse_messages, take
from .receivers import Receiver

AS_GATEWAY = {"nats_user": "gateway", "nats_password": PASSWORD}
# Well past one flow-control window of an ordered consumer (about 2,800 such events).
REPLAYED = 4000
STALLED_AFTER_SECONDS = 4


def serve_as_gateway(
    serve: Callable[..., Served], deployed_nats: DeployedNats, path: Path, **events: object
) -> Served:
    # Streams are the admin's to provision; the gateway user may not.
    service = {**AS_GATEWAY, "nats_url": deployed_nats.url, "provision_streams": False}
    return serve(f"sqlite:///{path / 'gateway.db'}", service=service, **events)


async def test_webhooks_deliver_and_announce_a_disabled_endpoint_as_the_gateway_user(
    serve: Callable[..., Served], deployed_nats: DeployedNats, tmp_path: Path, auth_keys: AuthKeys
) -> None:
    gateway = serve_as_gateway(serve, deployed_nats, tmp_path, webhook_max_consecutive_failures=2)
    receiver, closed = Receiver().start(), Receiver()  # ``closed`` never listens
    headers = auth_keys.headers("integrator")
    async with httpx.AsyncClient(base_url=gateway.url, timeout=10) as client:
        for url in (receiver.url, closed.url):
            body = {"url": url, "subjects": ["ppu.governance.>"]}
            assert (await client.post("/api/v1/webhooks", json=body, headers=headers)).is_success
    governance = await deployed_nats.connect("governance")
    published = [await publish(governance.jetstream(), request_changed("REQ-1", n)) for n in (1, 2)]

    await eventually(lambda: len(receiver.snapshot()) == 2, what="deliveries")
    assert [d.headers["webhook-id"] for d in receiver.snapshot()] == [str(e.id) for e in published]
    admin = await deployed_nats.connect("benuo-admin")

    async def announced() -> bool:
        return len(await read_stream(admin.jetstream(), "PLATFORM")) == 1

    await wait_until_async(announced, what="webhook.disabled published by the gateway user")
    for client in (governance, admin):
        await client.close()
    receiver.stop()


async def test_a_long_sse_replay_flows_as_the_gateway_user(
    serve: Callable[..., Served], deployed_nats: DeployedNats, tmp_path: Path, auth_keys: AuthKeys
) -> None:
    governance = await deployed_nats.connect("governance")
    js = governance.jetstream()
    since = datetime.now(UTC)
    acks = []
    for number in range(REPLAYED):
        event = new_event(request_changed(f"REQ-{number}", 1))
        acks.append(
            await js.publish_async(
                "ppu.governance.request.status_changed",
                event.to_json(),
                headers={"Nats-Msg-Id": str(event.id)},
            )
        )
    for ack in acks:
        await ack
    gateway = serve_as_gateway(serve, deployed_nats, tmp_path)
    params = {"subjects": "ppu.governance.>", "since": since.isoformat()}
    async with httpx.AsyncClient(timeout=10) as client:
        url = f"{gateway.url}/api/v1/events"
        citizen = auth_keys.headers("citizen")
        async with client.stream("GET", url, params=params, headers=citizen) as response:
            messages = sse_messages(response)
            for _ in range(REPLAYED):
                # Events follow each other within milliseconds; a stalled window waits for
                # two missed heartbeats (10 s) before nats-py recreates the consumer.
                await take(messages, 1, timeout=STALLED_AFTER_SECONDS)
    await governance.close()
