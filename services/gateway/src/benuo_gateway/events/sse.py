"""``GET /api/v1/events``: CloudEvents as Server-Sent Events, resumable without gaps."""

import logging
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import StreamingResponse
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError
from pydantic import AwareDatetime

from benuo_gateway.events.access import invalid, stream_plan
from benuo_gateway.events.domain.cursor import check_since, format_cursor, parse_cursor
from benuo_gateway.events.settings import EventsSettings
from benuo_gateway.events.stream_reader import StreamReader, start_positions
from benuo_runtime.app import ServiceRuntime
from benuo_runtime.auth import Principal
from benuo_runtime.problems import ProblemError

log = logging.getLogger(__name__)

RETRY_MILLISECONDS = 2000
DESCRIPTION = """\
A live stream of CloudEvents (`text/event-stream`). Each message's `data` is the event in
structured JSON; its `id` is the position in every stream read (`GOVERNANCE:12,LIVING:3`).
Reconnect with that id as `Last-Event-ID` (browsers do it themselves) to get every event
after it; or start from a time with `since`. Idle streams get a `: keep-alive` comment.
"""


def sse_router(reader: Callable[..., Principal], settings: EventsSettings) -> APIRouter:
    router = APIRouter(tags=["events"])
    open_streams = 0

    @router.get(
        "/api/v1/events",
        summary="Stream events (Server-Sent Events)",
        description=DESCRIPTION,
        response_class=StreamingResponse,
        responses={200: {"content": {"text/event-stream": {}}, "description": "The stream"}},
    )
    async def stream_events(
        request: Request,
        principal: Annotated[Principal, Depends(reader)],
        subjects: Annotated[
            str,
            Query(max_length=1000, description="Comma-separated filters, e.g. ppu.governance.>"),
        ] = "ppu.>",
        since: Annotated[
            AwareDatetime | None,
            Query(description="Start from this time (RFC 3339); Last-Event-ID wins over it"),
        ] = None,
        last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    ) -> StreamingResponse:
        plan = stream_plan(principal, subjects.split(","), "query.subjects")
        cursor = _cursor(last_event_id)
        if since is not None:
            try:
                check_since(since, datetime.now(UTC))
            except ValueError as error:
                raise invalid("query.since", f"{error}.") from None
        if open_streams >= settings.sse_max_connections:
            raise _unavailable("This gateway serves as many event streams as it can.")
        runtime: ServiceRuntime = request.app.state.runtime
        if not (runtime.nats.is_connected and runtime.streams_ready.is_set()):
            raise _unavailable("The event streams are not reachable right now.")
        js = runtime.nats.jetstream()
        try:
            positions = await start_positions(js, list(plan), cursor=cursor, since=since)
        except NotFoundError:
            raise _unavailable("The event streams are not provisioned yet.") from None

        async def body() -> AsyncIterator[bytes]:
            nonlocal open_streams
            open_streams += 1
            try:
                async for chunk in _events(js, plan, positions, settings.sse_keepalive_seconds):
                    yield chunk
            finally:
                open_streams -= 1

        return StreamingResponse(
            body(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    return router


async def _events(
    js: JetStreamContext,
    plan: Mapping[str, list[str]],
    positions: Mapping[str, int],
    keepalive_seconds: float,
) -> AsyncIterator[bytes]:
    cursor = dict(positions)
    # An id with no data moves the client's Last-Event-ID without firing an event, so a
    # client that drops before any event arrives still resumes from here.
    yield f"retry: {RETRY_MILLISECONDS}\nid: {format_cursor(cursor)}\n\n".encode()
    try:
        async with StreamReader(js, plan, positions) as reader:
            while True:
                event = await reader.next(timeout=keepalive_seconds)
                if event is None:
                    yield b": keep-alive\n\n"
                    continue
                cursor[event.stream] = event.sequence
                yield _message(format_cursor(cursor), event.data)
    except Exception as error:
        # NATS went away: end the stream cleanly; the client resumes from its last id.
        log.warning("event stream ended", extra={"error": repr(error)})


def _message(event_id: str, data: bytes) -> bytes:
    lines = data.decode(errors="replace").splitlines() or [""]
    return (f"id: {event_id}\n" + "".join(f"data: {line}\n" for line in lines) + "\n").encode()


def _cursor(last_event_id: str | None) -> dict[str, int]:
    if not last_event_id:
        return {}
    try:
        return parse_cursor(last_event_id)
    except ValueError as error:
        raise invalid("header.Last-Event-ID", f"{error}.") from None


def _unavailable(detail: str) -> ProblemError:
    return ProblemError(503, detail, kind="unavailable", headers={"Retry-After": "2"})
