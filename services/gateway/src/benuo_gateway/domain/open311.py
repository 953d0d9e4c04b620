"""What the gateway does the Open311 (GeoReport v2) way under ``/open311/``.

Clients send their key as the form field ``api_key`` of a POST; the gateway checks API keys,
so it reads that field as if it had come in ``X-API-Key`` and passes the rest of the form on:
the secret never reaches the service or its logs. And the errors the gateway itself answers
there (a bad key, a rate limit, an upstream down) are GeoReport error arrays, as the
service's own are.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlencode
from xml.sax.saxutils import escape

_POST_REQUEST = re.compile(r"^/open311/v2/requests\.(json|xml)$")
_FORM = "application/x-www-form-urlencoded"
PREFIX = "/open311/"
# GeoReport speaks of 400 (bad input), 403 (bad or missing api_key) and 404 (not found).
_STATUS = {401: 403, 409: 400, 413: 400, 422: 400}


def carries_form_key(method: str, path: str, content_type: str | None) -> bool:
    """Whether this request may hold an ``api_key`` form field worth reading."""
    return (
        method == "POST"
        and _POST_REQUEST.match(path) is not None
        and (content_type or "").split(";")[0].strip().lower() == _FORM
    )


def take_api_key(body: bytes) -> tuple[str | None, bytes]:
    """The form's first ``api_key`` and the body without it; a body with no key (or that is
    not a plain ASCII form) comes back untouched."""
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError:
        return None, body
    fields = parse_qsl(text, keep_blank_values=True)
    keys = [value for name, value in fields if name == "api_key"]
    if not keys:
        return None, body
    rest = [(name, value) for name, value in fields if name != "api_key"]
    return keys[0], urlencode(rest).encode("ascii")


def is_open311(path: str) -> bool:
    return path.startswith(PREFIX)


def error_answer(path: str, status: int, description: str) -> tuple[int, bytes, bytes]:
    """Status, content type and body of a GeoReport error, in the format the path asks for."""
    status = _STATUS.get(status, status)
    if path.endswith(".xml"):
        xml = (
            '<?xml version="1.0" encoding="utf-8"?>\n<errors><error>'
            f"<code>{status}</code><description>{escape(description)}</description>"
            "</error></errors>"
        )
        return status, b"text/xml; charset=utf-8", xml.encode()
    body = json.dumps([{"code": status, "description": description}], ensure_ascii=False)
    return status, b"application/json; charset=utf-8", body.encode()
