"""Our catalogue and requests in GeoReport v2's shapes, field by field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from benuo_contract.events.governance import RequestStatus
from benuo_governance.domain.attributes import AttributeDefinition
from benuo_governance.domain.text import redact_contact_details
from benuo_governance.domain.workflow import open311_status
from benuo_governance.open311.render import timestamp
from benuo_governance.persistence.catalogue import ServiceCategory
from benuo_governance.persistence.requests import RequestUpdate, ServiceRequest
from benuo_governance.service_layer.names import Names


def service(category: ServiceCategory) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(category.attributes),
        "type": "realtime",
        "keywords": ", ".join(category.keywords),
        "group": category.group,
    }


def definition(category: ServiceCategory) -> dict[str, Any]:
    attributes = sorted(
        (AttributeDefinition.model_validate(a) for a in category.attributes), key=lambda a: a.order
    )
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": a.variable,
                "code": a.code,
                "datatype": a.datatype.value,
                "required": a.required,
                "datatype_description": a.datatype_description,
                "order": a.order,
                "description": a.description,
                "values": [{"key": v.key, "name": v.name} for v in a.values],
            }
            for a in attributes
        ],
    }


def service_notice(code: str, names: Names, verification_days: int) -> str:
    label = names.services[code]
    return (
        f"Diverifikasi dalam {verification_days} hari kerja, lalu ditindaklanjuti "
        f"{names.agency(label.agency_code)} dalam {label.sla_working_days} hari kerja."
    )


def status_notes(request: ServiceRequest, last_public_note: str | None) -> str:
    """The detailed status (GeoReport has only open/closed), then the latest public note."""
    notes = request.status
    if request.duplicate_of:
        notes += f" (of {request.duplicate_of})"
    if last_public_note:
        notes += f": {redact_contact_details(last_public_note)}"
    return notes


def request(
    row: ServiceRequest,
    names: Names,
    *,
    verification_days: int,
    last_note: str | None,
    public_history: Sequence[RequestUpdate] | None = None,
) -> dict[str, Any]:
    """One GeoReport request; with ``public_history``, the extension fields too."""
    item: dict[str, Any] = {
        "service_request_id": row.public_id,
        "status": open311_status(RequestStatus(row.status)),
        "status_notes": status_notes(row, last_note),
        "service_name": names.service(row.service_code),
        "service_code": row.service_code,
        "description": redact_contact_details(row.description),
        "agency_responsible": names.agency(row.agency_code),
        "service_notice": service_notice(row.service_code, names, verification_days),
        "requested_datetime": timestamp(row.submitted_at),
        "updated_datetime": timestamp(row.updated_at),
        "expected_datetime": timestamp(row.follow_up_due_at),
        "address": row.address,
        "address_id": None,
        "zipcode": None,
        "lat": row.lat,
        "long": row.lng,
        "media_url": row.media_urls[0] if row.media_urls else None,
    }
    if public_history is not None:
        item["extended_attributes"] = {
            "detailed_status": row.status,
            "kecamatan_code": row.kecamatan_code,
            "kecamatan_name": names.place(row.kecamatan_code),
            "desa_code": row.desa_code,
            "desa_name": names.place(row.desa_code),
            "facility_ref": row.facility_ref,
            "duplicate_of": row.duplicate_of,
        }
        item["notes"] = [
            {
                "datetime": timestamp(u.at),
                "summary": u.to_status or "comment",
                "type": "status_change" if u.to_status else "comment",
                "description": redact_contact_details(u.note) if u.note else None,
            }
            for u in public_history
        ]
    return item
