"""Which function applies which event type, for one consumer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlmodel import Session

from benuo_contract import CloudEvent, EventPayload, type_of

Handler = Callable[[Session, CloudEvent[Any]], None]
HandlerT = TypeVar("HandlerT", bound=Handler)


class PermanentError(Exception):
    """The event can never be applied as it is: dead-letter it now instead of retrying."""


@dataclass
class EventHandlers:
    """A consumer's handlers by event type.

    A handler runs inside the consumer's database transaction: whatever it writes, including
    events it ``emit``s, commits together with the inbox entry that marks the event applied.
    """

    purpose: str
    _by_type: dict[str, Handler] = field(default_factory=dict)

    def on(self, *payloads: type[EventPayload]) -> Callable[[HandlerT], HandlerT]:
        def register(handler: HandlerT) -> HandlerT:
            for payload in payloads:
                name = type_of(payload).name
                if name in self._by_type:
                    raise ValueError(f"{self.purpose}: {name} already has a handler")
                self._by_type[name] = handler
            return handler

        return register

    def handler_for(self, event_type: str) -> Handler | None:
        return self._by_type.get(event_type)

    @property
    def subjects(self) -> list[str]:
        """Subjects to fetch: every subject that carries a handled type."""
        return sorted({name.rsplit(".", 1)[0] for name in self._by_type})
