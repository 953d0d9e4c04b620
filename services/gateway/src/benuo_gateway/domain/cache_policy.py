"""What the gateway may cache, for how long, and which events make an entry stale.

Only anonymous GETs are cached by default: that is the public view, the same for everyone.
Each upstream's public reads are cached with the default TTL and invalidated by any event of
that pillar; the rules below narrow that for the read models we know (a facility event
invalidates facility lists, not the cost-of-living index) or lengthen the TTL. The TTL is only
a backstop: events invalidate within a second.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from benuo_contract import parse_subject
from benuo_gateway.domain.routing import Upstream

EVERY_EVENT = "*"


@dataclass(frozen=True)
class CacheRule:
    prefix: str
    ttl_seconds: float
    tags: tuple[str, ...]
    shared_by_everyone: bool = False  # the response never depends on the caller


KNOWN_READ_MODELS = (
    CacheRule("/api/v1/dashboard", 60, (EVERY_EVENT,), shared_by_everyone=True),
    CacheRule("/api/v1/living/facilities", 300, ("living.facility",)),
    CacheRule("/api/v1/living/cost-index", 300, ("living.cost_index",)),
    CacheRule("/api/v1/economy/prices", 300, ("economy.price",)),
    CacheRule("/api/v1/economy/businesses", 300, ("economy.business",)),
    CacheRule("/open311/v2/services", 3600, ("governance.service",)),
    CacheRule("/open311/v2/requests", 120, ("governance.request",)),
)


class CachePolicy:
    def __init__(self, default_ttl_seconds: float, rules: Iterable[CacheRule] = KNOWN_READ_MODELS):
        # Longest prefix first, so a specific rule beats a general one.
        self._rules = sorted(rules, key=lambda rule: len(rule.prefix), reverse=True)
        self._default_ttl = default_ttl_seconds
        self._known: dict[str, CacheRule | None] = {}

    def rule_for(self, path: str, upstream: Upstream | None) -> CacheRule | None:
        if path not in self._known:
            if len(self._known) > 10_000:
                self._known.clear()
            self._known[path] = self._find(path, upstream)
        return self._known[path]

    def _find(self, path: str, upstream: Upstream | None) -> CacheRule | None:
        for rule in self._rules:
            if path == rule.prefix or path.startswith((rule.prefix + "/", rule.prefix + ".")):
                return rule
        if upstream is None:
            return None
        return CacheRule("", self._default_ttl, (upstream.name,))


def tags_for_subject(subject: str) -> tuple[str, ...]:
    """The tags an event on ``subject`` invalidates: its pillar, its entity, and ``*``."""
    try:
        pillar, entity, _ = parse_subject(subject)
    except ValueError:
        return ()
    return (EVERY_EVENT, pillar.value, f"{pillar.value}.{entity}")


def cache_lifetime(cache_control: str | None, has_cookie: bool, ttl_seconds: float) -> float | None:
    """How long a 200 may be kept: the rule's TTL, shortened by the origin's ``max-age``;
    None when the origin forbids shared caching."""
    if has_cookie:
        return None
    directives = [part.strip().lower() for part in (cache_control or "").split(",")]
    if any(d in ("no-store", "private", "no-cache") for d in directives):
        return None
    for directive in directives:
        name, _, value = directive.partition("=")
        if name in ("max-age", "s-maxage") and value.isdigit():
            ttl_seconds = min(ttl_seconds, float(value))
    return ttl_seconds if ttl_seconds > 0 else None
