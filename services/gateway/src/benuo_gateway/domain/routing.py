"""Which upstream service answers a path."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

API_PREFIX = "/api/v1/"
OPEN311_PREFIX = "/open311/v2"
OPEN311_OWNER = "governance"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
IDEMPOTENT_METHODS = SAFE_METHODS | {"PUT", "DELETE"}


@dataclass(frozen=True)
class Upstream:
    name: str
    base_url: str


class RouteTable:
    """``/api/v1/<name>/...`` goes to the service ``name``; ``/open311/v2/...`` to governance."""

    def __init__(self, upstreams: Mapping[str, str]) -> None:
        self.upstreams = {
            name: Upstream(name, url.rstrip("/")) for name, url in sorted(upstreams.items())
        }
        self._by_prefix = {f"{API_PREFIX}{name}": up for name, up in self.upstreams.items()}
        self._open311 = self.upstreams.get(OPEN311_OWNER)

    def match(self, path: str) -> Upstream | None:
        if path.startswith(API_PREFIX):
            end = path.find("/", len(API_PREFIX))
            return self._by_prefix.get(path if end == -1 else path[:end])
        if self._open311 is not None and (
            path == OPEN311_PREFIX or path.startswith(OPEN311_PREFIX + "/")
        ):
            return self._open311
        return None


def is_api_path(path: str) -> bool:
    """Paths the gateway authenticates and rate-limits (docs, health and metrics are not)."""
    return path.startswith((API_PREFIX, OPEN311_PREFIX))
