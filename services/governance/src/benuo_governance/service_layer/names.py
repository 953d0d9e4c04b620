"""Display names of categories, agencies and places, loaded once per HTTP request."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from benuo_governance.persistence.catalogue import Agency, ServiceCategory
from benuo_runtime.regions import ppu_regions


@dataclass(frozen=True)
class Names:
    services: dict[str, ServiceCategory]
    agencies: dict[str, str]

    @classmethod
    def load(cls, session: Session) -> Names:
        return cls(
            services={c.code: c for c in session.exec(select(ServiceCategory))},
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
