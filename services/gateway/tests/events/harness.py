"""The gateway's event routes served by uvicorn in a thread, an SSE reader, event publishing."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from nats.js import JetStreamContext

from benuo_contract import CloudEvent, EventPayload, lookup, new_event, type_of
from benuo_gateway.events import EventsSettings, events_lifespan, events_router
from benuo_gateway.settings import Settings
from benuo_runtime.app import create_service_app
from benuo_runtime.auth import caller
from benuo_runtime.embedded import free_port
from benuo_runtime.testing import wait_until, wait_until_async


def gateway_app(settings: Settings, events: EventsSettings) -> FastAPI:
    """A gateway with the event routes, authenticated with the runtime's token verifier."""
    return create_service_app(
        settings,
        title="gateway events under test",
        description="",
        routers=[events_router(caller, events)],
        lifespans=[events_lifespan(events)],
    )


class Served:
    """An app served by a real uvicorn server in a thread."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.port = free_port()
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_config=None, timeout_graceful_shutdown=1
        )
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Served:
        self._thread.start()
        wait_until(lambda: self.server.started, what="uvicorn started")
        runtime = self.app.state.runtime
        wait_until(runtime.streams_ready.is_set, what="streams provisioned")
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(15)


@dataclass(frozen=True)
class SseMessage:
    id: str | None
    data: str | None
    comment: str | None = None

    @property
    def event(self) -> dict[str, Any]:
        assert self.data is not None
        parsed: dict[str, Any] = json.loads(self.data)
        return parsed


async def sse_messages(response: httpx.Response) -> AsyncIterator[SseMessage]:
    """Messages and comments of an event stream, as a browser's EventSource parses them."""
    fields: dict[str, str] = {}
    async for line in response.aiter_lines():
        if line.startswith(":"):
            yield SseMessage(None, None, comment=line[1:].strip())
        elif line == "":
            if fields:
                yield SseMessage(fields.get("id"), fields.get("data"))
            fields = {}
        else:
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            fields[name] = (
                f"{fields[name]}\n{value}" if name == "data" and name in fields else value
            )


async def take(
    messages: AsyncIterator[SseMessage], count: int, timeout: float = 15
) -> list[SseMessage]:
    """The next ``count`` events (comments skipped)."""
    found: list[SseMessage] = []
    async with asyncio.timeout(timeout):
        async for message in messages:
            if message.data is not None:
                found.append(message)
                if len(found) == count:
                    break
    return found


def example(event_type: str, **changes: Any) -> EventPayload:
    """The contract's example payload of ``event_type``, with ``changes``."""
    return lookup(event_type).example.model_copy(update=changes)


async def publish(js: JetStreamContext, payload: EventPayload) -> CloudEvent[Any]:
    """Publish as a service's outbox relay would."""
    event = new_event(payload)
    await js.publish(
        type_of(payload).subject, event.to_json(), headers={"Nats-Msg-Id": str(event.id)}
    )
    return event


def request_changed(request_id: str, version: int) -> EventPayload:
    return example(
        "ppu.governance.request.status_changed.v1", request_id=request_id, version=version
    )


def price_recorded(observation_id: str) -> EventPayload:
    return example("ppu.economy.price.recorded.v1", observation_id=observation_id)


def documented_verifier() -> Callable[[str, dict[str, str], bytes], bool]:
    """``verify_webhook`` exactly as docs/integrators.md gives it to integrators."""
    guide = (Path(__file__).parents[4] / "docs" / "integrators.md").read_text()
    block = guide.split("<!-- webhook-verify:start -->")[1].split("<!-- webhook-verify:end -->")[0]
    code = block.strip().removeprefix("```python").removesuffix("```")
    namespace: dict[str, Any] = {}
    exec(compile(code, "docs/integrators.md", "exec"), namespace)  # noqa: S102 - our own guide
    verify: Callable[[str, dict[str, str], bytes], bool] = namespace["verify_webhook"]
    return verify


async def eventually(condition: Callable[[], Any], *, timeout: float = 30, what: str = "") -> Any:
    """Wait for a plain (non-async) condition without blocking the event loop."""

    async def check() -> Any:
        return condition()

    return await wait_until_async(check, timeout=timeout, interval=0.05, what=what)
