"""Opaque page cursors: the (submitted_at, id) of the last item a page showed."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from benuo_runtime.problems import ProblemError


def encode_cursor(submitted_at: datetime, request_id: int | None) -> str:
    raw = json.dumps([submitted_at.isoformat(), request_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw: Any = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        at, last_id = datetime.fromisoformat(raw[0]), int(raw[1])
        if at.tzinfo is None:
            raise ValueError("naive")
        return at, last_id
    except (ValueError, TypeError, IndexError, KeyError, binascii.Error):
        raise ProblemError(
            400,
            "The cursor is not one this API gave out; start again without it.",
            kind="bad-cursor",
        ) from None
