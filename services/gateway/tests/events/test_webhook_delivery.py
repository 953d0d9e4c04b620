"""Webhook deliveries to real HTTP receivers: outages, a dead endpoint, replicas, lost state."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
from nats.aio.client import Client

from benuo_contract import parse_event
from benuo_contract.events.platform import WebhookDisabledV1
from benuo_runtime.testing import read_stream, wait_until_async
from benuo_runtime.testing.plugin import AuthKeys

from .harness import Served, documented_verifier, eventually, publish, request_changed
from .receivers import Receiver

HOOKS = "/api/v1/webhooks"
# After the last expected delivery: long enough for a stray duplicate to show up.
DUPLICATE_GRACE_SECONDS = 0.5


class Integrator:
    """An integrator using the webhook API of one gateway."""

    def __init__(self, gateway: Served, auth_keys: AuthKeys) -> None:
        self.client = httpx.AsyncClient(base_url=gateway.url, timeout=10)
        self.headers = auth_keys.headers("integrator", subject="agency-x")

    async def register(
        self, url: str, subjects: str = "ppu.governance.request.>"
    ) -> dict[str, Any]:
        answer = await self.client.post(
            HOOKS, json={"url": url, "subjects": [subjects]}, headers=self.headers
        )
        assert answer.status_code == 201, answer.text
        hook: dict[str, Any] = answer.json()
        return hook

    async def show(self, hook_id: str) -> dict[str, Any]:
        shown: dict[str, Any] = (
            await self.client.get(f"{HOOKS}/{hook_id}", headers=self.headers)
        ).json()
        return shown

    async def log(self, hook_id: str) -> list[dict[str, Any]]:
        page = await self.client.get(f"{HOOKS}/{hook_id}/deliveries", headers=self.headers)
        return list(reversed(page.json()["items"]))  # oldest first

    async def log_in_pages(self, hook_id: str, size: int) -> list[dict[str, Any]]:
        """The whole log, oldest first, read ``size`` entries at a time."""
        entries: list[dict[str, Any]] = []
        params: dict[str, Any] = {"limit": size}
        while True:
            page = (
                await self.client.get(
                    f"{HOOKS}/{hook_id}/deliveries", params=params, headers=self.headers
                )
            ).json()
            entries += page["items"]
            if page["next_before"] is None:
                return list(reversed(entries))
            params["before"] = page["next_before"]

    async def enable(self, hook_id: str) -> None:
        answer = await self.client.post(f"{HOOKS}/{hook_id}/enable", headers=self.headers)
        assert answer.status_code == 200, answer.text


def ids_of(receiver: Receiver) -> list[str]:
    return [received.headers["webhook-id"] for received in receiver.snapshot()]


async def test_a_receiver_down_for_a_while_gets_every_event_once_back_in_order_and_signed(
    serve: Callable[..., Served], database_url: str, nats_client: Client, auth_keys: AuthKeys
) -> None:
    gateway = serve(database_url)
    js = nats_client.jetstream()
    integrator = Integrator(gateway, auth_keys)
    receiver = Receiver()
    hook = await integrator.register(receiver.url)

    # The receiver is down while three requests change four times each.
    published = [
        await publish(js, request_changed(f"REQ-{name}", version))
        for version in range(1, 5)
        for name in "ABC"
    ]

    async def tried_while_down() -> bool:
        log = await integrator.log(hook["id"])
        return sum(entry["outcome"] == "failed" for entry in log) >= 3

    await wait_until_async(tried_while_down, what="failed attempts while the receiver is down")

    receiver.start()
    await eventually(lambda: len(receiver.snapshot()) >= 12, what="every event delivered")
    await asyncio.sleep(DUPLICATE_GRACE_SECONDS)

    received = receiver.snapshot()
    assert ids_of(receiver) == [str(event.id) for event in published]  # each once, in order
    verify = documented_verifier()
    for delivery, event in zip(received, published, strict=True):
        assert delivery.headers["Content-Type"] == "application/cloudevents+json"
        assert verify(hook["secret"], delivery.headers, delivery.body)
        assert parse_event(delivery.body) == event
    for name in "ABC":
        versions = [
            json.loads(d.body)["data"]["version"]
            for d in received
            if json.loads(d.body)["subject"] == f"REQ-{name}"
        ]
        assert versions == [1, 2, 3, 4]

    log = await integrator.log(hook["id"])
    failures = [entry for entry in log if entry["outcome"] == "failed"]
    assert {entry["event_id"] for entry in failures} == {str(published[0].id)}
    assert [entry["event_id"] for entry in log if entry["outcome"] == "delivered"] == ids_of(
        receiver
    )
    last = (await js.stream_info("GOVERNANCE")).state.last_seq
    assert (await integrator.show(hook["id"]))["lanes"] == [
        {"stream": "GOVERNANCE", "last_sequence": last, "consecutive_failures": 0}
    ]
    assert await integrator.log_in_pages(hook["id"], size=5) == log
    await integrator.client.aclose()
    receiver.stop()


async def test_a_dead_endpoint_is_disabled_without_slowing_a_healthy_one_and_resumes_later(
    serve: Callable[..., Served], database_url: str, nats_client: Client, auth_keys: AuthKeys
) -> None:
    gateway = serve(database_url, webhook_timeout_seconds=1.5, webhook_max_consecutive_failures=3)
    js = nats_client.jetstream()
    integrator = Integrator(gateway, auth_keys)
    healthy, dead = Receiver().start(), Receiver(hang=True).start()
    healthy_hook = await integrator.register(healthy.url)
    dead_hook = await integrator.register(dead.url)

    published = []
    for number in range(8):
        published.append(await publish(js, request_changed(f"REQ-{number}", 1)))
        await asyncio.sleep(0.25)  # pacing: events keep coming while the dead one times out
    await eventually(lambda: len(healthy.snapshot()) == 8, what="the healthy receiver served")
    latencies = [
        delivery.at - event.time.timestamp()
        for delivery, event in zip(healthy.snapshot(), published, strict=True)
    ]
    # A dead endpoint holds each attempt for 1.5 s; the healthy one never waited on it.
    assert max(latencies) < 1.0, latencies

    async def disabled() -> dict[str, Any] | None:
        shown = await integrator.show(dead_hook["id"])
        return shown if shown["status"] == "disabled" else None

    shown = await wait_until_async(disabled, what="the dead endpoint disabled")
    assert shown["disabled_reason"] == (
        "3 consecutive deliveries failed; last: no answer within 1.5 s"
    )
    attempts = await integrator.log(dead_hook["id"])
    assert [(a["event_id"], a["attempt"], a["outcome"]) for a in attempts] == [
        (str(published[0].id), attempt, "failed") for attempt in (1, 2, 3)
    ]

    async def announced() -> list[Any]:
        messages = await read_stream(js, "PLATFORM")
        return [parse_event(message.data).data for message in messages]

    (disabled_event,) = await wait_until_async(announced, what="the disabled event published")
    assert disabled_event == WebhookDisabledV1(
        subscription_id=dead_hook["id"],
        reason=shown["disabled_reason"],
        consecutive_failures=3,
        disabled_at=disabled_event.disabled_at,
    )
    assert (await integrator.show(healthy_hook["id"]))["status"] == "active"

    # The endpoint is fixed and re-enabled: it gets everything from where it stopped.
    dead.stop()
    revived = Receiver(port=dead.port).start()
    await integrator.enable(dead_hook["id"])
    await eventually(lambda: len(revived.snapshot()) >= 8, what="the revived receiver served")
    await asyncio.sleep(DUPLICATE_GRACE_SECONDS)
    assert ids_of(revived) == [str(event.id) for event in published]
    assert ids_of(healthy) == [str(event.id) for event in published]
    await integrator.client.aclose()
    healthy.stop()
    revived.stop()


async def test_replicas_share_deliveries_and_one_going_away_loses_and_repeats_nothing(
    serve: Callable[..., Served], database_url: str, nats_client: Client, auth_keys: AuthKeys
) -> None:
    first = serve(database_url)
    serve(database_url)  # a second replica, sharing the database and NATS
    js = nats_client.jetstream()
    integrator = Integrator(first, auth_keys)
    receiver = Receiver().start()
    hook = await integrator.register(receiver.url, "ppu.governance.>")
    consumer = f"webhook-{hook['id']}-governance"

    async def both_replicas_pulling() -> bool:
        try:
            info = await js.consumer_info("GOVERNANCE", consumer)
        except Exception:
            return False
        return (info.num_waiting or 0) >= 2

    await wait_until_async(both_replicas_pulling, what="a lane on each replica")

    published = [await publish(js, request_changed(f"REQ-{n % 3}", n)) for n in range(1, 21)]
    await eventually(lambda: len(receiver.snapshot()) >= 5, what="deliveries under way")
    await asyncio.to_thread(first.stop)
    published += [await publish(js, request_changed(f"REQ-{n % 3}", n)) for n in range(21, 41)]

    await eventually(lambda: len(receiver.snapshot()) >= 40, what="every event delivered")
    await asyncio.sleep(DUPLICATE_GRACE_SECONDS)
    assert ids_of(receiver) == [str(event.id) for event in published]
    await integrator.client.aclose()
    receiver.stop()


async def test_a_lost_jetstream_consumer_is_recreated_where_delivery_was(
    serve: Callable[..., Served], database_url: str, nats_client: Client, auth_keys: AuthKeys
) -> None:
    gateway = serve(database_url, webhook_maintenance_seconds=0.2)
    js = nats_client.jetstream()
    integrator = Integrator(gateway, auth_keys)
    receiver = Receiver().start()
    hook = await integrator.register(receiver.url)
    published = [await publish(js, request_changed("REQ-1", n)) for n in range(1, 6)]
    await eventually(lambda: len(receiver.snapshot()) == 5, what="first deliveries")

    consumer = f"webhook-{hook['id']}-governance"
    await js.delete_consumer("GOVERNANCE", consumer)
    published += [await publish(js, request_changed("REQ-1", n)) for n in range(6, 11)]

    await eventually(lambda: len(receiver.snapshot()) >= 10, what="later deliveries")
    await asyncio.sleep(DUPLICATE_GRACE_SECONDS)
    assert ids_of(receiver) == [str(event.id) for event in published]  # nothing replayed

    # Deleting the webhook removes its consumer from the broker too.
    deleted = await integrator.client.delete(f"{HOOKS}/{hook['id']}", headers=integrator.headers)
    assert deleted.status_code == 204

    async def consumer_gone() -> bool:
        return consumer not in [info.name for info in await js.consumers_info("GOVERNANCE")]

    await wait_until_async(consumer_gone, what="the consumer of a deleted webhook removed")
    await integrator.client.aclose()
    receiver.stop()
