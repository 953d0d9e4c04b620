"""The CloudEvents 1.0 envelope in structured JSON mode."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

CONTENT_TYPE = "application/cloudevents+json"

DataT = TypeVar("DataT")

_TRACEPARENT = r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"


class CloudEvent(BaseModel, Generic[DataT]):
    """A CloudEvent whose ``data`` is one of the contract's payload models.

    Unknown extension attributes are kept, so an envelope read and written again loses nothing.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    specversion: Literal["1.0"] = "1.0"
    id: uuid.UUID = Field(description="Unique per event; consumers deduplicate on it.")
    source: str = Field(min_length=1, description="The producing pillar, e.g. /ppu/governance.")
    type: str = Field(
        min_length=1, description="Versioned event type, e.g. ppu.governance.request.created.v1."
    )
    subject: str | None = Field(
        default=None, description="The id of the entity the event is about."
    )
    time: AwareDatetime = Field(description="When the change happened, UTC, RFC 3339.")
    datacontenttype: Literal["application/json"] = "application/json"
    dataschema: str | None = Field(default=None, description="URI of the data's JSON Schema.")
    traceparent: str | None = Field(
        default=None, pattern=_TRACEPARENT, description="W3C trace context of the producing change."
    )
    tracestate: str | None = None
    data: DataT

    @field_validator("time")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    def to_json(self) -> bytes:
        """Structured-mode JSON bytes, without unset optional attributes.

        Only the envelope's absent attributes are left out: inside ``data`` a null is a value
        the payload model may require, so it is kept.
        """
        attributes = self.model_dump(mode="json", exclude={"data"}, exclude_none=True)
        data = self.model_dump(mode="json", include={"data"})["data"]
        return json.dumps(
            {**attributes, "data": data}, ensure_ascii=False, separators=(",", ":")
        ).encode()

    def extensions(self) -> dict[str, Any]:
        """Extension attributes this envelope carries beyond the ones modelled here."""
        return dict(self.model_extra or {})
