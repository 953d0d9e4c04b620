"""Open311 GeoReport v2 clients send their key as the form field ``api_key`` of a POST.

The gateway checks API keys, so it reads that field as if it had come in ``X-API-Key`` and
passes the rest of the form on: the secret never reaches the service or its logs.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

_POST_REQUEST = re.compile(r"^/open311/v2/requests\.(json|xml)$")
_FORM = "application/x-www-form-urlencoded"


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
