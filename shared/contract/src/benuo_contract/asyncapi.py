"""The AsyncAPI 3.0 document, generated from the registry so it cannot drift from the code."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from benuo_contract.envelope import CONTENT_TYPE
from benuo_contract.registry import EventType, event_types
from benuo_contract.schemas import envelope_schema
from benuo_contract.subjects import DLQ_STREAM

CONTRACT_VERSION = "1.0.0"
_COMPONENT_REF = "#/components/schemas/{model}"

_HEADERS: dict[str, Any] = {
    "type": "object",
    "properties": {
        "Nats-Msg-Id": {
            "type": "string",
            "description": "The CloudEvent id; JetStream drops a repeat within the dedup window.",
        },
        "Content-Type": {"type": "string", "const": CONTENT_TYPE},
        "traceparent": {"type": "string", "description": "W3C trace context of the publish."},
        "tracestate": {"type": "string"},
    },
    "required": ["Nats-Msg-Id"],
}

_DESCRIPTION = """\
Events of Benuo, the smart-city platform of Kabupaten Penajam Paser Utara.

Every message is a CloudEvents 1.0 envelope in structured JSON mode. Each pillar has one
JetStream stream (GOVERNANCE on `ppu.governance.>`, and so on); dead letters go to the
`{dlq}` stream. Delivery is at least once: deduplicate on the CloudEvent `id`. Event types
are versioned (`.v1`); a breaking change is published as a new version beside the old one.
Payloads carry no personal data (UU 27/2022). Entity events carry a `version` that grows by
one with each change, so a consumer can ignore stale or reordered events.
"""


def _channel_id(entry: EventType) -> str:
    return entry.subject.removeprefix("ppu.")


def build_asyncapi() -> dict[str, Any]:
    """The whole AsyncAPI 3.0 document as a JSON-ready dict, stable from run to run."""
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for entry in event_types():
        payload = envelope_schema(entry, ref_template=_COMPONENT_REF)
        schemas.update(payload.pop("$defs", {}))
        messages[entry.name] = {
            "name": entry.name,
            "title": entry.payload.__name__,
            "summary": entry.summary,
            "contentType": CONTENT_TYPE,
            "headers": _HEADERS,
            "payload": payload,
            "examples": [{"name": "example", "payload": _example_envelope(entry)}],
        }
        channel = channels.setdefault(
            _channel_id(entry),
            {
                "address": entry.subject,
                "description": f"Stream {entry.pillar.stream}.",
                "messages": {},
            },
        )
        channel["messages"][entry.name] = {"$ref": f"#/components/messages/{entry.name}"}
    for channel_id, channel in channels.items():
        operations[f"receive.{channel_id}"] = {
            "action": "receive",
            "channel": {"$ref": f"#/channels/{channel_id}"},
            "summary": f"Consume {channel['address']}",
            "messages": [
                {"$ref": f"#/channels/{channel_id}/messages/{name}"} for name in channel["messages"]
            ],
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Benuo events",
            "version": CONTRACT_VERSION,
            "description": _DESCRIPTION.format(dlq=DLQ_STREAM),
            "license": {"name": "Apache-2.0"},
        },
        "defaultContentType": CONTENT_TYPE,
        "servers": {
            "local": {
                "host": "localhost:14222",
                "protocol": "nats",
                "description": "The embedded NATS that `make run` starts.",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": dict(sorted(schemas.items()))},
        "x-streams": {
            pillar.stream: pillar.wildcard for pillar in sorted({e.pillar for e in event_types()})
        },
    }


def _example_envelope(entry: EventType) -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": "6f1c2d7e-93a4-4b8e-9a51-0c6f7d2b1e10",
        "source": entry.source,
        "type": entry.name,
        "subject": str(getattr(entry.example, entry.subject_field)),
        "time": "2026-11-27T02:10:05Z",
        "datacontenttype": "application/json",
        "dataschema": entry.dataschema,
        "data": entry.example.model_dump(mode="json"),
    }


def render_asyncapi() -> str:
    """The document as committed: indented JSON with a final newline."""
    return json.dumps(build_asyncapi(), indent=2, ensure_ascii=False) + "\n"


def committed_asyncapi() -> str:
    """The document shipped with the installed package."""
    return resources.files("benuo_contract").joinpath("asyncapi.json").read_text(encoding="utf-8")
