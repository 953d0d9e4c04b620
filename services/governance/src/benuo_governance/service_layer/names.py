"""Display names of categories, agencies and places, cached for a few seconds per process.

Every list and detail shows them; reading them once per HTTP request was half the queries
of a list page. A rename by an admin shows at once in the replica that made it and within
``ttl_seconds`` in the others.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlmodel import Session, select

from benuo_governance.persistence.catalogue import Agency, ServiceCategory
from benuo_runtime.regions import ppu_regions


@dataclass(frozen=True)
class ServiceLabel:
    name: str
    agency_code: str
    sla_working_days: int


@dataclass(frozen=True)
class Names:
    services: dict[str, ServiceLabel]
    agencies: dict[str, str]

    @classmethod
    def load(cls, session: Session) -> Names:
        c = ServiceCategory
        labels = select(c.code, c.name, c.agency_code, c.sla_working_days)
        return cls(
            services={
                code: ServiceLabel(name, agency_code, days)
                for code, name, agency_code, days in session.exec(labels)
            },
            agencies={a.code: a.name for a in session.exec(select(Agency))},
        )

    def service(self, code: str) -> str:
        found = self.services.get(code)
        return found.name if found else code

    def agency(self, code: str) -> str:
        return self.agencies.get(code, code)

    @staticmethod
    def place(code: str) -> str:
        region = ppu_regions().get(code)
        return region.name if region else code


class NamesCache:
    def __init__(self, ttl_seconds: float = 10.0) -> None:
        self._ttl = ttl_seconds
        self._lock = threading.Lock()
        self._names: Names | None = None
        self._loaded_at = 0.0

    def get(self, session: Session) -> Names:
        with self._lock:
            if self._names is None or time.monotonic() - self._loaded_at > self._ttl:
                self._names = Names.load(session)
                self._loaded_at = time.monotonic()
            return self._names

    def clear(self) -> None:
        with self._lock:
            self._names = None
