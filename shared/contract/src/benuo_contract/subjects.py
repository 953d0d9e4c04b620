"""Subject names: ``ppu.<pillar>.<entity>.<action>``, one JetStream stream per pillar."""

from __future__ import annotations

import re
from enum import StrEnum

SUBJECT_ROOT = "ppu"
DLQ_STREAM = "DLQ"
DLQ_SUBJECT_PREFIX = "benuo.dlq"

_WORD = r"[a-z][a-z0-9_]*"
SUBJECT_PATTERN = re.compile(rf"^{SUBJECT_ROOT}\.({_WORD})\.({_WORD})\.({_WORD})$")


class Pillar(StrEnum):
    """The master plan's six pillars, plus ``platform`` for the platform's own events."""

    GOVERNANCE = "governance"
    SOCIETY = "society"
    BRANDING = "branding"
    ECONOMY = "economy"
    LIVING = "living"
    ENVIRONMENT = "environment"
    PLATFORM = "platform"

    @property
    def stream(self) -> str:
        """The JetStream stream that holds this pillar's events."""
        return self.value.upper()

    @property
    def wildcard(self) -> str:
        """The subject filter that matches every event of this pillar."""
        return f"{SUBJECT_ROOT}.{self.value}.>"

    @property
    def source(self) -> str:
        """The CloudEvents ``source`` of events produced by this pillar."""
        return f"/ppu/{self.value}"


def subject(pillar: Pillar, entity: str, action: str) -> str:
    """Build a subject and check it against the naming rule."""
    name = f"{SUBJECT_ROOT}.{pillar.value}.{entity}.{action}"
    parse_subject(name)
    return name


def parse_subject(name: str) -> tuple[Pillar, str, str]:
    """Split a subject into pillar, entity and action; ValueError when it breaks the rule."""
    match = SUBJECT_PATTERN.match(name)
    if match is None:
        raise ValueError(f"{name!r} is not a subject of the form ppu.<pillar>.<entity>.<action>")
    pillar, entity, action = match.groups()
    try:
        return Pillar(pillar), entity, action
    except ValueError:
        raise ValueError(f"{name!r} names an unknown pillar {pillar!r}") from None


def dlq_subject(consumer: str) -> str:
    """Where a consumer's dead letters are published."""
    return f"{DLQ_SUBJECT_PREFIX}.{consumer}"
