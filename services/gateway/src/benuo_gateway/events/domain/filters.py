"""Subject filters (``ppu.governance.>``) and the per-stream plan they turn into.

JetStream keeps one stream per pillar, and a consumer reads one stream, so a caller's
filters are split by pillar: a wildcard in the pillar position fans out to every pillar
the caller may read. A consumer refuses overlapping filters, so a filter that another
one already covers is dropped, and two that only partly overlap are refused.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from benuo_contract import Pillar, event_types

MAX_FILTERS = 10
_LITERAL = re.compile(r"^[a-z0-9_]+$")
# Subjects are ppu.<pillar>.<entity>.<action>: four tokens.
_SUBJECT_TOKENS = 4


def event_pillars() -> frozenset[Pillar]:
    """Pillars that publish events (each has a stream)."""
    return frozenset(entry.pillar for entry in event_types())


@dataclass(frozen=True)
class SubjectFilter:
    tokens: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> SubjectFilter:
        tokens = tuple(text.strip().split("."))
        if tokens[0] != "ppu":
            raise ValueError(f"{text!r}: filters start with 'ppu.', e.g. 'ppu.governance.>'")
        for index, word in enumerate(tokens):
            if word == ">" and index != len(tokens) - 1:
                raise ValueError(f"{text!r}: '>' may only be the last token")
            if word not in ("*", ">") and not _LITERAL.match(word):
                raise ValueError(f"{text!r}: tokens are lower-case words, '*' or a final '>'")
        too_long = len(tokens) > _SUBJECT_TOKENS
        too_short = tokens[-1] != ">" and len(tokens) < _SUBJECT_TOKENS
        if len(tokens) < 2 or too_long or too_short:
            raise ValueError(
                f"{text!r} matches no subject: subjects are ppu.<pillar>.<entity>.<action>"
            )
        pillar = tokens[1]
        known = {p.value for p in event_pillars()}
        if pillar not in ("*", ">") and pillar not in known:
            raise ValueError(
                f"{text!r}: unknown pillar {pillar!r}; known: {', '.join(sorted(known))}"
            )
        return cls(tokens)

    @property
    def text(self) -> str:
        return ".".join(self.tokens)

    @property
    def pillar(self) -> Pillar | None:
        """The one pillar this filter names, or None when it is a wildcard there."""
        return None if self.tokens[1] in ("*", ">") else Pillar(self.tokens[1])

    def for_pillar(self, pillar: Pillar) -> SubjectFilter:
        if self.tokens[1] == ">":
            return SubjectFilter(("ppu", pillar.value, ">"))
        return SubjectFilter(("ppu", pillar.value, *self.tokens[2:]))

    def covers(self, other: SubjectFilter) -> bool:
        """Every subject ``other`` matches, this matches too."""
        for index, word in enumerate(self.tokens):
            if word == ">":
                return len(other.tokens) > index
            if index >= len(other.tokens) or other.tokens[index] == ">":
                return False
            if word not in ("*", other.tokens[index]):
                return False
        return len(self.tokens) == len(other.tokens)

    def overlaps(self, other: SubjectFilter) -> bool:
        """Some subject matches both."""
        for mine, theirs in zip(self.tokens, other.tokens, strict=False):
            if ">" in (mine, theirs):
                return True
            if "*" not in (mine, theirs) and mine != theirs:
                return False
        return len(self.tokens) == len(other.tokens)


def parse_filters(texts: Iterable[str]) -> list[SubjectFilter]:
    """Validated filters, duplicates removed; ValueError saying what to fix otherwise."""
    filters: list[SubjectFilter] = []
    for text in texts:
        if not text.strip():
            continue
        parsed = SubjectFilter.parse(text)
        if parsed not in filters:
            filters.append(parsed)
    if not filters:
        raise ValueError("Give at least one subject filter, e.g. 'ppu.governance.>'.")
    if len(filters) > MAX_FILTERS:
        raise ValueError(f"At most {MAX_FILTERS} subject filters, please.")
    return filters


def plan_streams(
    filters: Iterable[SubjectFilter], readable: Collection[Pillar]
) -> dict[str, list[str]]:
    """Stream name -> the filters to read from it, for a caller who may read ``readable``.

    A filter naming a pillar outside ``readable`` raises ``PermissionError``; wildcards
    only reach the readable pillars.
    """
    per_stream: dict[str, list[SubjectFilter]] = {}
    for subject_filter in filters:
        named = subject_filter.pillar
        if named is not None and named not in readable:
            raise PermissionError(f"{subject_filter.text}: you may not read {named.value} events")
        for pillar in sorted([named] if named is not None else readable):
            per_stream.setdefault(pillar.stream, []).append(subject_filter.for_pillar(pillar))
    return {stream: _without_overlaps(found) for stream, found in sorted(per_stream.items())}


def _without_overlaps(filters: list[SubjectFilter]) -> list[str]:
    kept: list[SubjectFilter] = []
    for candidate in filters:
        if any(other.covers(candidate) for other in kept):
            continue
        kept = [other for other in kept if not candidate.covers(other)]
        clash = next((other for other in kept if other.overlaps(candidate)), None)
        if clash is not None:
            raise ValueError(
                f"{clash.text} and {candidate.text} overlap; use one filter covering both"
            )
        kept.append(candidate)
    return sorted(subject_filter.text for subject_filter in kept)
