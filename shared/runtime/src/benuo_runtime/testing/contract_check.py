"""Check every event stored in the pillar streams against the contract."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import nats
from nats.errors import NoServersError

from benuo_contract import CONTENT_TYPE, lookup, standalone_schema
from benuo_contract.subjects import DLQ_STREAM
from benuo_runtime.testing.helpers import read_stream


@cache
def _validator(event_type: str) -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(standalone_schema(lookup(event_type)))


def problems_of(subject: str, headers: dict[str, str] | None, data: bytes) -> list[str]:
    """Why one stored message is not a valid contract event (empty when it is)."""
    from cloudevents.core.bindings.http import HTTPMessage, from_structured
    from cloudevents.core.formats.json import JSONFormat

    try:
        body = json.loads(data)
        entry = lookup(body["type"])
    except (ValueError, KeyError, TypeError):
        return [f"{subject}: not a CloudEvent of a known type: {data[:200]!r}"]
    problems = [
        f"{subject} {body['type']} at {error.json_path}: {error.message}"
        for error in _validator(body["type"]).iter_errors(body)
    ]
    if entry.subject != subject:
        problems.append(f"{body['type']} published on {subject}, not {entry.subject}")
    if (headers or {}).get("Nats-Msg-Id") != body.get("id"):
        problems.append(f"{subject}: Nats-Msg-Id is not the CloudEvent id")
    try:
        from_structured(HTTPMessage({"content-type": CONTENT_TYPE}, data), JSONFormat())
    except Exception as error:
        problems.append(f"{subject}: the CloudEvents SDK refuses it: {error!r}")
    return problems


async def check_streams(url: str) -> list[str]:
    try:
        client = await nats.connect(url, connect_timeout=2, allow_reconnect=False)
    except (NoServersError, OSError):
        return []
    problems: list[str] = []
    try:
        js = client.jetstream()
        for info in await js.streams_info():
            if info.config.name in (None, DLQ_STREAM) or not info.state.messages:
                continue
            for message in await read_stream(js, info.config.name):
                headers = dict(message.headers or {})
                if "Benuo-Replay-Of" in headers:
                    headers["Nats-Msg-Id"] = json.loads(message.data).get("id")
                problems += problems_of(message.subject, headers, message.data)
    finally:
        await client.close()
    return problems
