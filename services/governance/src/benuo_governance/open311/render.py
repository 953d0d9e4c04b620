"""One payload, two formats: JSON as is, XML with GeoReport's element names."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal
from xml.etree.ElementTree import Element, SubElement, tostring

from fastapi import Response

from benuo_governance.domain.calendar import WITA

Format = Literal["json", "xml"]
# GeoReport names each list's items; the JSON arrays map to these XML elements.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "notes": "note",
}
MEDIA_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}


def timestamp(moment: datetime | None) -> str | None:
    """ISO 8601 with the zone, in PPU's local time (WITA), as the spec asks."""
    return moment.astimezone(WITA).isoformat(timespec="seconds") if moment else None


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _append(parent: Element, name: str, value: Any) -> None:
    element = SubElement(parent, name)
    if isinstance(value, dict):
        for key, child in value.items():
            _append(element, key, child)
    elif isinstance(value, list):
        for item in value:
            _append(element, ITEM_NAMES[name], item)
    elif value is not None:
        element.text = _scalar(value)


def to_xml(root: str, payload: dict[str, Any] | list[Any]) -> bytes:
    element = Element(root)
    if isinstance(payload, list):
        for item in payload:
            _append(element, ITEM_NAMES[root], item)
    else:
        for key, value in payload.items():
            _append(element, key, value)
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(element, encoding="unicode").encode()
    )


def respond(
    payload: dict[str, Any] | list[Any], fmt: Format, *, root: str, status_code: int = 200
) -> Response:
    if fmt == "xml":
        body = to_xml(root, payload)
    else:
        body = json.dumps(payload, ensure_ascii=False).encode()
    return Response(body, status_code=status_code, media_type=MEDIA_TYPES[fmt])
