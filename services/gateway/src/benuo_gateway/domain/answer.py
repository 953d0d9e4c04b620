"""An HTTP answer as the edge handles it: from a service, the gateway's routes or a store."""

from __future__ import annotations

from dataclasses import dataclass

Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True)
class OriginResponse:
    status: int
    headers: Headers  # lower-case names, without hop-by-hop or length headers
    body: bytes
