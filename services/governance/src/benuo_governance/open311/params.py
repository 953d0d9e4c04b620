"""Reading Open311 input: the GET requests query and the POST requests form."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from benuo_governance.domain.workflow import CLOSED_STATUSES, OPEN_STATUSES
from benuo_governance.open311.errors import Open311Error
from benuo_governance.service_layer.commands import NewRequest
from benuo_governance.service_layer.queries import RequestFilters
from benuo_runtime.problems import validation_errors

DEFAULT_SPAN = timedelta(days=90)  # the spec's default: the last 90 days ...
MAX_PAGE_SIZE = 1000  # ... or the first 1000 requests, whichever is smaller
MAX_IDS = 100
_ATTRIBUTE = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")
_STATUSES = {"open": OPEN_STATUSES, "closed": CLOSED_STATUSES}


@dataclass(frozen=True)
class RequestsQuery:
    filters: RequestFilters
    page: int
    page_size: int
    extensions: bool


def _list(params: Mapping[str, str], name: str) -> list[str]:
    return [part.strip() for part in params.get(name, "").split(",") if part.strip()]


def _moment(params: Mapping[str, str], name: str) -> datetime | None:
    raw = params.get(name)
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise Open311Error(400, f"{name} must be an ISO 8601 date-time with a time zone.")
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # the calendar's first or last hours, in a far time zone
        raise Open311Error(400, f"{name} is out of range.") from None


def _whole(params: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise Open311Error(400, f"{name} must be a whole number from {low} to {high}.")
    return int(raw)


def requests_query(params: Mapping[str, str], now: datetime) -> RequestsQuery:
    ids = _list(params, "service_request_id")
    if len(ids) > MAX_IDS:
        raise Open311Error(400, f"Ask for at most {MAX_IDS} service_request_id values at once.")
    unknown = [s for s in _list(params, "status") if s not in _STATUSES]
    if unknown:
        raise Open311Error(400, f"status must be open or closed (comma-separated), not {unknown}.")
    statuses = sorted({s for name in _list(params, "status") for s in _STATUSES[name]})
    start, end = _moment(params, "start_date"), _moment(params, "end_date")
    if start is None and not ids:
        start = (end or now) - DEFAULT_SPAN
    extensions = params.get("extensions", "false").lower()
    if extensions not in ("true", "false"):
        raise Open311Error(400, "extensions must be true or false.")
    # service_request_id overrides every other filter (GeoReport v2).
    filters = (
        RequestFilters(public_ids=ids)
        if ids
        else RequestFilters(
            statuses=statuses,
            service_codes=_list(params, "service_code"),
            submitted_from=start,
            submitted_before=end,
            updated_after=_moment(params, "updated_after"),
            updated_before=_moment(params, "updated_before"),
        )
    )
    return RequestsQuery(
        filters=filters,
        page=_whole(params, "page", 1, 1, 100_000),
        page_size=_whole(params, "page_size", MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE),
        extensions=extensions == "true",
    )


def _attributes(form: FormData) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for key in form:
        match = _ATTRIBUTE.match(key)
        if match:
            values = [str(v) for v in form.getlist(key)]
            answers[match.group(1)] = values if match.group(2) else values[-1]
    return answers


def new_request(form: FormData, *, default_description: str) -> NewRequest:
    """The form as a ``NewRequest``; 400 naming each field that is missing or wrong."""
    field = {key: str(form[key]) for key in form if not _ATTRIBUTE.match(key)}
    if "lat" not in field or "long" not in field:
        raise Open311Error(400, "lat and long are required: say where the problem is.")
    name = " ".join(p for p in (field.get("first_name"), field.get("last_name")) if p) or None
    contact = {"name": name, "phone": field.get("phone"), "email": field.get("email")}
    try:
        return NewRequest.model_validate(
            {
                "service_code": field["service_code"],
                "description": field.get("description") or default_description,
                "location": {"lat": field["lat"], "lng": field["long"]},
                "address": field.get("address_string") or None,
                "media_urls": [field["media_url"]] if field.get("media_url") else [],
                "attributes": _attributes(form),
                "reporter": {k: v for k, v in contact.items() if v} or None,
            }
        )
    except ValidationError as error:
        fields = validation_errors(error.errors())
        names = {"location.lat": "lat", "location.lng": "long", "address": "address_string"}
        raise Open311Error(
            400,
            "; ".join(f"{names.get(e['field'], e['field'])}: {e['message']}" for e in fields),
        ) from None
