"""Benuo's event contract: what integrators and services agree on, and nothing else.

Depends on pydantic only, so an integrator can ``pip install benuo-contract`` alone::

    from benuo_contract import parse_event
    from benuo_contract.events.governance import RequestCreatedV1

    event = parse_event(message.data)
    if isinstance(event.data, RequestCreatedV1):
        ...
"""

from benuo_contract.asyncapi import build_asyncapi, render_asyncapi
from benuo_contract.envelope import CONTENT_TYPE, CloudEvent
from benuo_contract.registry import (
    EventPayload,
    EventType,
    UnknownEventType,
    event_type,
    event_types,
    lookup,
    new_event,
    parse_event,
    type_of,
)
from benuo_contract.schemas import envelope_schema, standalone_schema
from benuo_contract.subjects import DLQ_STREAM, Pillar, dlq_subject, parse_subject, subject
from benuo_contract.types import DesaCode, GeoPoint, KecamatanCode

__all__ = [
    "CONTENT_TYPE",
    "DLQ_STREAM",
    "CloudEvent",
    "DesaCode",
    "EventPayload",
    "EventType",
    "GeoPoint",
    "KecamatanCode",
    "Pillar",
    "UnknownEventType",
    "build_asyncapi",
    "dlq_subject",
    "envelope_schema",
    "event_type",
    "event_types",
    "lookup",
    "new_event",
    "parse_event",
    "parse_subject",
    "render_asyncapi",
    "standalone_schema",
    "subject",
    "type_of",
]
