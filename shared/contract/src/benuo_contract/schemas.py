"""JSON Schema (draft 2020-12) of each event type's envelope, as integrators validate it."""

from __future__ import annotations

from typing import Any

from benuo_contract.envelope import CONTENT_TYPE
from benuo_contract.registry import EventType

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def envelope_schema(entry: EventType, *, ref_template: str = "#/$defs/{model}") -> dict[str, Any]:
    """The schema of a whole CloudEvent of this type, ``type`` and ``source`` pinned."""
    schema = entry.envelope.model_json_schema(ref_template=ref_template, mode="serialization")
    properties = schema["properties"]
    properties["type"] = {"const": entry.name, "type": "string"}
    properties["source"] = {"const": entry.source, "type": "string"}
    properties["dataschema"] = {"const": entry.dataschema, "type": "string"}
    schema["title"] = entry.name
    schema["description"] = f"{entry.summary} CloudEvents 1.0, structured mode ({CONTENT_TYPE})."
    schema["required"] = sorted({*schema.get("required", ()), "dataschema", "subject"})
    return schema


def standalone_schema(entry: EventType) -> dict[str, Any]:
    """``envelope_schema`` as a self-contained document with ``$schema`` and ``$id``."""
    return {"$schema": JSON_SCHEMA_DIALECT, "$id": entry.dataschema, **envelope_schema(entry)}
