"""Who may read which events.

Events carry no personal data, so every signed-in caller may read every pillar. A caller
whose credentials carry ``events:<pillar>`` scopes (an integrator's API key, typically) is
limited to those pillars. Anonymous callers are refused before this rule is asked.
"""

from __future__ import annotations

from collections.abc import Iterable

from benuo_contract import Pillar
from benuo_gateway.events.domain.filters import event_pillars

EVENTS_SCOPE_PREFIX = "events:"


def readable_pillars(scopes: Iterable[str]) -> frozenset[Pillar]:
    granted = {
        scope.removeprefix(EVENTS_SCOPE_PREFIX)
        for scope in scopes
        if scope.startswith(EVENTS_SCOPE_PREFIX)
    }
    pillars = event_pillars()
    if not granted:
        return pillars
    return frozenset(pillar for pillar in pillars if pillar.value in granted)
