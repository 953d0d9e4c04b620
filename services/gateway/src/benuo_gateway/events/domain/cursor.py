"""The SSE event id: where the client is in every stream it reads.

A client may read several pillar streams at once, each with its own sequence numbers, so
one id names a position per stream: ``ECONOMY:7,GOVERNANCE:12`` means "every event up to
ECONOMY 7 and GOVERNANCE 12 has been sent". Sent back as ``Last-Event-ID``, it resumes
every stream right after that point.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

_ENTRY = re.compile(r"^([A-Z][A-Z0-9_]*):(\d{1,19})$")
MAX_LENGTH = 500


def format_cursor(positions: Mapping[str, int]) -> str:
    return ",".join(f"{stream}:{sequence}" for stream, sequence in sorted(positions.items()))


def parse_cursor(text: str) -> dict[str, int]:
    """Positions from an event id; ValueError saying what is wrong otherwise."""
    if len(text) > MAX_LENGTH:
        raise ValueError("the event id is too long to be one of ours")
    positions: dict[str, int] = {}
    for entry in text.split(","):
        match = _ENTRY.match(entry.strip())
        if match is None:
            raise ValueError(
                f"{entry.strip()!r} is not a position; event ids look like 'GOVERNANCE:12,LIVING:3'"
            )
        positions[match.group(1)] = int(match.group(2))
    return positions


def check_since(since: datetime, now: datetime) -> datetime:
    """A replay start must be in the past: JetStream cannot start at a future time."""
    if since > now:
        raise ValueError("'since' is in the future; leave it out to start from now")
    return since
