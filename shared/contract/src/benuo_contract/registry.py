"""The registry of event types: each a versioned payload model bound to a subject."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from benuo_contract.envelope import CloudEvent
from benuo_contract.subjects import Pillar, parse_subject

SCHEMA_URI_PREFIX = "urn:ppu:benuo:schema:"


class EventPayload(BaseModel):
    """Base of every payload model. Unknown fields are ignored so additive changes stay v1."""

    model_config = ConfigDict(extra="ignore", frozen=True)


PayloadT = TypeVar("PayloadT", bound=EventPayload)


@dataclass(frozen=True)
class EventType:
    """One versioned event type: ``<subject>.v<version>`` carrying ``payload``."""

    subject: str
    version: int
    payload: type[EventPayload]
    summary: str
    subject_field: str
    example: EventPayload

    @property
    def name(self) -> str:
        return f"{self.subject}.v{self.version}"

    @property
    def pillar(self) -> Pillar:
        return parse_subject(self.subject)[0]

    @property
    def source(self) -> str:
        return self.pillar.source

    @property
    def dataschema(self) -> str:
        return f"{SCHEMA_URI_PREFIX}{self.name}"

    @property
    def envelope(self) -> type[CloudEvent[Any]]:
        return _envelope_of(self.payload)


@cache
def _envelope_of(payload: type[EventPayload]) -> type[CloudEvent[Any]]:
    # Parametrising a generic model costs more than validating a small event: do it once.
    return CloudEvent[payload]  # type: ignore[valid-type]


_REGISTRY: dict[str, EventType] = {}
_BY_PAYLOAD: dict[type[EventPayload], EventType] = {}


def event_type(
    subject: str, *, version: int, subject_field: str, summary: str, example: dict[str, Any]
) -> Callable[[type[PayloadT]], type[PayloadT]]:
    """Register a payload model as the data of ``<subject>.v<version>``.

    ``subject_field`` names the payload field whose value becomes the CloudEvent ``subject``
    (the entity id), which is also what per-entity ordering keys on. ``example`` is a valid
    payload: it is checked here and published in the AsyncAPI document.
    """

    def register(payload: type[PayloadT]) -> type[PayloadT]:
        parse_subject(subject)
        if subject_field not in payload.model_fields:
            raise ValueError(f"{payload.__name__} has no field {subject_field!r}")
        entry = EventType(
            subject,
            version,
            payload,
            summary.strip(),
            subject_field,
            payload.model_validate(example),
        )
        if entry.name in _REGISTRY:
            raise ValueError(f"event type {entry.name} is registered twice")
        _REGISTRY[entry.name] = entry
        _BY_PAYLOAD[payload] = entry
        return payload

    return register


def event_types() -> Iterator[EventType]:
    """Every registered event type, in a stable order."""
    _load_pillars()
    return iter(sorted(_REGISTRY.values(), key=lambda entry: entry.name))


def lookup(name: str) -> EventType:
    """The event type called ``name``; KeyError when the contract does not know it."""
    _load_pillars()
    return _REGISTRY[name]


def type_of(payload: EventPayload | type[EventPayload]) -> EventType:
    """The event type a payload model is registered as."""
    _load_pillars()
    model = payload if isinstance(payload, type) else type(payload)
    return _BY_PAYLOAD[model]


def new_event(
    payload: EventPayload,
    *,
    time: datetime | None = None,
    event_id: uuid.UUID | None = None,
    traceparent: str | None = None,
    tracestate: str | None = None,
) -> CloudEvent[Any]:
    """Wrap a payload in its envelope, with a fresh id and the current UTC time by default."""
    entry = type_of(payload)
    return entry.envelope(
        id=event_id or uuid.uuid4(),
        source=entry.source,
        type=entry.name,
        subject=str(getattr(payload, entry.subject_field)),
        time=time or datetime.now(UTC),
        dataschema=entry.dataschema,
        traceparent=traceparent,
        tracestate=tracestate,
        data=payload,
    )


class UnknownEventType(LookupError):
    """The envelope names a type this version of the contract does not know."""


def parse_event(body: bytes | str) -> CloudEvent[Any]:
    """Parse structured-mode JSON into the typed envelope of its registered type.

    Raises ``UnknownEventType`` for a type outside the contract and
    ``pydantic.ValidationError`` when the envelope or its data does not validate.
    """
    raw = _EnvelopeHead.model_validate_json(body)
    try:
        entry = lookup(raw.type)
    except KeyError:
        raise UnknownEventType(raw.type) from None
    return entry.envelope.model_validate_json(body)


class _EnvelopeHead(BaseModel):
    type: str


def _load_pillars() -> None:
    # The pillar modules register themselves on import; importing here keeps lookups complete
    # even for a caller that imported only this module.
    from benuo_contract import events  # noqa: F401
